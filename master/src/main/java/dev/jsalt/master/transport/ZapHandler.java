package dev.jsalt.master.transport;

import dev.jsalt.master.keys.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

/**
 * The ZAP handler behind the master's CURVE socket. It must be bound before the ROUTER (an unbound handler
 * authenticates nobody). It refuses rejected keys at the handshake and returns the client's Curve key as User-Id:
 * the channel maps that key to a minion id through the key store and trusts nothing else the client claims.
 */
final class ZapHandler implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ZapHandler.class);
    static final String ENDPOINT = "inproc://zeromq.zap.01";

    private final ZMQ.Socket socket;
    private final KeyStore keys;

    ZapHandler(ZContext ctx, KeyStore keys) {
        this.keys = keys;
        this.socket = ctx.createSocket(SocketType.REP);
        this.socket.setLinger(0);
        this.socket.bind(ENDPOINT);
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ZMsg req = ZMsg.recvMsg(socket);
                if (req == null) break;
                reply(req);
            }
        } catch (ZMQException e) {
            if (e.getErrorCode() != ZMQ.Error.ETERM.getCode()) log.error("ZAP handler stopped", e);
        } catch (RuntimeException e) {
            if (!isTermination(e)) log.error("ZAP handler stopped", e);
        } finally {
            try {
                socket.close();
            } catch (RuntimeException ignored) {
                // context already gone
            }
        }
    }

    private void reply(ZMsg req) {
        // version, request id, domain, address, identity, mechanism, credentials...
        String version = req.popString();
        String requestId = req.popString();
        req.popString();
        String address = req.popString();
        req.pop();
        String mechanism = req.popString();
        byte[] clientKey = req.size() > 0 ? req.pop().getData() : null;
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
        ZMsg rep = new ZMsg();
        rep.add("1.0");
        rep.add(requestId);
        rep.add(status);
        rep.add(text);
        rep.add(userId);
        rep.add(new byte[0]);
        rep.send(socket);
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
