package dev.jsalt.master.transport;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.common.wire.Wire;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.keys.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A hello from a key that is not accepted is read without its grains, unless that very hello can get the key accepted
 * (an enrolment token, auto_accept): then the master has the minion's grains from its first hello, before anything
 * (a reactor rule on the key's acceptance, a target by grain) asks for them. Real channel, real CURVE client.
 */
class StrangersHelloGrainsTest {
    private static final Map<String, Object> GRAINS = Map.of("role", "app");

    @TempDir
    Path dir;

    /** The hello the channel's listener is given for one minion's first hello, and the key store's verdict. */
    private record Heard(MinionMessage.Hello hello, KeyStore.Registration verdict) {
    }

    private Heard firstHello(KeyStore keys, String enrolment) throws Exception {
        BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CurveKeys master = CurveKeys.generate();
        try (ZContext ctx = new ZContext(1);
             MasterChannel channel = new MasterChannel(ctx, master, "127.0.0.1", port, keys, MasterConfig.Limits.defaults(),
                     new MasterChannel.Listener() {
                         @Override
                         public void onHello(MinionMessage.Hello hello, KeyStore.Registration verdict) { heard.add(new Heard(hello, verdict)); }

                         @Override
                         public void onMessage(String minionId, MinionMessage message) { }

                         @Override
                         public void onDisconnected(String minionId) { }
                     }, (what, e) -> { })) {
            CurveKeys minion = CurveKeys.generate();
            ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
            dealer.setLinger(0);
            dealer.setCurveServerKey(master.publicKey());
            dealer.setCurvePublicKey(minion.publicKey());
            dealer.setCurveSecretKey(minion.secretKey());
            dealer.setIdentity(Wire.newRoutingId("web1").getBytes(StandardCharsets.UTF_8));
            dealer.connect("tcp://127.0.0.1:" + port);
            dealer.send(Wire.encode(new MinionMessage.Hello("web1", GRAINS, "test", enrolment)));
            Heard h = heard.poll(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
            dealer.close();
            assertNotNull(h, "the channel heard no hello");
            return h;
        }
    }

    @Test
    void aStrangersHelloIsReadWithoutItsGrains() throws Exception {
        Heard h = firstHello(new KeyStore(dir.resolve("pki"), false), null);
        assertEquals(KeyStore.Registration.PENDING, h.verdict());
        assertEquals(Map.of(), h.hello().grains());
    }

    @Test
    void aHelloThatAutoAcceptAcceptsIsReadWithItsGrains() throws Exception {
        Heard h = firstHello(new KeyStore(dir.resolve("pki"), true), null);
        assertEquals(KeyStore.Registration.ACCEPTED, h.verdict());
        assertEquals(GRAINS, h.hello().grains());
    }

    @Test
    void aHelloWhoseTokenAcceptsItIsReadWithItsGrains() throws Exception {
        KeyStore keys = new KeyStore(dir.resolve("pki"), false);
        String token = keys.enrolments().issue("web1", Duration.ofMinutes(10)).token();
        Heard h = firstHello(keys, token);
        assertEquals(KeyStore.Registration.ACCEPTED, h.verdict());
        assertEquals(GRAINS, h.hello().grains());
    }
}
