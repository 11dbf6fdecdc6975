package dev.jsalt.nacl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** JeroMQ's CURVE handshake runs on the replaced Curve25519: a right server key talks, a wrong one never does. */
class CurveHandshakeTest {

    @Test
    void clientWithTheServerKeyGetsAnEncryptedReply() {
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
            ZMQ.Socket router = bindServer(ctx, server);
            int port = router.bindToRandomPort("tcp://127.0.0.1");

            ZMQ.Socket dealer = client(ctx, server.publicKey, port);
            dealer.send("ping");
            byte[] who = router.recv();
            assertEquals("ping", router.recvStr());
            router.sendMore(who);
            router.send("pong");
            assertEquals("pong", dealer.recvStr());
        }
    }

    @Test
    void clientWithAnotherServerKeyNeverGetsThrough() {
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
            ZMQ.Socket router = bindServer(ctx, server);
            int port = router.bindToRandomPort("tcp://127.0.0.1");

            ZMQ.Socket dealer = client(ctx, ZMQ.Curve.generateKeyPair().publicKey, port);
            dealer.send("ping");
            router.setReceiveTimeOut(1_500);
            assertNull(router.recv(), "a client that expected another server key got a message through");
        }
    }

    private static ZMQ.Socket bindServer(ZContext ctx, ZMQ.Curve.KeyPair server) {
        ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
        router.setCurveServer(true);
        router.setCurveSecretKey(ZMQ.Curve.z85Decode(server.secretKey));
        router.setReceiveTimeOut(10_000);
        return router;
    }

    private static ZMQ.Socket client(ZContext ctx, String serverPublicZ85, int port) {
        ZMQ.Curve.KeyPair me = ZMQ.Curve.generateKeyPair();
        ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
        dealer.setCurveServerKey(ZMQ.Curve.z85Decode(serverPublicZ85));
        dealer.setCurvePublicKey(ZMQ.Curve.z85Decode(me.publicKey));
        dealer.setCurveSecretKey(ZMQ.Curve.z85Decode(me.secretKey));
        dealer.setReceiveTimeOut(10_000);
        dealer.connect("tcp://127.0.0.1:" + port);
        return dealer;
    }
}
