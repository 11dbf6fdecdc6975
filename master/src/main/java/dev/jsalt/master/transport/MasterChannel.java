package dev.jsalt.master.transport;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.wire.MasterMessage;
import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.common.wire.Wire;
import dev.jsalt.master.config.MasterConfig;
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
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The master's one ZeroMQ channel: a CURVE ROUTER that every minion's DEALER connects to.
 *
 * <p>This class is the single choke point for traffic both ways. Inbound, every frame is attributed to the Curve key
 * the ZAP handler authenticated (its User-Id), that key is looked up in the key store, and only then is anything handed
 * on: a key that is not accepted may only say hello (in at most {@code limits.max_hello_kb}); an accepted key may only
 * speak as its own id. Outbound, a minion's messages go only to the connection on which that minion's accepted key
 * said hello (its <em>binding</em>), checked against the key store again at every send; before acceptance a connection
 * gets nothing but a welcome that says where its key stands. Routing ids are {@code ID#<128 random bits>} chosen by
 * the minion and sent inside the encrypted handshake, so another peer can neither claim a minion's connection nor
 * keep it from coming back; with ROUTER_HANDOVER a reconnect under the same routing id (the same minion process after a
 * half-open connection) takes over at once. A connection's end (heartbeat timeout included) arrives as a
 * disconnect message and ends that minion's binding.
 *
 * <p>All socket work happens on one thread (ZeroMQ sockets are not thread-safe); other threads enqueue sends and wake it
 * through an inproc pipe.
 */
public final class MasterChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MasterChannel.class);
    private static final String WAKE = "inproc://jsalt-master-wake";
    private static final int MAX_FRAMES = 2; // routing id + one payload: anything more is dropped unread

    private record Outgoing(String minionId, MasterMessage message, CompletableFuture<Boolean> sent) {
    }

    private record Binding(byte[] routingId, String curveKey) {
    }

    /** What the channel hands on. Called on the channel thread: return quickly. */
    public interface Listener {
        /** Every hello, accepted or not, with the key store's verdict. */
        void onHello(MinionMessage.Hello hello, KeyStore.Registration verdict);

        /** A message from an accepted minion, speaking as itself. */
        void onMessage(String minionId, MinionMessage message);

        /** The connection bound to {@code minionId} ended (closed, reset, or silent past the heartbeat timeout). */
        void onDisconnected(String minionId);
    }

    private final ZContext ctx;
    private final KeyStore keys;
    private final Listener listener;
    private final MasterConfig.Limits limits;
    private final ConcurrentLinkedQueue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final ZMQ.Socket router;
    private final ZMQ.Socket wakeRecv;
    private final ZMQ.Socket wakeSend;
    private final ZapHandler zap;
    private final Thread loopThread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ReceiveBudget budget;
    private final byte[] disconnectMagic = new byte[24];
    /** Channel thread only. */
    private final Map<String, Binding> bindings = new HashMap<>();
    private final Map<String, String> boundByRouting = new HashMap<>();
    private final Map<String, Binding> pendingRoutes = new HashMap<>();
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private volatile Throwable fatal;
    private final BiConsumer<String, Throwable> onFatal;
    private final String endpoint;
    private final Map<String, Long> lastWarn = new HashMap<>();

    public MasterChannel(ZContext ctx, CurveKeys masterKeys, String bind, int port, KeyStore keys, MasterConfig.Limits limits,
                         Listener listener, BiConsumer<String, Throwable> onFatal) {
        this.ctx = ctx;
        this.keys = keys;
        this.listener = listener;
        this.limits = limits;
        this.onFatal = onFatal;
        new SecureRandom().nextBytes(disconnectMagic);
        this.zap = new ZapHandler(ctx, keys, onFatal);
        zap.start();
        this.budget = new ReceiveBudget(limits.receiveBudget(), keys::isAcceptedKey, limits.maxHello());

        router = ctx.createSocket(SocketType.ROUTER);
        router.setLinger(0);
        router.setRouterMandatory(true);
        // Routing ids carry 128 random bits and travel encrypted: only the same minion can present its id again, so a
        // newcomer under a taken id is that minion reconnecting (its old connection half-open): it takes over at once.
        router.setRouterHandover(true);
        router.base().setSocketOpt(zmq.ZMQ.ZMQ_DISCONNECT_MSG, disconnectMagic);
        router.setCurveServer(true);
        router.setCurveSecretKey(masterKeys.secretKey());
        router.setZAPDomain("jsalt");
        router.setBacklog(4096);
        router.setHandshakeIvl(Wire.HANDSHAKE_TIMEOUT_MILLIS);
        router.setHeartbeatIvl(limits.heartbeatIvl());
        router.setHeartbeatTimeout(limits.heartbeatTimeout());
        router.setHeartbeatTtl(limits.heartbeatTimeout());
        router.setMaxMsgSize(limits.maxMessage());
        router.base().setSocketOpt(zmq.ZMQ.ZMQ_MSG_ALLOCATOR, budget);
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

    /** "up", or why the channel is not serving. */
    public String state() {
        if (fatal != null) return "down: " + fatal;
        if (!loopThread.isAlive()) return running ? "down: channel thread ended" : "stopped";
        return "up";
    }

    /** "up", or why the ZAP handler is not serving. */
    public String zapState() { return zap.state(); }

    /** CURVE handshakes the ZAP handler let through ({@code ok}: the key is not rejected) or refused. */
    public long handshakes(boolean ok) { return zap.handshakes(ok); }

    /** True while a connection authenticated with {@code minionId}'s accepted key is bound to it. */
    public boolean isBound(String minionId) { return bound.contains(minionId); }

    long receiveBudgetReserved() { return budget.reserved(); }

    /** Queues {@code message} for {@code minionId}; completes false if the minion is not connected or its queue is full. */
    public CompletableFuture<Boolean> send(String minionId, MasterMessage message) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        if (!running) {
            f.complete(false);
            return f;
        }
        outbox.add(new Outgoing(minionId, message, f));
        synchronized (wakeSend) {
            if (running) wakeSend.send(new byte[]{1}, ZMQ.DONTWAIT);
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
                dev.jsalt.master.Faults.check("channel");
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
            if (running && e.getErrorCode() != ZMQ.Error.ETERM.getCode()) die(e);
        } catch (RuntimeException e) {
            if (running && !ZapHandler.isTermination(e)) die(e);
        } catch (Error e) {
            // OutOfMemoryError and the like: this thread cannot go on, and a master without its channel must not look
            // alive. The daemon stops the process (systemd starts it again).
            die(e);
        } finally {
            Outgoing o;
            while ((o = outbox.poll()) != null) o.sent().complete(false);
            try {
                poller.close();
                router.close();
                wakeRecv.close();
            } catch (RuntimeException ignored) {
                // context going away
            }
            stopped.countDown();
        }
    }

    private void die(Throwable e) {
        fatal = e;
        running = false;
        log.error("the minion channel failed; the master stops", e);
        onFatal.accept("channel", e);
    }

    private void drainOutbox() {
        Outgoing o;
        while ((o = outbox.poll()) != null) {
            boolean ok = false;
            try {
                byte[] to = routeFor(o.minionId(), o.message());
                if (to != null) {
                    byte[] payload = Wire.encode(o.message());
                    // DONTWAIT on both frames: one stuck minion must never stall the master's send loop.
                    ok = router.send(to, ZMQ.SNDMORE | ZMQ.DONTWAIT) && router.send(payload, ZMQ.DONTWAIT);
                }
            } catch (ZMQException e) {
                ok = false;
            } catch (RuntimeException e) {
                log.warn("cannot send to {}: {}", o.minionId(), e.toString());
            }
            if (!ok) log.debug("send to {} failed: not connected or queue full", o.minionId());
            o.sent().complete(ok);
        }
    }

    /**
     * The routing id to send {@code m} to {@code minionId} on, or null. Only a connection bound to the minion's
     * currently accepted key gets anything; a welcome may also go to the connection on which that same key said hello
     * while it was pending (so an accepted minion hears of it at once), and carries no job data.
     */
    private byte[] routeFor(String minionId, MasterMessage m) {
        Optional<MinionKey> key = keys.byId(minionId);
        String accepted = key.filter(k -> k.state() == KeyState.ACCEPTED).map(MinionKey::curvePublic).orElse(null);
        Binding b = bindings.get(minionId);
        if (b != null) {
            if (b.curveKey().equals(accepted)) return b.routingId();
            unbind(minionId); // the key was deleted, rejected or replaced since: that connection gets nothing more
        }
        if (m instanceof MasterMessage.Welcome) {
            Binding p = pendingRoutes.get(minionId);
            if (p != null && p.curveKey().equals(accepted)) return p.routingId();
        }
        return null;
    }

    private void bind(String minionId, byte[] routingId, String curveKey) {
        Binding old = bindings.put(minionId, new Binding(routingId, curveKey));
        if (old != null && !Arrays.equals(old.routingId(), routingId)) {
            boundByRouting.remove(new String(old.routingId(), StandardCharsets.UTF_8));
            log.info("minion {} connected again: its new connection replaces the old one", minionId);
        }
        boundByRouting.put(new String(routingId, StandardCharsets.UTF_8), minionId);
        pendingRoutes.remove(minionId);
        bound.add(minionId);
    }

    private void unbind(String minionId) {
        Binding b = bindings.remove(minionId);
        if (b != null) boundByRouting.remove(new String(b.routingId(), StandardCharsets.UTF_8));
        bound.remove(minionId);
    }

    /** Reads one multipart message; returns false when nothing was waiting. */
    private boolean receiveOne() {
        Msg first = router.base().recv(ZMQ.DONTWAIT);
        if (first == null) return false;
        if (!first.hasMore()) return true;
        Msg payload = router.base().recv(0);
        int frames = 2;
        Msg last = payload;
        while (last != null && last.hasMore()) {
            // Frames are bounded by MAXMSGSIZE each and already read: drop them without looking. (This loop once
            // tested the first payload frame's flag, so a three-frame message hung the channel thread for good.)
            last = router.base().recv(0);
            frames++;
        }
        String routingId = new String(first.data(), StandardCharsets.UTF_8);
        if (payload == null) return true;
        Metadata meta = payload.getMetadata();
        String curveKey = meta == null ? null : meta.get(Metadata.USER_ID);
        if (curveKey == null || curveKey.isEmpty()) {
            // Only ZeroMQ itself sends without a User-Id here: the disconnect notice of a connection.
            if (Arrays.equals(payload.data(), disconnectMagic)) {
                onConnectionEnded(first.data(), routingId);
            } else {
                warn("nokey", "dropped a message without an authenticated key");
            }
            return true;
        }
        if (frames > MAX_FRAMES) {
            warn("frames", "dropped a " + frames + "-frame message from " + display(routingId) + " (at most 1 payload frame)");
            return true;
        }
        checkBindingKey(routingId, curveKey);
        Optional<MinionKey> key = keys.byCurveKey(curveKey);
        boolean accepted = key.isPresent() && key.get().state() == KeyState.ACCEPTED;
        // Bounded before it is read: a key that is not accepted may only say hello, in at most max_hello bytes.
        if (!accepted && payload.size() > limits.maxHello()) {
            warn("big-unaccepted", "dropped a " + payload.size() + "-byte message from a key that is not accepted ("
                    + display(routingId) + "): over limits.max_hello_kb " + (limits.maxHello() >> 10));
            return true;
        }
        MinionMessage msg;
        try {
            msg = accepted ? Wire.decodeMinion(payload.data()) : Wire.decodeStrangersHello(payload.data());
        } catch (Wire.MalformedMessageException e) {
            warn("malformed", "dropped a malformed message from " + display(routingId) + ": " + e.getMessage());
            return true;
        }
        if (msg == null) {
            log.debug("dropped a message other than hello from a key that is not accepted ({})", display(routingId));
            return true;
        }
        try {
            dispatch(first.data(), routingId, curveKey, key, payload.size(), msg, accepted ? null : payload.data());
        } catch (RuntimeException e) {
            // One bad message must never kill the channel.
            log.error("handling {} from {} failed", msg.getClass().getSimpleName(), display(routingId), e);
        }
        return true;
    }

    /**
     * A frame authenticated with another key than the one bound to its routing id means the connection behind that id is
     * no longer the minion's own (a peer that learnt the id took it over): the minion gets nothing more on it until its own
     * key says hello again, and it is shown as disconnected. Checked on every frame, so sends and keys stay bound both ways.
     */
    private void checkBindingKey(String routingId, String curveKey) {
        String boundId = boundByRouting.get(routingId);
        if (boundId == null) return;
        Binding b = bindings.get(boundId);
        if (b == null || b.curveKey().equals(curveKey)) return;
        unbind(boundId);
        warn("routing-key", "another key spoke under minion " + boundId + "'s routing id; that connection gets nothing more");
        MDC.put("minion", boundId);
        try {
            listener.onDisconnected(boundId);
        } finally {
            MDC.remove("minion");
        }
    }

    private void onConnectionEnded(byte[] routing, String routingId) {
        String id = boundByRouting.get(routingId);
        String pendingId = Wire.idOfRouting(routingId);
        if (pendingId != null) {
            Binding p = pendingRoutes.get(pendingId);
            if (p != null && Arrays.equals(p.routingId(), routing)) pendingRoutes.remove(pendingId);
        }
        if (id == null) return;
        unbind(id);
        log.info("minion {} disconnected", id);
        MDC.put("minion", id);
        try {
            listener.onDisconnected(id);
        } finally {
            MDC.remove("minion");
        }
    }

    /** A hello read in full, grains and all; null (and a warning) when it is malformed past the fields already read. */
    private MinionMessage.Hello inFull(byte[] hello, String routingId) {
        try {
            return (MinionMessage.Hello) Wire.decodeMinion(hello);
        } catch (Wire.MalformedMessageException e) {
            warn("malformed", "dropped a malformed hello from " + display(routingId) + ": " + e.getMessage());
            return null;
        }
    }

    /** @param strangersHello the hello's bytes when it was read without its grains (its key was not accepted), else null */
    private void dispatch(byte[] routing, String routingId, String curveKey, Optional<MinionKey> key, int size, MinionMessage msg,
                          byte[] strangersHello) {
        String routedId = Wire.idOfRouting(routingId);
        if (msg instanceof MinionMessage.Hello hello) {
            if (hello.id() == null || !hello.id().equals(routedId)) {
                warn("hello-id", "hello claims id " + hello.id() + " on connection " + display(routingId)
                        + "; dropped (routing ids are ID#<32 hex digits>: is this minion older than the master?)");
                return;
            }
            if (size > limits.maxHello()) {
                warn("big-hello", "dropped a " + size + "-byte hello from " + hello.id() + ": over limits.max_hello_kb "
                        + (limits.maxHello() >> 10) + " (too many grains?)");
                return;
            }
            // Read without its grains (its key was not accepted), a hello that may get its key accepted (an enrolment
            // token, auto_accept) is read in full first: an accepted minion's grains are wanted.
            if (strangersHello != null && (hello.enrolment() != null || keys.autoAccepts())) {
                hello = inFull(strangersHello, routingId);
                if (hello == null) return;
            }
            KeyStore.Registration verdict = keys.register(hello.id(), curveKey, hello.enrolment());
            String state = switch (verdict) {
                case ACCEPTED -> "accepted";
                case PENDING -> "pending";
                case REJECTED, REFUSED_FULL -> "rejected";
                case CONFLICT -> "conflict";
            };
            String text = switch (verdict) {
                case ACCEPTED -> "welcome";
                case PENDING -> "key pending: run 'jsalt keys accept " + hello.id() + "' on the master";
                case REJECTED -> "key rejected by the master";
                case REFUSED_FULL -> "the master takes no new keys now: " + keys.maxPending() + " keys are waiting for a decision "
                        + "(limits.max_pending_keys); the operator sees this in 'jsalt keys list'. Retrying.";
                case CONFLICT -> "another key is on file for '" + hello.id() + "'; if this host was rebuilt, run 'jsalt keys delete "
                        + hello.id() + "' on the master and accept the new key";
            };
            if (verdict == KeyStore.Registration.ACCEPTED && strangersHello != null && hello.grains().isEmpty()) {
                // accepted between the key's look-up and its registration (an operator's 'keys accept'): its grains now
                MinionMessage.Hello full = inFull(strangersHello, routingId);
                if (full != null) hello = full;
            }
            if (verdict == KeyStore.Registration.ACCEPTED) {
                bind(hello.id(), routing, curveKey);
            } else if (verdict == KeyStore.Registration.PENDING && pendingRoutes.size() < keys.maxPending()) {
                pendingRoutes.put(hello.id(), new Binding(routing, curveKey));
            }
            reply(routing, new MasterMessage.Welcome(state, text));
            listener.onHello(hello, verdict);
            return;
        }
        if (key.isEmpty() || key.get().state() != KeyState.ACCEPTED) {
            log.debug("dropped {} from a key that is not accepted ({})", msg.getClass().getSimpleName(), display(routingId));
            return;
        }
        String id = key.get().id();
        if (!id.equals(routedId)) {
            warn("spoof", "minion " + id + " spoke under routing id " + display(routingId) + "; dropped");
            return;
        }
        // After a master restart the minion's first message may come before its hello: bind on the first one.
        if (!bindings.containsKey(id)) bind(id, routing, curveKey);
        MDC.put("minion", id);
        try {
            listener.onMessage(id, msg);
        } finally {
            MDC.remove("minion");
        }
    }

    private void reply(byte[] routing, MasterMessage m) {
        try {
            router.send(routing, ZMQ.SNDMORE | ZMQ.DONTWAIT);
            router.send(Wire.encode(m), ZMQ.DONTWAIT);
        } catch (ZMQException e) {
            log.debug("reply failed");
        }
    }

    /** A routing id as logged: the id part only (the random part is the connection's secret). */
    private static String display(String routingId) {
        String id = Wire.idOfRouting(routingId);
        String s = id != null ? id : routingId;
        s = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** At most one warning per kind every 10 s: a flood of garbage must not become a flood of log lines. */
    private void warn(String kind, String text) {
        long now = System.currentTimeMillis();
        Long last = lastWarn.get(kind);
        if (last == null || now - last > 10_000) {
            lastWarn.put(kind, now);
            log.warn(text);
        } else {
            log.debug(text);
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
        zap.close();
    }
}
