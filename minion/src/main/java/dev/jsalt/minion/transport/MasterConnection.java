package dev.jsalt.minion.transport;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.wire.MasterMessage;
import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.common.wire.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * The minion's end of the channel: a CURVE DEALER whose routing id is the minion id. ZeroMQ reconnects on its own;
 * a random initial interval and a backoff cap spread a fleet's reconnects after a master restart. A socket monitor
 * turns handshakes into events: success sends a hello, failures are reported to the listener. The monitor also times
 * each handshake, from the TCP connection being established to the CURVE handshake being done: the DEALER has one
 * connection, so its events are that connection's.
 */
public final class MasterConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MasterConnection.class);

    /** What the connection reports to the daemon. Called on the connection thread: return quickly. */
    public interface Listener {
        /**
         * The CURVE handshake with the master is done: messages flow. {@code handshakeMillis} is how long it took, from the
         * TCP connection being established, as this connection's thread saw the socket's events; null if it saw no start.
         */
        void onConnected(Double handshakeMillis);

        void onMessage(MasterMessage message);

        /** The master refused the handshake ({@code auth}: our key was rejected) or it failed for another reason. */
        void onHandshakeFailed(boolean auth);

        /** Called about once a second on the connection thread, for keepalives and retries. */
        void onTick();
    }

    private final ZContext ctx;
    private final ZMQ.Socket dealer;
    private final ZMQ.Socket monitor;
    private final ZMQ.Socket wakeRecv;
    private final ZMQ.Socket wakeSend;
    private final ConcurrentLinkedQueue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final Listener listener;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String endpoint;
    private volatile boolean running = true;
    /** When the current TCP connection was established (System.nanoTime), or 0 when there is none being timed. */
    private long connectedAt;

    public MasterConnection(ZContext ctx, String minionId, CurveKeys own, String masterCurvePublic, String host, int port,
                            Listener listener) {
        this.ctx = ctx;
        this.listener = listener;
        String tag = minionId + "-" + System.identityHashCode(this);
        dealer = MasterSockets.dealer(ctx, minionId, own, ZMQ.Curve.z85Decode(CurveKeys.checkPublic(masterCurvePublic)));
        dealer.monitor("inproc://jsalt-mon-" + tag, ZMQ.EVENT_CONNECTED | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED
                | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                | ZMQ.EVENT_DISCONNECTED);
        monitor = ctx.createSocket(SocketType.PAIR);
        monitor.setLinger(0);
        monitor.connect("inproc://jsalt-mon-" + tag);
        wakeRecv = ctx.createSocket(SocketType.PULL);
        wakeRecv.setLinger(0);
        wakeRecv.bind("inproc://jsalt-wake-" + tag);
        wakeSend = ctx.createSocket(SocketType.PUSH);
        wakeSend.setLinger(0);
        wakeSend.connect("inproc://jsalt-wake-" + tag);
        endpoint = "tcp://" + host + ":" + port;
        thread = new Thread(this::loop, "jsalt-connection");
        thread.start();
    }

    /** Queues a message for the master; sent in order by the connection thread. */
    public void send(MinionMessage m) {
        outbox.add(Wire.encode(m));
        synchronized (wakeSend) {
            if (running) wakeSend.send(new byte[]{1}, ZMQ.DONTWAIT);
        }
    }

    private void loop() {
        org.slf4j.MDC.put("minion", Wire.idOfRouting(new String(dealer.getIdentity(), StandardCharsets.UTF_8)));
        ZMQ.Poller poller = ctx.createPoller(3);
        poller.register(dealer, ZMQ.Poller.POLLIN);
        poller.register(monitor, ZMQ.Poller.POLLIN);
        poller.register(wakeRecv, ZMQ.Poller.POLLIN);
        long nextTick = System.currentTimeMillis() + 1000;
        try {
            // Connected from this thread, once it polls the monitor: a handshake's events are timed as they come, not
            // when a thread still starting gets to them.
            dealer.connect(endpoint);
            while (running) {
                poller.poll(Math.max(1, nextTick - System.currentTimeMillis()));
                if (poller.pollin(2)) {
                    while (wakeRecv.recv(ZMQ.DONTWAIT) != null) {
                        // drain
                    }
                }
                if (poller.pollin(1)) handleMonitor();
                byte[] out;
                while ((out = outbox.peek()) != null) {
                    // While disconnected the DEALER queues up to its HWM; beyond that we keep the message for later.
                    if (!dealer.send(out, ZMQ.DONTWAIT)) break;
                    outbox.poll();
                }
                if (poller.pollin(0)) {
                    byte[] data;
                    while ((data = dealer.recv(ZMQ.DONTWAIT)) != null) {
                        try {
                            listener.onMessage(Wire.decodeMaster(data));
                        } catch (Wire.MalformedMessageException e) {
                            log.warn("dropped a malformed message from the master: {}", e.getMessage());
                        } catch (RuntimeException e) {
                            log.error("handling a master message failed", e);
                        }
                    }
                }
                if (System.currentTimeMillis() >= nextTick) {
                    nextTick = System.currentTimeMillis() + 1000;
                    try {
                        listener.onTick();
                    } catch (RuntimeException e) {
                        log.error("tick failed", e);
                    }
                }
            }
        } catch (ZMQException e) {
            if (running && e.getErrorCode() != ZMQ.Error.ETERM.getCode()) log.error("connection loop failed", e);
        } catch (RuntimeException e) {
            if (running) log.error("connection loop failed", e);
        } finally {
            // What the minion said last (returns of jobs it could not start, the jobs it handed over) goes out before
            // the connection ends, within a short linger; a master that is gone costs the stop at most that second.
            try {
                byte[] out;
                while ((out = outbox.peek()) != null && dealer.send(out, ZMQ.DONTWAIT)) outbox.poll();
                dealer.setLinger(1000);
            } catch (RuntimeException e) {
                log.debug("flushing the last messages: {}", e.toString());
            }
            poller.close();
            dealer.close();
            monitor.close();
            wakeRecv.close();
            stopped.countDown();
        }
    }

    private void handleMonitor() {
        ZMQ.Event e;
        while ((e = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
            int ev = e.getEvent();
            long now = System.nanoTime();
            log.debug("socket event {} {}", ev, e.getValue());
            if (ev == ZMQ.EVENT_CONNECTED) {
                connectedAt = now; // TCP is up; the ZMTP greeting and the CURVE handshake follow
            } else if (ev == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
                // The CURVE handshake is done (jsalt's JeroMQ reports it, as libzmq does): the hello goes out now.
                Double handshakeMillis = connectedAt == 0 ? null : Math.round((now - connectedAt) / 1_000.0) / 1_000.0;
                connectedAt = 0;
                log.info("connected to the master (handshake {} ms)", handshakeMillis);
                listener.onConnected(handshakeMillis);
            } else if (ev == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
                connectedAt = 0;
                listener.onHandshakeFailed(true);
            } else if (ev == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL || ev == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL) {
                connectedAt = 0;
                listener.onHandshakeFailed(false);
            } else if (ev == ZMQ.EVENT_DISCONNECTED) {
                // A master with another key drops our CURVE hello without a handshake-failure event: a disconnect is
                // the only sign, so let the daemon check the master's announced key (it rate-limits the check).
                connectedAt = 0;
                log.info("disconnected from the master; reconnecting");
                listener.onHandshakeFailed(false);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        MasterSockets.stopLoop(wakeSend, stopped);
    }
}
