package dev.jsalt.e2e.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.cloud.droplets.DropletStandIn;
import dev.jsalt.cloud.droplets.UserData;
import dev.jsalt.common.json.Json;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.JsaltFleet;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.Netns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 end to end: {@code jsalt cloud map} on the lab's master host against the DigitalOcean stand-in, whose
 * droplets boot as lab hosts ({@link LabBooter}) and run their user-data as cloud-init would. Three droplets boot, their
 * minions enrol with their one-time tokens, get their {@code role} grain and converge (a file from the grain and the
 * firewall formula of states/); the same map again changes nothing; {@code --prune} destroys exactly the droplet left
 * out. With faults: the first map runs through 429s and 500s (one create carried out and answered 500) without a
 * duplicate; a droplet whose user-data fails is reported and destroyed; a token replayed from another lab host is
 * refused. Nothing the run leaves (logs, job cache, CLI output, journals) holds the API token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudMapLabTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final String API_TOKEN = "dop_v1_" + HexFormat.of().formatHex(randomBytes());
    private static final String ETC = CloudFleet.ETC;
    private static final Map<String, String> ROLES = Map.of("db1", "db", "app1", "app", "app2", "app");
    /** A port each droplet listens on for the mesh probes, opened on tun0 to the VPN by the firewall pillar. */
    private static final int PROBE_PORT = 7000;

    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> CloudFleet.fleet(b, REPO, PROBE_PORT));

    private static DropletStandIn standIn;
    private static LabBooter booter;
    private static StandInBridge bridge;
    /** Everything the CLI printed, for the token scan. */
    private static final StringBuilder OUTPUT = new StringBuilder();

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    @BeforeAll
    static void standIn() throws IOException {
        Lab lab = LAB.lab();
        // The droplets boot from the lab's image: built now, not by the first droplet, whose boot would then take the
        // image's first build (minutes), past the provisioner's wait for "active"
        dev.jsalt.e2e.lab.LabImage.ensure();
        LabHost salt = lab.requireMaster();
        booter = new LabBooter(lab);
        standIn = new DropletStandIn(API_TOKEN, booter);
        bridge = StandInBridge.open(salt, standIn.url(), lab.stateDir().resolve("standin.sock"));
        CloudFleet.configure(salt, API_TOKEN, standIn.url());
        Files.writeString(salt.hostSide(ETC + "/fleet.yaml"), "db: [db1]\napp: [app1, app2]\n");
        Files.writeString(salt.hostSide(ETC + "/fleet-smaller.yaml"), "db: [db1]\napp: [app1]\n");
    }

    /** A droplet's VPN address: the vpn formula's default, the last octet of its address on eth1 on 10.88.0. */
    private static String vpnAddress(LabHost h) {
        String a = h.address();
        return "10.88.0." + a.substring(a.lastIndexOf('.') + 1);
    }

    /** A listener on {@link #PROBE_PORT} (the booted image has python3, not socat). */
    private static void listen(LabHost h) {
        h.spawnDaemon("probe", List.of("python3", "-c", "import socket\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('0.0.0.0', " + PROBE_PORT + "))\ns.listen(16)\nwhile True:\n    s.accept()[0].close()\n"));
    }

    /** Every one of {@code hosts} reaches every other one's VPN address; on a timeout, the pairs that do not. */
    private static void awaitMesh(String what, List<LabHost> hosts) {
        List<String> missing = new ArrayList<>();
        try {
            await(what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                missing.clear();
                for (LabHost from : hosts) {
                    for (LabHost to : hosts) {
                        if (from != to && from.probeTcp(vpnAddress(to), PROBE_PORT, Duration.ofSeconds(2)) != dev.jsalt.e2e.lab.TcpProbe.OPEN) {
                            missing.add(from.name() + " -> " + to.name());
                        }
                    }
                }
                return missing.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + ": not reaching over tun0: " + missing, e);
        }
    }

    @AfterAll
    static void closeStandIn() throws IOException {
        try {
            if (bridge != null) bridge.close();
        } finally {
            if (standIn != null) standIn.close();
        }
    }

    /** The jsalt CLI on the master host (CloudFleet.cli), its output kept for the token scan. */
    private static ExecResult jsalt(String... args) {
        ExecResult r = CloudFleet.cli(LAB.lab(), args);
        synchronized (OUTPUT) {
            OUTPUT.append(r.stdout()).append(r.stderr());
        }
        return r;
    }

    private static Map<String, JsonNode> keys() throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode k : Json.mapper().readTree(jsalt("keys", "list", "--output", "json").orThrow("keys list").stdout())) {
            out.put(k.path("id").asText(), k);
        }
        return out;
    }

    private static List<String> dropletNames() {
        return standIn.created().stream().map(DropletStandIn.Created::name).sorted().toList();
    }

    private static long creates() {
        return standIn.exchanges().stream().filter(e -> e.method().equals("POST") && e.path().equals("/v2/droplets")).count();
    }

    @Test
    @Order(1)
    void mapBootsThreeDropletsThroughFaultsAndEachJoinsGetsItsRoleAndConverges() throws IOException {
        // 429s and 500s before anything is done, and one create carried out but answered 500.
        standIn.injectFaults(429, 2);
        standIn.injectFaults(500, 2);
        standIn.failAfterDoing("POST /v2/droplets", 1);

        ExecResult r = jsalt("cloud", "map", ETC + "/fleet.yaml");
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exit(), out);
        assertTrue(out.contains("3 to create, 0 unchanged, 0 to destroy."), out);
        assertEquals(List.of("app1", "app2", "db1"), dropletNames(), "one droplet per name, whatever the faults");

        Map<String, JsonNode> keys = keys();
        for (Map.Entry<String, String> e : ROLES.entrySet()) {
            LabHost h = LAB.host(e.getKey());
            assertTrue(h.booted(), h + " boots like a droplet");
            assertEquals(e.getValue(), h.readFile("/etc/jsalt-role").strip(), "the highstate wrote the role grain on " + h);
            assertTrue(h.exec("ufw", "status").stdout().contains("Status: active"), "the firewall formula enabled ufw on " + h);
            assertTrue(h.exec("ip", "-4", "-o", "addr", "show", "dev", "eth0").stdout().contains("203.0.113."), "public address on " + h);
            assertFalse(h.exists(UserData.tokenPath(Map.of())), "the used enrolment token is deleted on " + h);
            assertTrue(booter.firstBoot(e.getKey()).ok(), booter.firstBoot(e.getKey()).failures());
            assertEquals("accepted", keys.get(e.getKey()).path("state").asText(), "key of " + e.getKey());
        }
        // The VPN mesh forms with no step of the operator's: each droplet publishes its tinc entry, and the reactor
        // re-applies the firewall and VPN formulas to the members, which admit and dial each other.
        List<LabHost> droplets = List.of(LAB.host("db1"), LAB.host("app1"), LAB.host("app2"));
        droplets.forEach(CloudMapLabTest::listen);
        awaitMesh("a VPN mesh of db1, app1, app2", droplets);
        for (LabHost h : droplets) {
            for (LabHost peer : droplets) {
                if (peer != h) assertTrue(h.exists("/etc/tinc/vpn/hosts/" + peer.name()), peer + "'s tinc host file on " + h);
            }
        }
    }

    @Test
    @Order(2)
    void theSameMapAgainChangesNothing() {
        long before = creates();
        ExecResult r = jsalt("cloud", "map", ETC + "/fleet.yaml");
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exit(), out);
        assertTrue(out.contains("0 to create, 3 unchanged, 0 to destroy."), out);
        assertTrue(out.contains("No changes."), out);
        assertEquals(before, creates(), "no create sent");
        assertEquals(List.of("app1", "app2", "db1"), dropletNames());
    }

    @Test
    @Order(3)
    void aDropletWhoseUserDataFailsIsReportedAndDestroyed() {
        ExecResult r = jsalt("cloud", "create", "broken", "bad1");
        String out = r.stdout() + r.stderr();
        assertEquals(1, r.exit(), out);
        assertTrue(out.contains("bad1: failed") && out.contains("destroyed"), out);
        CloudInit.Result boot = booter.firstBoot("bad1");
        assertFalse(boot.ok(), "its install step failed");
        assertTrue(boot.failures().contains("exit 7"), boot.failures());
        await("bad1's host removed").atMost(Duration.ofSeconds(30)).until(() -> LAB.lab().hosts().stream().noneMatch(h -> h.name().equals("bad1")));
        assertFalse(Netns.list().contains(Netns.hostNs(LAB.lab().name(), "bad1")));
        assertEquals(List.of("app1", "app2", "db1"), dropletNames());
    }

    @Test
    @Order(4)
    void pruneDestroysExactlyTheDropletLeftOutAndItsKey() throws IOException {
        long db1 = standIn.created().stream().filter(c -> c.name().equals("db1")).findFirst().orElseThrow().id();
        ExecResult r = jsalt("cloud", "map", ETC + "/fleet-smaller.yaml", "--prune", "--yes");
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exit(), out);
        assertTrue(out.contains("- app2") && out.contains("0 to create, 2 unchanged, 1 to destroy."), out);
        await("app2's host removed").atMost(Duration.ofSeconds(30)).until(() -> LAB.lab().hosts().stream().noneMatch(h -> h.name().equals("app2")));
        assertFalse(Netns.list().contains(Netns.hostNs(LAB.lab().name(), "app2")));
        assertFalse(Files.exists(LAB.lab().stateDir().resolve("hosts/app2")), "its state dir is gone");
        assertEquals(List.of("app1", "db1"), dropletNames());
        assertEquals(db1, standIn.created().stream().filter(c -> c.name().equals("db1")).findFirst().orElseThrow().id(), "db1 untouched");
        assertFalse(keys().containsKey("app2"), "app2's key left the key store");
        assertTrue(LAB.host("app1").up() && LAB.host("db1").up());
        // It left the VPN too: its key's deletion took its mine data, and the reactor re-applied the formulas to the
        // members, whose `exact` removed its tinc host file and its firewall rule.
        for (LabHost h : List.of(LAB.host("app1"), LAB.host("db1"))) {
            await("app2 out of " + h.name() + "'s VPN").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !h.exists("/etc/tinc/vpn/hosts/app2") && !h.exec("ufw", "status").stdout().contains("tinc from app2"));
        }
        awaitMesh("db1 and app1 still meshed", List.of(LAB.host("db1"), LAB.host("app1")));
    }

    @Test
    @Order(5)
    void aTokenReplayedFromAnotherHostIsRefused() throws IOException {
        // app2's token, as its user-data carried it, presented by a minion on db1 that claims to be app2.
        String userData = standIn.exchanges().stream()
                .filter(e -> e.method().equals("POST") && e.path().equals("/v2/droplets") && e.requestBody().contains("\"app2\""))
                .map(e -> json(e.requestBody()).path("user_data").asText())
                .findFirst().orElseThrow();
        LabHost db1 = LAB.host("db1");
        var thief = presentToken(db1, "app2", UserData.files(userData).get(UserData.tokenPath(Map.of()))[1], "thief");
        try {
            Path masterLog = LAB.host("salt").dir().resolve("logs/jsalt-master.log");
            await("the master refuses the replay").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Files.readString(masterLog).contains("refused enrolment of minion app2"));
            JsonNode key = keys().get("app2");
            assertNotEquals("accepted", key == null ? "none" : key.path("state").asText(), "the replayed token accepted nothing");
        } finally {
            db1.signal(thief, "TERM");
            jsalt("keys", "delete", "app2");
        }
    }

    /** app1's token, used by app1 (which runs), presented again from db1 with another key: refused, app1 untouched. */
    @Test
    @Order(6)
    void aUsedTokenPresentedAgainFromAnotherHostIsRefused() throws IOException {
        String token = UserData.files(userDataOf("app1")).get(UserData.tokenPath(Map.of()))[1];
        String fingerprint = keys().get("app1").path("fingerprint").asText();
        LabHost db1 = LAB.host("db1");
        var thief = presentToken(db1, "app1", token, "reuse");
        try {
            Path masterLog = LAB.host("salt").dir().resolve("logs/jsalt-master.log");
            await("the master refuses the reuse").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Files.readString(masterLog).contains("minion app1 presented a different key"));
            JsonNode key = keys().get("app1");
            assertEquals("accepted", key.path("state").asText());
            assertEquals(fingerprint, key.path("fingerprint").asText(), "app1's own key stays the one on file");
        } finally {
            db1.signal(thief, "TERM");
        }
        ExecResult ping = jsalt("run", "app1", "test.ping", "--output", "json");
        assertEquals(0, ping.exit(), ping.stdout() + ping.stderr());
    }

    /** A token issued for a machine that never came, presented after its expiry: refused, the key left pending. */
    @Test
    @Order(7)
    void anExpiredTokenIsRefused() throws Exception {
        LabHost salt = LAB.lab().requireMaster();
        // What jsalt cloud asks the master for each droplet, with a 1 s life.
        ExecResult issued = salt.exec("sh", "-c", "curl -sf -H \"Authorization: Bearer $(cat " + JsaltFleet.MASTER_ROOT
                + "/api.token)\" -H 'Content-Type: application/json' -d '{\"id\": \"app7\", \"ttl\": 1}' http://127.0.0.1:"
                + JsaltFleet.API_PORT + "/v1/enrolments");
        assertEquals(0, issued.exit(), issued.stderr());
        String token = json(issued.stdout()).path("token").asText();
        assertFalse(token.isEmpty(), issued.stdout());
        Thread.sleep(2000);
        LabHost db1 = LAB.host("db1");
        var late = presentToken(db1, "app7", token, "late");
        try {
            Path masterLog = LAB.host("salt").dir().resolve("logs/jsalt-master.log");
            await("the master refuses the expired token").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Files.readString(masterLog).lines().anyMatch(l -> l.contains("refused enrolment of minion app7")
                            && l.contains("the token expired at")));
            assertEquals("pending", keys().get("app7").path("state").asText(), "nothing was accepted");
        } finally {
            db1.signal(late, "TERM");
            jsalt("keys", "delete", "app7");
        }
    }

    /** The user-data {@code jsalt cloud} sent to the provider when it created {@code name}. */
    private static String userDataOf(String name) {
        return standIn.exchanges().stream()
                .filter(e -> e.method().equals("POST") && e.path().equals("/v2/droplets") && e.requestBody().contains("\"" + name + "\""))
                .map(e -> json(e.requestBody()).path("user_data").asText())
                .findFirst().orElseThrow();
    }

    /**
     * Starts a second minion on {@code host} that says it is {@code id} and presents {@code token} with a key of its own,
     * as someone holding the token would: the master address and fingerprint from app1's user-data, a root_dir of its own.
     */
    private static dev.jsalt.e2e.lab.Daemon presentToken(LabHost host, String id, String token, String name) {
        String root = "/var/lib/jsalt/" + name;
        String conf = "/etc/jsalt-" + name;
        String minionYaml = UserData.files(userDataOf("app1")).get(UserData.MINION_YAML)[1]
                .replace(UserData.DEFAULT_ROOT, root).replaceAll("(?m)^id: .*$", "id: " + id);
        host.check("mkdir", "-p", conf, root + "/pki");
        host.writeFile(conf + "/minion.yaml", minionYaml);
        host.writeFile(root + "/pki/enrolment.token", token);
        return host.spawnDaemon(name, List.of("/usr/bin/jsalt", "minion", "-c", conf));
    }

    @Test
    @Order(8)
    void theApiTokenIsInNoLogJobCacheJournalOrOutput() throws IOException {
        Lab lab = LAB.lab();
        List<String> found = new ArrayList<>();
        List<String> scanned = new ArrayList<>();
        synchronized (OUTPUT) {
            if (OUTPUT.indexOf(API_TOKEN) >= 0) found.add("the CLI's output");
        }
        Path tokenFile = lab.requireMaster().hostSide(ETC + "/standin.token");
        byte[] needle = API_TOKEN.getBytes(StandardCharsets.US_ASCII);
        Files.walkFileTree(lab.stateDir(), new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                Path rel = lab.stateDir().relativize(dir);
                // The exported class path, and a booted host's whole root file system (its own writes are in upper/).
                boolean skip = rel.startsWith("cp") || rel.getNameCount() == 3 && List.of("root", "work").contains(rel.getName(2).toString());
                return skip ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile() || p.equals(tokenFile)) return java.nio.file.FileVisitResult.CONTINUE;
                scanned.add(lab.stateDir().relativize(p).toString());
                if (contains(Files.readAllBytes(p), needle)) found.add(lab.stateDir().relativize(p).toString());
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        for (String h : List.of("db1", "app1")) {
            if (LAB.host(h).journal("jsalt-minion", 10_000).contains(API_TOKEN)) found.add(h + "'s journal");
        }
        assertEquals(List.of(), found, "the API token leaked");
        // The scan saw what matters: the master's log and job cache, and the droplets' cloud-init logs.
        assertTrue(scanned.contains("hosts/salt/logs/jsalt-master.log"), scanned.toString());
        assertTrue(scanned.stream().anyMatch(p -> p.startsWith("hosts/salt/srv/jsalt/master/jobs")), scanned.toString());
        assertTrue(scanned.contains("hosts/db1/logs/cloud-init.log"), scanned.toString());
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }
}
