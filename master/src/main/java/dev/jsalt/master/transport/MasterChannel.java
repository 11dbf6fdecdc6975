package dev.jsalt.master.transport;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.wire.MasterMessage;
import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.common.wire.Wire;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.keys.KeyStore;
import dev.jsalt.master.keys.MinionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.Msg;
import zmq.io.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The master's one ZeroMQ channel: a CURVE ROUTER that every minion's DEALER connects to.
 *
 * <p>This class is the single choke point for inbound traffic: every frame is attributed to the Curve key the ZAP
 * handler authenticated, that key is looked up in the key store, and only then is anything handed on. A key that is
 * not accepted may only say hello; an accepted key may only speak under its own id. All socket work happens on one
 * thread (ZeroMQ sockets are not thread-safe); other threads enqueue sends and wake it through an inproc pipe.
 */
public final class MasterChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MasterChannel.class);
    private static final String WAKE = "inproc://jsalt-master-wake";

    private record Outgoing(String minionId, byte[] payload, CompletableFuture<Boolean> sent) {
    }

    private final ZContext ctx;
    private final KeyStore keys;
    private final InboundHandler handler;
    private final HelloHandler helloHandler;
    private final ConcurrentLinkedQueue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final ZMQ.Socket router;
    private final ZMQ.Socket wakeRecv;
    private final ZMQ.Socket wakeSend;
    private final Thread zapThread;
    private final Thread loopThread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private final String endpoint;

    /** Called for every hello, accepted or not, with the key store's verdict. */
    public interface HelloHandler {
        void onHello(MinionMessage.Hello hello, KeyStore.Registration verdict);
    }

    public MasterChannel(ZContext ctx, CurveKeys masterKeys, String bind, int port, KeyStore keys,
                         HelloHandler helloHandler, InboundHandler handler) {
        this.ctx = ctx;
        this.keys = keys;
        this.handler = handler;
        this.helloHandler = helloHandler;
        ZapHandler zap = new ZapHandler(ctx, keys);
        this.zapThread = new Thread(zap, "jsalt-zap");
        this.zapThread.setDaemon(true);
        this.zapThread.start();

        router = ctx.createSocket(SocketType.ROUTER);
        router.setLinger(0);
        router.setRouterMandatory(true);
        router.setCurveServer(true);
        router.setCurveSecretKey(masterKeys.secretKey());
        router.setZAPDomain("jsalt");
        router.setBacklog(4096);
        router.setHandshakeIvl(10_000);
        router.setHeartbeatIvl(5_000);
        router.setHeartbeatTimeout(30_000);
        router.setHeartbeatTtl(30_000);
        router.setMaxMsgSize(Wire.MAX_MESSAGE);
        router.setSndHWM(10_000);
        router.setRcvHWM(100_000);
        this.endpoint = "tcp://" + bind + ":" + port;
        router.bind(endpoint);

        wakeRecv = ctx.createSocket(SocketType.PULL);
        wakeRecv.setLinger(0);
        wakeRecv.bind(WAKE + "-" + System.identityHashCode(this));
        wakeSend = ctx.createSocket(SocketType.PUSH);
        wakeSend.setLinger(0);
        wakeSend.connect(WAKE + "-" + System.identityHashCode(this));

        loopThread = new Thread(this::loop, "jsalt-channel");
        loopThread.start();
        log.info("listening for minions on {} (CURVE)", endpoint);
    }

    /** Queues {@code message} for {@code minionId}; completes false if the minion is not connected or its queue is full. */
    public CompletableFuture<Boolean> send(String minionId, MasterMessage message) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        if (!running) {
            f.complete(false);
            return f;
        }
        outbox.add(new Outgoing(minionId, Wire.encode(message), f));
        synchronized (wakeSend) {
            wakeSend.send(new byte[]{1}, ZMQ.DONTWAIT);
        }
        return f;
    }

    private void loop() {
        ZMQ.Poller poller = ctx.createPoller(2);
        poller.register(router, ZMQ.Poller.POLLIN);
        poller.register(wakeRecv, ZMQ.Poller.POLLIN);
        try {
            while (running) {
                poller.poll(1000);
                if (poller.pollin(1)) {
                    while (wakeRecv.recv(ZMQ.DONTWAIT) != null) {
                        // drain wake tokens
                    }
                }
                drainOutbox();
                if (poller.pollin(0)) {
                    for (int i = 0; i < 1000 && receiveOne(); i++) {
                        // bounded batch so sends are not starved under a flood
                    }
                }
            }
        } catch (ZMQException e) {
            if (running && e.getErrorCode() != ZMQ.Error.ETERM.getCode()) log.error("channel loop failed", e);
        } catch (RuntimeException e) {
            if (running && !ZapHandler.isTermination(e)) log.error("channel loop failed", e);
        } finally {
            Outgoing o;
            while ((o = outbox.poll()) != null) o.sent().complete(false);
            poller.close();
            router.close();
            wakeRecv.close();
            stopped.countDown();
        }
    }

    private void drainOutbox() {
        Outgoing o;
        while ((o = outbox.poll()) != null) {
            boolean ok;
            try {
                // DONTWAIT on both frames: one stuck minion must never stall the master's send loop.
                ok = router.send(o.minionId().getBytes(StandardCharsets.UTF_8), ZMQ.SNDMORE | ZMQ.DONTWAIT)
                        && router.send(o.payload(), ZMQ.DONTWAIT);
            } catch (ZMQException e) {
                ok = false;
            }
            if (!ok) log.debug("send to {} failed: not connected or queue full", o.minionId());
            o.sent().complete(ok);
        }
    }

    /** Reads one multipart message; returns false when nothing was waiting. */
    private boolean receiveOne() {
        Msg first = router.base().recv(ZMQ.DONTWAIT);
        if (first == null) return false;
        Msg payload = first.hasMore() ? router.base().recv(0) : null;
        boolean extra = false;
        while (payload != null && payload.hasMore()) {
            router.base().recv(0);
            extra = true;
        }
        if (payload == null || extra) return true;
        String routingId = new String(first.data(), StandardCharsets.UTF_8);
        Metadata meta = payload.getMetadata();
        String curveKey = meta == null ? null : meta.get(Metadata.USER_ID);
        if (curveKey == null || curveKey.isEmpty()) {
            log.warn("dropped a message without an authenticated key");
            return true;
        }
        MinionMessage msg;
        try {
            msg = Wire.decodeMinion(payload.data());
        } catch (Wire.MalformedMessageException e) {
            log.warn("dropped a malformed message from {}: {}", routingId, e.getMessage());
            return true;
        }
        try {
            dispatch(routingId, curveKey, msg);
        } catch (RuntimeException e) {
            // One bad message must never kill the channel.
            log.error("handling {} from {} failed", msg.getClass().getSimpleName(), routingId, e);
        }
        return true;
    }

    private void dispatch(String routingId, String curveKey, MinionMessage msg) {
        if (msg instanceof MinionMessage.Hello hello) {
            if (!routingId.equals(hello.id())) {
                log.warn("hello claims id {} on connection {}; dropped", hello.id(), routingId);
                return;
            }
            KeyStore.Registration verdict = keys.register(hello.id(), curveKey);
            String state = switch (verdict) {
                case ACCEPTED -> "accepted";
                case PENDING -> "pending";
                case REJECTED -> "rejected";
                case CONFLICT -> "conflict";
            };
            String text = switch (verdict) {
                case ACCEPTED -> "welcome";
                case PENDING -> "key pending: run 'jsalt keys accept " + hello.id() + "' on the master";
                case REJECTED -> "key rejected by the master";
                case CONFLICT -> "another key is on file for '" + hello.id() + "'; if this host was rebuilt, run 'jsalt keys delete "
                        + hello.id() + "' on the master and accept the new key";
            };
            drainOne(routingId, new MasterMessage.Welcome(state, text));
            helloHandler.onHello(hello, verdict);
            return;
        }
        Optional<MinionKey> key = keys.byCurveKey(curveKey);
        if (key.isEmpty() || key.get().state() != KeyState.ACCEPTED) {
            log.debug("dropped {} from a key that is not accepted ({})", msg.getClass().getSimpleName(), routingId);
            return;
        }
        if (!key.get().id().equals(routingId)) {
            log.warn("minion {} spoke under routing id {}; dropped", key.get().id(), routingId);
            return;
        }
        MDC.put("minion", routingId);
        try {
            handler.onMessage(routingId, msg);
        } finally {
            MDC.remove("minion");
        }
    }

    private void drainOne(String id, MasterMessage m) {
        try {
            router.send(id.getBytes(StandardCharsets.UTF_8), ZMQ.SNDMORE | ZMQ.DONTWAIT);
            router.send(Wire.encode(m), ZMQ.DONTWAIT);
        } catch (ZMQException e) {
            log.debug("reply to {} failed", id);
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (wakeSend) {
            try {
                wakeSend.send(new byte[]{0}, ZMQ.DONTWAIT);
            } catch (RuntimeException ignored) {
                // the loop also wakes on its poll timeout
            }
        }
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (wakeSend) {
            wakeSend.close();
        }
    }
}
