package dev.jsalt.master.transport;

import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.MasterKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.util.function.BiConsumer;

/**
 * Serves the master's public keys on the key port (plain ZeroMQ REP, no secrets): a new minion needs the Curve key
 * before it can open the CURVE channel. The minion trusts the answer only if it matches the configured fingerprint
 * or its pinned copy (trust on first use), exactly as it would a key received in Salt's auth reply.
 *
 * <p>Every request is read whole (all its frames, each at most 256 bytes, at most 8 of them) before it is answered,
 * so a request of any shape gets the same answer and the socket's state machine stays in step (a two-part request
 * once ended this thread with EFSM). Should the socket fail anyway, it is closed and bound again; an Error is fatal.
 */
public final class KeyAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyAnnouncer.class);
    static final int MAX_FRAMES = 8;
    private final ZContext ctx;
    private final String endpoint;
    private final byte[] answer;
    private final BiConsumer<String, Throwable> onFatal;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String state = "starting";
    private volatile int restarts;

    public KeyAnnouncer(ZContext ctx, String bind, int port, MasterKeys keys, BiConsumer<String, Throwable> onFatal) {
        this.ctx = ctx;
        this.endpoint = "tcp://" + bind + ":" + port;
        this.answer = Json.bytes(keys);
        this.onFatal = onFatal;
        ZMQ.Socket first = open(); // a port already taken fails the start here
        thread = new Thread(() -> serve(first), "jsalt-key-announcer");
        thread.setDaemon(true);
        thread.start();
        log.info("announcing master keys on {} (fingerprint {})", endpoint, keys.fingerprint());
    }

    private ZMQ.Socket open() {
        ZMQ.Socket s = ctx.createSocket(SocketType.REP);
        s.setLinger(0);
        s.setMaxMsgSize(256);
        s.setReceiveTimeOut(500);
        s.setSndHWM(1000);
        s.setRcvHWM(1000);
        s.bind(endpoint);
        state = "up";
        return s;
    }

    /** "up", or why the key port is not answering. */
    public String state() {
        return thread.isAlive() ? state : running ? "down: key announcer thread ended" : "stopped";
    }

    public int restarts() { return restarts; }

    private void serve(ZMQ.Socket first) {
        ZMQ.Socket socket = first;
        try {
            while (running) {
                try {
                    dev.jsalt.master.Faults.check("key_announcer");
                    serveOne(socket);
                } catch (ZMQException e) {
                    if (!running || e.getErrorCode() == ZMQ.Error.ETERM.getCode()) return;
                    socket = restart(socket, e);
                } catch (RuntimeException e) {
                    if (!running || ZapHandler.isTermination(e)) return;
                    socket = restart(socket, e);
                }
            }
        } catch (Error e) {
            state = "down: " + e;
            log.error("the key announcer failed; the master stops", e);
            onFatal.accept("key_announcer", e);
        } finally {
            try {
                socket.close();
            } catch (RuntimeException ignored) {
                // context already gone
            }
        }
    }

    private void serveOne(ZMQ.Socket socket) {
        byte[] req = socket.recv(0);
        if (req == null) return;
        int frames = 1;
        while (socket.hasReceiveMore()) {
            socket.recv(0);
            frames++;
        }
        if (frames > MAX_FRAMES) log.debug("key request of {} frames answered anyway", frames);
        socket.send(answer, 0);
    }

    private ZMQ.Socket restart(ZMQ.Socket broken, Exception cause) {
        restarts++;
        state = "restarting: " + cause;
        log.error("the key announcer failed ({}); binding it again", cause.toString());
        try {
            broken.close();
        } catch (RuntimeException ignored) {
            // already unusable
        }
        while (running) {
            try {
                return open();
            } catch (RuntimeException e) {
                state = "down: cannot bind " + endpoint + ": " + e;
                log.error("cannot bind the key port again: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return broken;
                }
            }
        }
        return broken;
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
}
