package dev.jsalt.bench.swarm;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.minion.transport.MasterSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread serving many simulated minions' DEALER sockets (a real minion has a thread per connection; thousands of
 * those would not fit). Sockets are made and used only on this thread. Socket options are the real minion's
 * ({@link MasterSockets#dealer}, shared with {@code MasterConnection}), so reconnect behaviour after a master restart (random start interval, backoff cap) is
 * the real one. Instead of a socket monitor per minion, ZeroMQ's hello message re-sends each minion's hello on
 * every new connection, which is what the monitor is used for in the real minion.
 */
final class SwarmLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SwarmLoop.class);

    private record Outgoing(SwarmMinion minion, byte[] data) {
    }

    private final ZContext ctx;
    private final List<SwarmMinion> minions;
    private final String endpoint;
    private final byte[] masterCurvePublic;
    private final Executor workers;
    private final ConcurrentLinkedQueue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final ZMQ.Socket wakeSend;
    private final String wakeAddress;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;
    private ZMQ.Socket[] dealers;

    SwarmLoop(ZContext ctx, int number, List<SwarmMinion> minions, String host, int port, String masterCurvePublic, Executor workers) {
        this.ctx = ctx;
        this.minions = List.copyOf(minions);
        this.endpoint = "tcp://" + host + ":" + port;
        this.masterCurvePublic = ZMQ.Curve.z85Decode(CurveKeys.checkPublic(masterCurvePublic));
        this.workers = workers;
        this.wakeAddress = "inproc://jsalt-swarm-wake-" + number + "-" + System.identityHashCode(this);
        this.wakeSend = ctx.createSocket(SocketType.PUSH);
        wakeSend.setLinger(0);
        for (int i = 0; i < this.minions.size(); i++) this.minions.get(i).attach(this, i);
    }

    /** Queues {@code data} for the master on {@code minion}'s connection; any thread. */
    void send(SwarmMinion minion, byte[] data) {
        outbox.add(new Outgoing(minion, data));
        synchronized (wakeSend) {
            if (running) wakeSend.send(new byte[]{1}, ZMQ.DONTWAIT);
        }
    }

    /** Messages dropped because the job workers' queue was full. */
    long dropped() { return dropped.get(); }

    void awaitStarted() throws InterruptedException { started.await(); }

    @Override
    public void run() {
        ZMQ.Socket wakeRecv = ctx.createSocket(SocketType.PULL);
        wakeRecv.setLinger(0);
        wakeRecv.bind(wakeAddress);
        synchronized (wakeSend) {
            wakeSend.connect(wakeAddress);
        }
        dealers = new ZMQ.Socket[minions.size()];
        ZMQ.Poller poller = ctx.createPoller(minions.size() + 1);
        try {
            for (int i = 0; i < dealers.length; i++) {
                dealers[i] = dealer(minions.get(i));
                poller.register(dealers[i], ZMQ.Poller.POLLIN);
            }
            int wakeIndex = poller.register(wakeRecv, ZMQ.Poller.POLLIN);
            started.countDown();
            loop(poller, wakeRecv, wakeIndex);
        } catch (ZMQException e) {
            if (running && e.getErrorCode() != ZMQ.Error.ETERM.getCode()) log.error("swarm loop failed", e);
        } catch (RuntimeException e) {
            if (running) log.error("swarm loop failed", e);
        } finally {
            started.countDown();
            poller.close();
            for (ZMQ.Socket d : dealers) {
                if (d != null) d.close();
            }
            wakeRecv.close();
            stopped.countDown();
        }
    }

    private ZMQ.Socket dealer(SwarmMinion m) {
        ZMQ.Socket d = MasterSockets.dealer(ctx, m.id, m.keys, masterCurvePublic);
        d.setHelloMsg(m.helloBytes());
        m.lastHello = System.currentTimeMillis();
        d.connect(endpoint);
        return d;
    }

    private void loop(ZMQ.Poller poller, ZMQ.Socket wakeRecv, int wakeIndex) {
        long nextTick = System.currentTimeMillis() + 1000;
        while (running) {
            poller.poll(Math.max(1, nextTick - System.currentTimeMillis()));
            if (poller.pollin(wakeIndex)) {
                while (wakeRecv.recv(ZMQ.DONTWAIT) != null) {
                    // drain wake tokens
                }
            }
            drainOutbox();
            for (int i = 0; i < dealers.length; i++) {
                if (!poller.pollin(i)) continue;
                SwarmMinion m = minions.get(i);
                byte[] data;
                while ((data = dealers[i].recv(ZMQ.DONTWAIT)) != null) {
                    byte[] msg = data;
                    try {
                        workers.execute(() -> m.onMessage(msg));
                    } catch (RejectedExecutionException e) {
                        dropped.incrementAndGet();
                    }
                }
            }
            long now = System.currentTimeMillis();
            if (now >= nextTick) {
                nextTick = now + 1000;
                for (SwarmMinion m : minions) m.tick(now);
            }
        }
    }

    private void drainOutbox() {
        Outgoing o;
        while ((o = outbox.poll()) != null) {
            // DONTWAIT: a DEALER that cannot queue more (HWM while disconnected) drops, as a busy real minion would lose it.
            if (!dealers[o.minion().slot()].send(o.data(), ZMQ.DONTWAIT)) {
                dropped.incrementAndGet();
            }
        }
    }

    void close() {
        running = false;
        MasterSockets.stopLoop(wakeSend, stopped);
    }
}
