package dev.jsalt.jeromq;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The connect hand-off race (zeromq/jeromq#1022): with JeroMQ 0.6.0's poller, a connecting socket whose TCP connect
 * completed sometimes never sent its ZMTP greeting, so its first message never arrived (here, with the handshake
 * timer off, never at all; in the minion, not before the 10 s handshake timeout). Each round is a fresh context, like
 * a minion start. With the stock poller a few rounds in a hundred stall, so 300 rounds practically always catch one;
 * with jsalt's poller none may.
 */
class ConnectHandoffTest {
    private static final int ROUNDS = 300;

    @Test
    void everyFreshConnectionDeliversItsFirstMessage() {
        try (ZContext server = new ZContext(1)) {
            ZMQ.Socket router = server.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            router.setReceiveTimeOut(5_000);
            int port = router.bindToRandomPort("tcp://127.0.0.1");
            for (int i = 0; i < ROUNDS; i++) {
                try (ZContext client = new ZContext(1)) {
                    ZMQ.Socket dealer = client.createSocket(SocketType.DEALER);
                    dealer.setLinger(0);
                    dealer.setHandshakeIvl(0); // no timer to recover a stalled handshake: a stall shows as no message
                    byte[] id = ("c" + i).getBytes(StandardCharsets.UTF_8);
                    dealer.setIdentity(id);
                    dealer.connect("tcp://127.0.0.1:" + port);
                    dealer.send("hello " + i);
                    byte[] from = router.recv();
                    assertNotNull(from, "round " + i + ": the connection never completed its ZMTP handshake (connect hand-off race)");
                    assertArrayEquals(id, from);
                    router.recv();
                }
            }
        }
    }
}
