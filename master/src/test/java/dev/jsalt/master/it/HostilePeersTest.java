package dev.jsalt.master.it;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.MasterMessage;
import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.common.wire.Wire;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.JobPublisher;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.minion.trust.MasterPin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The findings of issue 16, reproduced from outside against a real master on loopback: rogue DEALERs with keys of their
 * own, raw TCP speaking ZMTP, oversized frames, raw HTTP. After each attack the master still answers test.ping from its
 * real minions and a new key can still be accepted ({@link #stillServes}).
 */
class HostilePeersTest {
    private final Fleet fleet;
    private final ZContext rogueCtx = new ZContext(1);

    HostilePeersTest() throws Exception {
        fleet = new Fleet();
    }

    @AfterEach
    void tearDown() throws Exception {
        rogueCtx.close();
        fleet.close();
    }

    private void stillServes(String... minions) throws Exception {
        Map<String, MinionResult> r = fleet.run("*", "test.ping", List.of(), Map.of(), 10);
        for (String m : minions) assertEquals(MinionStatus.RETURNED, r.get(m).status(), "ping " + m + " after the attack: " + r);
        String fresh = "fresh" + System.nanoTime() % 100000;
        fleet.startMinion(fresh, "app");
        fleet.acceptAndAwaitConnected(fresh);
        assertEquals(MinionStatus.RETURNED, fleet.run(fresh, "test.ping", List.of(), Map.of(), 10).get(fresh).status());
    }

    private ZMQ.Socket rogue(String routingId, CurveKeys key) {
        ZMQ.Socket d = rogueCtx.createSocket(SocketType.DEALER);
        d.setLinger(0);
        d.setIdentity(routingId.getBytes(StandardCharsets.UTF_8));
        d.setCurvePublicKey(key.publicKey());
        d.setCurveSecretKey(key.secretKey());
        d.setCurveServerKey(ZMQ.Curve.z85Decode(fleet.master.masterKeys().curvePublic()));
        d.setReceiveTimeOut(200);
        d.connect("tcp://127.0.0.1:" + fleet.port);
        return d;
    }

    private static List<MasterMessage> drain(ZMQ.Socket s, long millis) {
        List<MasterMessage> got = new ArrayList<>();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            byte[] b = s.recv();
            if (b != null) got.add(Wire.decodeMaster(b));
        }
        return got;
    }

    private static MasterMessage first(ZMQ.Socket s, long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            byte[] b = s.recv();
            if (b != null) return Wire.decodeMaster(b);
        }
        throw new AssertionError("no answer within " + millis + " ms");
    }

    /** Finding: a fresh key under a disconnected minion's routing id was answered and then received that minion's job. */
    @Test
    void aSquatterGetsNoJobsAndCannotKeepTheMinionOut() throws Exception {
        fleet.startMaster();
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        fleet.stopMinion("app1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.master.registry().connected("app1"));

        // Squatters with keys of their own, under every routing id they could think of.
        List<ZMQ.Socket> squatters = new ArrayList<>();
        for (String rid : List.of("app1", Wire.newRoutingId("app1"))) {
            ZMQ.Socket s = rogue(rid, CurveKeys.generate());
            s.send(Wire.encode(new MinionMessage.Hello("app1", Map.of("role", "app"), "x")));
            squatters.add(s);
        }
        for (ZMQ.Socket s : squatters) {
            List<MasterMessage> got = drain(s, 1500);
            assertTrue(got.stream().allMatch(m -> m instanceof MasterMessage.Welcome w && !w.keyState().equals("accepted")), got.toString());
        }
        // The operator runs a job on app1 while only the squatters are there: nothing of it reaches them.
        fleet.run("app1", "cmd.run", List.of("echo secret-args"), Map.of(), 2);
        for (ZMQ.Socket s : squatters) {
            for (MasterMessage m : drain(s, 1000)) assertFalse(m instanceof MasterMessage.SignedJob, "a squatter received " + m);
        }
        // The real minion comes back (same key) and is answered, squatters still connected (the finding: 12+ minutes;
        // a new minion process takes seconds to start and connect, more on a loaded machine).
        fleet.startMinion("app1", "app");
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.master.registry().connected("app1"));
        stillServes("app1");
        for (ZMQ.Socket s : squatters) {
            for (MasterMessage m : drain(s, 500)) assertFalse(m instanceof MasterMessage.SignedJob, "a squatter received " + m);
        }
    }

    /** Finding: a half-open old connection kept a reconnecting minion unanswered; a minion killed mid-job left it WAITING. */
    @Test
    void aFrozenConnectionIsNoticedAndAReconnectTakesOverAtOnce() throws Exception {
        fleet.startMaster("limits:", "  heartbeat_interval: 1", "  heartbeat_timeout: 3");
        try (TcpRelay relay = new TcpRelay(fleet.port)) {
            // The minion reaches the master through the relay: its config written by hand.
            Files.createDirectories(fleet.minionDir("app1"));
            Files.writeString(fleet.minionDir("app1").resolve("minion.yaml"), "id: app1\nmaster: 127.0.0.1:" + relay.port()
                    + "\nmaster_key_port: " + fleet.keyPort + "\nroot_dir: root\ngrains:\n  role: app\n");
            fleet.startMinion("app1", "app");
            fleet.acceptAndAwaitConnected("app1");

            // A job in flight when the path freezes (no FIN, no RST): the heartbeat ends the connection within its
            // timeout, and the job reports the minion's connection as lost instead of waiting for its timeout.
            CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
            JobPublisher p = fleet.master.publisher();
            Thread.sleep(300);
            relay.freezeAll();
            long frozenAt = System.currentTimeMillis();
            p.publish(new JobPublisher.Request("app1", "test.sleep", List.of(1), Map.of(), 60, null, "test"), List.of("app1"), null, e -> {
                if (e instanceof JobEvent.Done d) done.complete(d.results());
            });
            List<MinionResult> results = done.get(20, TimeUnit.SECONDS);
            long noticed = System.currentTimeMillis() - frozenAt;
            assertEquals(MinionStatus.DISCONNECTED, results.get(0).status(), results.toString());
            assertTrue(noticed < 10_000, "noticed after " + noticed + " ms (heartbeat timeout 3 s)");
            assertFalse(fleet.master.registry().connected("app1"));

            // The minion process restarts over a fresh path while the frozen one is still open: answered at once.
            fleet.stopMinion("app1");
            relay.unfreezeNew();
            fleet.startMinion("app1", "app");
            await().atMost(Duration.ofSeconds(10)).until(() -> fleet.master.registry().connected("app1"));
            assertEquals(MinionStatus.RETURNED, fleet.run("app1", "test.ping", List.of(), Map.of(), 10).get("app1").status());
        }
    }

    /**
     * Finding: a minion killed with -9 mid-job left the job WAITING until its timeout. A crash ends the connection with
     * no word from the minion (here: the relay it reaches the master through closes every path and takes no new one);
     * a minion that stops on purpose says which jobs it handed over to its next process (MinionRestartTest).
     */
    @Test
    void aMinionThatDiesMidJobIsReportedAsSuch() throws Exception {
        fleet.startMaster();
        TcpRelay relay = new TcpRelay(fleet.port);
        try {
            for (String id : List.of("app1", "app2")) {
                Files.createDirectories(fleet.minionDir(id));
                Files.writeString(fleet.minionDir(id).resolve("minion.yaml"), "id: " + id + "\nmaster: 127.0.0.1:" + relay.port()
                        + "\nmaster_key_port: " + fleet.keyPort + "\nroot_dir: root\ngrains:\n  role: app\n");
                fleet.startMinion(id, "app");
            }
            fleet.acceptAndAwaitConnected("app1", "app2");
            CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
            JobPublisher p = fleet.master.publisher();
            long start = System.currentTimeMillis();
            p.publish(new JobPublisher.Request("*", "cmd.run", List.of("sleep 20"), Map.of(), 120, null, "test"), List.of("app1", "app2"), null, e -> {
                if (e instanceof JobEvent.Done d) done.complete(d.results());
            });
            Thread.sleep(1500);
            relay.close(); // both connections end at once, without a goodbye
            List<MinionResult> r = done.get(30, TimeUnit.SECONDS);
            assertTrue(System.currentTimeMillis() - start < 20_000, "the job waited for its timeout");
            r.forEach(x -> assertEquals(MinionStatus.DISCONNECTED, x.status(), x.toString()));
        } finally {
            relay.close();
        }
    }

    /**
     * Finding: four connections claiming 60 MB frames before any authentication took the master down. A frame before
     * the CURVE handshake is done can only be a handshake command: one over the frame limit and ones under it alike
     * are refused at their header, and none of them takes any of the receive budget, which honest minions' big
     * returns need (the budget itself: the next test).
     */
    @Test
    void hugeFramesBeforeAuthenticationAreRefusedUnread() throws Exception {
        fleet.startMaster("limits:", "  max_message_kb: 8192", "  receive_budget_mb: 16");
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        // Over the frame limit: the connection is closed at the header.
        try (Socket s = zmtpGreeting()) {
            s.getOutputStream().write(frameHeader(20L << 20));
            assertClosed(s);
        }
        // Under the frame limit, and under the budget one by one: each is closed all the same, before the handshake.
        List<Socket> open = new ArrayList<>();
        try {
            int closed = 0;
            for (int i = 0; i < 4; i++) {
                Socket s = zmtpGreeting();
                s.getOutputStream().write(frameHeader(7L << 20));
                s.getOutputStream().write(new byte[1024]);
                open.add(s);
            }
            for (Socket s : open) if (isClosed(s)) closed++;
            assertEquals(4, closed, closed + " of 4 connections announcing 7 MB before their handshake were closed");
            stillServes("app1");
        } finally {
            for (Socket s : open) s.close();
        }
    }

    /**
     * Finding: five 50 MB frames from a fresh key sent under a connected minion's routing id ran the master out of heap.
     * Frames are allowed up to 64 MB here, so it is the receive budget (64 MB for all connections together) and the
     * unaccepted-key gate that stop them; with the default 16 MB frame limit the frame header alone does (second round).
     */
    @Test
    void fiveHugeFramesUnderAConnectedMinionsRoutingIdLeaveItServed() throws Exception {
        fleet.startMaster("limits:", "  max_message_kb: 65536", "  receive_budget_mb: 64");
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        byte[] frame = new byte[50 << 20];
        java.util.Arrays.fill(frame, (byte) 'x');
        // Every routing id a stranger could use for app1: its plain id (what minions used before) and one of the new form.
        List<ZMQ.Socket> rogues = new ArrayList<>();
        for (String rid : List.of("app1", Wire.newRoutingId("app1"))) {
            ZMQ.Socket s = rogue(rid, CurveKeys.generate());
            for (int i = 0; i < 5; i++) s.send(frame, 0);
            rogues.add(s);
        }
        // While the frames arrive, and after: app1 keeps its connection and answers, nothing reaches the rogues.
        stillServes("app1");
        assertTrue(fleet.master.registry().connected("app1"));
        for (ZMQ.Socket s : rogues) {
            for (MasterMessage m : drain(s, 500)) assertFalse(m instanceof MasterMessage.SignedJob, "a rogue received " + m);
            s.close();
        }
        assertTrue(fleet.master.health().ok(), fleet.master.health().snapshot().toString());
        assertTrue(fleet.master.keys().byId("app1").map(k -> k.state() == KeyState.ACCEPTED).orElse(false));
    }

    /** The same with the default limits: a 50 MB frame is over the 16 MB frame limit, refused at its header. */
    @Test
    void hugeFramesOverTheFrameLimitAreRefusedAtTheirHeader() throws Exception {
        fleet.startMaster();
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        byte[] frame = new byte[50 << 20];
        ZMQ.Socket s = rogue(Wire.newRoutingId("app1"), CurveKeys.generate());
        for (int i = 0; i < 5; i++) s.send(frame, 0);
        stillServes("app1");
        assertTrue(drain(s, 500).stream().noneMatch(m -> m instanceof MasterMessage.SignedJob));
    }

    /**
     * Finding: an accepted minion appended 20 x 1 MB "late returns" to a finished job's results (no limit, no
     * de-duplication). Now one late return per minion and job is kept, cut to limits.max_result_kb and marked.
     */
    @Test
    void lateReturnsAreKeptOncePerMinionAndBounded() throws Exception {
        fleet.startMaster("limits:", "  max_result_kb: 256");
        CurveKeys key = CurveKeys.generate();
        ZMQ.Socket evil = rogue(Wire.newRoutingId("evil"), key);
        evil.send(Wire.encode(new MinionMessage.Hello("evil", Map.of("role", "app"), "x")));
        fleet.awaitKey("evil", KeyState.PENDING);
        fleet.master.keys().setState("evil", KeyState.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            evil.send(Wire.encode(new MinionMessage.Hello("evil", Map.of("role", "app"), "x")));
            return fleet.master.registry().connected("evil");
        });
        // A job it never answers in time: it ends as no response.
        Map<String, MinionResult> first = fleet.run("evil", "test.ping", List.of(), Map.of(), 1);
        assertEquals(MinionStatus.NO_RESPONSE, first.get("evil").status());
        String jid = fleet.master.tracker().list(1).get(0).jid();
        // Twenty 1 MB returns for it, twice over: as long as the job is still in memory and after a restart of the master.
        String mb = "y".repeat(1 << 20);
        for (int i = 0; i < 20; i++) evil.send(Wire.encode(new MinionMessage.JobReturn(jid, true, 0, mb, 1.0)));
        awaitProcessed(evil);
        java.nio.file.Path results = fleet.masterDir().resolve("root/jobs/" + jid + "/results.jsonl");
        List<String> lines = Files.readAllLines(results);
        assertEquals(2, lines.size(), "no response, then one late return: " + lines.stream().map(l -> l.substring(0, Math.min(120, l.length()))).toList());
        MinionResult late = Json.read(lines.get(1), MinionResult.class);
        assertEquals(MinionStatus.LATE, late.status());
        Map<?, ?> marker = (Map<?, ?>) late.result();
        assertEquals(true, marker.get("truncated"), "a 1 MB result over the 256 KB limit is cut and marked");
        assertEquals(256 << 10, ((Number) marker.get("limit")).intValue());
        assertTrue(Files.size(results) < 300 << 10, "results file " + Files.size(results) + " bytes");

        fleet.stopMaster();
        fleet.startMaster("limits:", "  max_result_kb: 256");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            evil.send(Wire.encode(new MinionMessage.Hello("evil", Map.of("role", "app"), "x")));
            return fleet.master.registry().connected("evil");
        });
        for (int i = 0; i < 20; i++) evil.send(Wire.encode(new MinionMessage.JobReturn(jid, true, 0, mb, 1.0)));
        awaitProcessed(evil);
        assertEquals(2, Files.readAllLines(results).size(), "after a restart too, a repeated late return is dropped");
        assertEquals(MinionStatus.LATE, fleet.master.tracker().view(jid).orElseThrow().results().get(0).status());
    }

    /**
     * Waits until everything {@code s} sent so far has been handled: a connection's messages are handled in order, so
     * when the answer to a job sent now has been recorded, every earlier message has been too.
     */
    private void awaitProcessed(ZMQ.Socket s) throws Exception {
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        JobPublisher p = fleet.master.publisher();
        String jid = p.publish(new JobPublisher.Request("evil", "test.ping", List.of(), Map.of(), 20, null, "test"), List.of("evil"), null, e -> {
            if (e instanceof JobEvent.Done d) done.complete(d.results());
        });
        s.send(Wire.encode(new MinionMessage.JobReturn(jid, true, 0, true, 1.0)));
        assertEquals(MinionStatus.RETURNED, done.get(30, TimeUnit.SECONDS).get(0).status());
    }

    /** Finding: a 40 MB hello from a fresh key was parsed. */
    @Test
    void aBigHelloFromAnUnacceptedKeyIsDroppedUnread() throws Exception {
        fleet.startMaster();
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        ZMQ.Socket s = rogue(Wire.newRoutingId("big"), CurveKeys.generate());
        s.send(Wire.encode(new MinionMessage.Hello("big", Map.of("junk", "x".repeat(1 << 20)), "x")));
        assertTrue(drain(s, 1500).isEmpty());
        assertTrue(fleet.master.keys().byId("big").isEmpty(), "a 1 MB hello registered a key");
        // Five frames in one message, under an accepted minion's routing id: dropped.
        s.send("a", ZMQ.SNDMORE);
        s.send("b", ZMQ.SNDMORE);
        s.send("c");
        stillServes("app1");
    }

    /** Finding: ['', 'keys', 'extra'] ended the key announcer with EFSM and the port stayed closed. */
    @Test
    void theKeyAnnouncerSurvivesMalformedRequests() throws Exception {
        fleet.startMaster();
        ZMQ.Socket d = rogueCtx.createSocket(SocketType.DEALER);
        d.setLinger(0);
        d.setReceiveTimeOut(2000);
        d.connect("tcp://127.0.0.1:" + fleet.keyPort);
        d.send("", ZMQ.SNDMORE);
        d.send("keys", ZMQ.SNDMORE);
        d.send("extra");
        d.recv();
        // garbage over raw TCP too
        try (Socket raw = new Socket("127.0.0.1", fleet.keyPort)) {
            raw.getOutputStream().write(new byte[]{(byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
            raw.getOutputStream().flush();
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(MasterPin.fetch(rogueCtx, "127.0.0.1", fleet.keyPort, 3000).isPresent(), "key port answers");
        }
        assertEquals("up", fleet.master.health().snapshot().get("key_announcer"));
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        stillServes("app1");
    }

    /** Finding: a full pending queue told a new minion "rejected" and told the operator nothing. */
    @Test
    void aFullPendingQueueRefusesVisibly() throws Exception {
        fleet.startMaster("limits:", "  max_pending_keys: 2");
        for (int i = 0; i < 3; i++) {
            ZMQ.Socket s = rogue(Wire.newRoutingId("p" + i), CurveKeys.generate());
            s.send(Wire.encode(new MinionMessage.Hello("p" + i, Map.of(), "x")));
            MasterMessage.Welcome w = (MasterMessage.Welcome) first(s, 30_000);
            if (i < 2) assertEquals("pending", w.keyState());
            else assertTrue(w.message().contains("limits.max_pending_keys"), w.message());
        }
        Map<?, ?> r = Json.read(Api.get(fleet, "/v1/keys/refusals").body(), Map.class);
        assertEquals(1, ((Number) r.get("refused")).intValue());
        assertEquals("p2", r.get("last_refused_id"));
        fleet.master.keys().delete("p0");
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        stillServes("app1");
    }

    /** Finding: SIGTERM hung and health said 200 with the channel dead; now health reports each listener. */
    @Test
    void healthReportsEachListener() throws Exception {
        fleet.startMaster();
        Api.Response h = Api.get(fleet, "/v1/health");
        assertEquals(200, h.status());
        Map<?, ?> body = Json.read(h.body(), Map.class);
        assertEquals(Map.of("api", "up", "channel", "up", "key_announcer", "up", "results", "up", "zap", "up"), body.get("listeners"));
        fleet.master.fatal("channel", new OutOfMemoryError("test"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.master.fatalError() != null);
        assertNull(null);
    }

    // --- raw ZMTP helpers ---

    private Socket zmtpGreeting() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", fleet.port), 2000);
        s.setSoTimeout(5000);
        byte[] g = new byte[64];
        g[0] = (byte) 0xff;
        g[9] = 0x7f;
        g[10] = 3;
        g[11] = 0;
        byte[] mech = "CURVE".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(mech, 0, g, 12, mech.length);
        OutputStream out = s.getOutputStream();
        out.write(g);
        out.flush();
        InputStream in = s.getInputStream();
        byte[] peer = in.readNBytes(64);
        assertEquals(64, peer.length, "greeting");
        return s;
    }

    private static byte[] frameHeader(long size) {
        byte[] h = new byte[9];
        h[0] = 0x06; // command frame, long size
        for (int i = 0; i < 8; i++) h[1 + i] = (byte) (size >>> (56 - 8 * i));
        return h;
    }

    private static boolean isClosed(Socket s) {
        try {
            s.setSoTimeout(3000);
            int b = s.getInputStream().read();
            return b < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private static void assertClosed(Socket s) {
        assertTrue(isClosed(s), "the master kept a connection that announced an oversized frame");
    }
}
