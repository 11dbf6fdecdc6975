package dev.jsalt.master.transport;

import dev.jsalt.master.keys.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

import java.util.function.BiConsumer;

/**
 * The ZAP handler behind the master's CURVE socket. It must be bound before the ROUTER (an unbound handler
 * authenticates nobody). It refuses rejected keys at the handshake and returns the client's Curve key as User-Id:
 * the channel maps that key to a minion id through the key store and trusts nothing else the client claims.
 *
 * <p>A malformed request is answered with an error (or dropped) and the handler keeps serving; an unexpected failure of
 * a request is logged and the handler goes on with the next one; an Error (out of memory) is fatal for the master.
 */
final class ZapHandler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ZapHandler.class);
    static final String ENDPOINT = "inproc://zeromq.zap.01";

    private final ZMQ.Socket socket;
    private final KeyStore keys;
    private final BiConsumer<String, Throwable> onFatal;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable fatal;
    /** Handshakes let through (the key is not rejected) and refused, for jsalt_handshakes_total. */
    private final java.util.concurrent.atomic.AtomicLong allowed = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();

    ZapHandler(ZContext ctx, KeyStore keys, BiConsumer<String, Throwable> onFatal) {
        this.keys = keys;
        this.onFatal = onFatal;
        this.socket = ctx.createSocket(SocketType.REP);
        this.socket.setLinger(0);
        this.socket.setReceiveTimeOut(500);
        this.socket.bind(ENDPOINT);
        this.thread = new Thread(this::run, "jsalt-zap");
        this.thread.setDaemon(true);
    }

    void start() { thread.start(); }

    String state() {
        if (fatal != null) return "down: " + fatal;
        return thread.isAlive() ? "up" : running ? "down: ZAP thread ended" : "stopped";
    }

    private void run() {
        try {
            while (running && !Thread.currentThread().isInterrupted()) {
                ZMsg req = ZMsg.recvMsg(socket, 0);
                dev.jsalt.master.Faults.check("zap");
                if (req == null) continue; // receive timeout: look at the running flag
                try {
                    reply(req);
                } catch (ZMQException e) {
                    if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) throw e;
                    log.warn("ZAP request failed: {}", e.toString());
                } catch (RuntimeException e) {
                    if (isTermination(e)) throw e;
                    log.warn("ZAP request failed: {}", e.toString());
                }
            }
        } catch (ZMQException e) {
            if (running && e.getErrorCode() != ZMQ.Error.ETERM.getCode()) fail(e);
        } catch (RuntimeException e) {
            if (running && !isTermination(e)) fail(e);
        } catch (Error e) {
            fail(e);
        } finally {
            try {
                socket.close();
            } catch (RuntimeException ignored) {
                // context already gone
            }
        }
    }

    private void fail(Throwable e) {
        fatal = e;
        log.error("the ZAP handler failed; the master stops", e);
        onFatal.accept("zap", e);
    }

    private void reply(ZMsg req) {
        // version, request id, domain, address, identity, mechanism, credentials...
        if (req.size() < 6 || req.size() > 8) {
            // Only ZeroMQ talks to this inproc endpoint; still, never trust a shape. A REP must answer what it read.
            sendReply("1.0", "", "400", "malformed ZAP request", "");
            return;
        }
        String version = req.popString();
        String requestId = req.popString();
        req.popString();
        String address = req.popString();
        req.pop();
        String mechanism = req.popString();
        ZFrame cred = req.size() > 0 ? req.pop() : null;
        byte[] clientKey = cred == null ? null : cred.getData();
        String status = "400";
        String text = "not allowed";
        String userId = "";
        if (!"1.0".equals(version)) {
            text = "bad ZAP version";
        } else if (!"CURVE".equals(mechanism) || clientKey == null || clientKey.length != 32) {
            text = "CURVE required";
        } else {
            String z85 = ZMQ.Curve.z85Encode(clientKey);
            if (keys.isRejectedKey(z85)) {
                log.info("refused handshake from {}: key rejected", address);
                text = "key rejected";
            } else {
                log.debug("ZAP: handshake from {} with key {}", address, z85);
                status = "200";
                text = "OK";
                userId = z85;
            }
        }
        (status.equals("200") ? allowed : refused).incrementAndGet();
        sendReply("1.0", requestId == null ? "" : requestId, status, text, userId);
    }

    /** Handshakes this handler let through ({@code ok}) or refused since it started. */
    long handshakes(boolean ok) { return (ok ? allowed : refused).get(); }

    private void sendReply(String version, String requestId, String status, String text, String userId) {
        ZMsg rep = new ZMsg();
        rep.add(version);
        rep.add(requestId);
        rep.add(status);
        rep.add(text);
        rep.add(userId);
        rep.add(new byte[0]);
        rep.send(socket);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isTermination(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.ClosedSelectorException || t instanceof java.nio.channels.ClosedChannelException) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("terminated") || m.contains("Context was"))) return true;
        }
        return false;
    }
}
