package dev.jsalt.master.transport;

import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.MasterKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Serves the master's public keys on the key port (plain ZeroMQ REP, no secrets): a new minion needs the Curve key
 * before it can open the CURVE channel. The minion trusts the answer only if it matches the configured fingerprint
 * or its pinned copy (trust on first use), exactly as it would a key received in Salt's auth reply.
 */
public final class KeyAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyAnnouncer.class);
    private final ZMQ.Socket socket;
    private final Thread thread;
    private volatile boolean running = true;

    public KeyAnnouncer(ZContext ctx, String bind, int port, MasterKeys keys) {
        socket = ctx.createSocket(SocketType.REP);
        socket.setLinger(0);
        socket.setMaxMsgSize(256);
        socket.setReceiveTimeOut(500);
        socket.bind("tcp://" + bind + ":" + port);
        byte[] answer = Json.bytes(keys);
        thread = new Thread(() -> serve(answer), "jsalt-key-announcer");
        thread.setDaemon(true);
        thread.start();
        log.info("announcing master keys on tcp://{}:{} (fingerprint {})", bind, port, keys.fingerprint());
    }

    private void serve(byte[] answer) {
        try {
            while (running) {
                byte[] req = socket.recv(0);
                if (req == null) continue;
                socket.send(answer, 0);
            }
        } catch (ZMQException e) {
            if (running && e.getErrorCode() != ZMQ.Error.ETERM.getCode()) log.error("key announcer stopped", e);
        } catch (RuntimeException e) {
            if (running && !ZapHandler.isTermination(e)) log.error("key announcer stopped", e);
        } finally {
            socket.close();
        }
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
