package dev.jsalt.jeromq;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CURVE DEALER's monitor reports ZMQ_EVENT_HANDSHAKE_SUCCEEDED when the CURVE handshake is done, not when the ZMTP
 * greeting is (that is HANDSHAKE_PROTOCOL): the server's ZAP handler holds its verdict back, and the event waits for it.
 * A refused handshake reports HANDSHAKE_FAILED_AUTH and never succeeds. With JeroMQ 0.6.0's own StreamEngine the event
 * never comes at all.
 */
class HandshakeSucceededEventTest {
    private static final long ZAP_DELAY_MILLIS = 400;
    private static final int EVENTS = ZMQ.EVENT_CONNECTED | ZMQ.EVENT_HANDSHAKE_PROTOCOL | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED
            | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

    /** An event as the monitor's reader saw it, with when it read it. */
    private record Seen(int event, long nanos) {
    }

    @Test
    void succeededComesAfterTheCurveHandshakeNotAfterTheGreeting() throws Exception {
        List<Seen> seen = handshake("200");
        assertEquals(List.of(ZMQ.EVENT_CONNECTED, ZMQ.EVENT_HANDSHAKE_PROTOCOL, zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED),
                seen.stream().map(Seen::event).toList());
        long greetingToDone = (seen.get(2).nanos() - seen.get(1).nanos()) / 1_000_000;
        assertTrue(greetingToDone >= ZAP_DELAY_MILLIS - 50,
                "HANDSHAKE_SUCCEEDED came " + greetingToDone + " ms after the greeting, before the ZAP verdict");
    }

    @Test
    void aRefusedHandshakeNeverSucceeds() throws Exception {
        List<Integer> events = handshake("400").stream().map(Seen::event).toList();
        assertTrue(events.contains(zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH), "events: " + events);
        assertFalse(events.contains(zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED), "events: " + events);
    }

    /** One CURVE connection to a server whose ZAP handler answers {@code status} after a delay; the client's events. */
    private static List<Seen> handshake(String status) throws Exception {
        ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
        ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
        try (ZContext sctx = new ZContext(1); ZContext cctx = new ZContext(1)) {
            ZMQ.Socket zap = sctx.createSocket(SocketType.REP);
            zap.setLinger(0);
            zap.bind("inproc://zeromq.zap.01");
            Thread handler = new Thread(() -> {
                ZMsg req = ZMsg.recvMsg(zap, 0);
                if (req == null) return;
                String version = req.popString();
                String requestId = req.popString();
                try {
                    Thread.sleep(ZAP_DELAY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                ZMsg rep = new ZMsg();
                rep.add(version);
                rep.add(requestId);
                rep.add(status);
                rep.add("200".equals(status) ? "OK" : "refused");
                rep.add("user");
                rep.add(new byte[0]);
                rep.send(zap);
            }, "test-zap");
            handler.start();

            ZMQ.Socket router = sctx.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            router.setCurveServer(true);
            router.setCurveSecretKey(ZMQ.Curve.z85Decode(server.secretKey));
            router.setZAPDomain("test");
            int port = router.bindToRandomPort("tcp://127.0.0.1");

            ZMQ.Socket dealer = cctx.createSocket(SocketType.DEALER);
            dealer.setLinger(0);
            dealer.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey));
            dealer.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey));
            dealer.setCurveServerKey(ZMQ.Curve.z85Decode(server.publicKey));
            dealer.setReconnectIVL(60_000); // one connection only: a refused one is not tried again within the test
            dealer.monitor("inproc://test-mon", EVENTS);
            ZMQ.Socket monitor = cctx.createSocket(SocketType.PAIR);
            monitor.setLinger(0);
            monitor.setReceiveTimeOut((int) ZAP_DELAY_MILLIS + 2_000);
            monitor.connect("inproc://test-mon");
            dealer.connect("tcp://127.0.0.1:" + port);

            List<Seen> seen = new ArrayList<>();
            ZMQ.Event e;
            while ((e = ZMQ.Event.recv(monitor)) != null) {
                seen.add(new Seen(e.getEvent(), System.nanoTime()));
                if (e.getEvent() == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED) break;
                // refused: anything that would still come, comes at once
                if (e.getEvent() == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) monitor.setReceiveTimeOut(500);
            }
            handler.join(5_000);
            return seen;
        }
    }
}
