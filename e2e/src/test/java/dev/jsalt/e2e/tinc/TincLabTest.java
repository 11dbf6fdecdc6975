package dev.jsalt.e2e.tinc;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ApplyResult;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.Requirements;
import dev.jsalt.e2e.lab.TcpProbe;
import dev.jsalt.minion.states.tinc.TincModule;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real tincd in three lab hosts, driven only by the tinc state module through LocalApply. Phase 1 configures the
 * network, makes keys and tinc-up on each host; the public keys collected from the results are handed back as
 * {@code tinc.host} members (what the mine does in the fleet), then tincd runs and every pair talks over
 * 10.88.0.x. A second apply changes nothing; dropping db2 from the others' members (exact) reloads them and cuts
 * db2 off; adding it back reconnects it; a tinc-up change restarts rather than reloads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TincLabTest {
    private static final String NET = "lab";
    private static final int PORT = 7000;
    private static final Duration PROBE = Duration.ofSeconds(2);
    // After a peer's tincd restarts, tinc 1.0 can take about a minute to move traffic between it and a peer that kept
    // the old session (seen under a full suite's load: every edge back, the pair's packets still dropped at 60 s).
    // This bounds how long a test waits, not how long a healthy mesh takes (seconds).
    private static final Duration MESH = Duration.ofSeconds(120);
    private static final List<String> HOSTS = List.of("app1", "db1", "db2");

    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("app1", 10, "app").host("db1", 11, "db").host("db2", 12, "db"));

    /** node → its public key, as tinc.keys reported it. */
    private static final Map<String, String> keys = new LinkedHashMap<>();
    private static final Map<String, byte[]> privateKeys = new LinkedHashMap<>();

    @BeforeAll
    static void listeners() {
        assumeTrue(Requirements.missingCommands("tincd", "socat", "ip").isEmpty(),
                () -> Requirements.missingCommands("tincd", "socat", "ip").orElse(""));
        // Something to connect to on every host; probes go to its VPN address, so only tun0 can carry them.
        for (String h : HOSTS) {
            LabHost host = LAB.host(h);
            host.spawnDaemon("probe", List.of("socat", "TCP-LISTEN:" + PORT + ",fork,reuseaddr", "EXEC:/bin/true"));
            await().atMost(Duration.ofSeconds(10)).until(() -> host.probeTcp("127.0.0.1", PORT, PROBE) == TcpProbe.OPEN);
        }
    }

    @Test
    @Order(1)
    void testModeChangesNothing() {
        ApplyResult r = LAB.apply("app1", phase1("app1"), true);
        assertTrue(r.results().stream().allMatch(s -> s.outcome() == Outcome.WOULD_CHANGE), r::toString);
        assertFalse(LAB.host("app1").exists("/etc/tinc/" + NET), "test mode wrote nothing");
    }

    @Test
    @Order(2)
    void phase1NetworkKeysAndTincUpOnEveryHost() throws Exception {
        for (String h : HOSTS) {
            ApplyResult r = LAB.apply(h, phase1(h), false);
            assertTrue(r.ok(), () -> h + ": " + r.results() + r.stderr());
            assertTrue(r.results().stream().allMatch(s -> s.outcome() == Outcome.CHANGED), () -> h + ": " + r.results());
            String pub = (String) r.get("vpn-keys").changes().get("public_key");
            assertTrue(pub.startsWith("-----BEGIN RSA PUBLIC KEY-----"), pub);
            // what the minion's mine function publishes, read from the host's own /etc/tinc
            Map<String, Object> info = TincModule.hostInfo(etcTinc(h), NET, null);
            assertEquals(h, info.get("node"));
            assertEquals(pub, info.get("public_key"));
            keys.put(h, pub);
            privateKeys.put(h, Files.readAllBytes(etcTinc(h).resolve(NET).resolve("rsa_key.priv")));
            assertEquals("ConnectTo = " + String.join("\nConnectTo = ", others(h)),
                    LAB.host(h).readFile("/etc/tinc/" + NET + "/tinc.conf").lines().filter(l -> l.startsWith("ConnectTo")).reduce((a, b) -> a + "\n" + b).orElse(""));
        }
        assertEquals(3, keys.values().stream().distinct().count(), "every host has its own key");
    }

    @Test
    @Order(3)
    void phase2HostsAndDaemonsMakeAFullMesh() {
        for (String h : HOSTS) {
            ApplyResult r = LAB.apply(h, phase2(h, HOSTS), false);
            assertTrue(r.ok(), () -> h + ": " + r.results() + r.stderr() + tincLog(h));
            assertEquals(Map.of("added", others(h), "updated", List.of(h)), r.get("vpn-hosts").changes(), h);
            assertEquals(Map.of("tincd", "started"), r.get("vpn-running").changes(), h);
        }
        awaitReachable(HOSTS);
    }

    @Test
    @Order(4)
    void aSecondApplyChangesNothingAndKeepsTheKeys() throws Exception {
        for (String h : HOSTS) {
            ApplyResult r = LAB.apply(h, everything(h, HOSTS, List.of()), false);
            assertEquals(5, r.results().size(), () -> h + ": " + r.results() + r.stderr());
            assertTrue(r.results().stream().allMatch(s -> s.outcome() == Outcome.UNCHANGED && s.changes().isEmpty()),
                    () -> h + ": " + r.results());
            assertArrayEquals(privateKeys.get(h), Files.readAllBytes(etcTinc(h).resolve(NET).resolve("rsa_key.priv")), h);
        }
    }

    @Test
    @Order(5)
    void aMemberDroppedWithExactIsCutOffAfterTheReload() {
        List<String> remaining = List.of("app1", "db1");
        for (String h : remaining) {
            ApplyResult r = LAB.apply(h, everything(h, remaining, List.of()), false);
            assertTrue(r.ok(), () -> h + ": " + r.results() + r.stderr());
            assertEquals(List.of("db2"), r.get("vpn-hosts").changes().get("removed"), h);
            assertEquals("reloaded", r.get("vpn-running").changes().get("tincd"), () -> h + ": " + r.get("vpn-running"));
            assertFalse(LAB.host(h).exists("/etc/tinc/" + NET + "/hosts/db2"));
        }
        await().atMost(MESH).until(() -> probe("db2", "app1") != TcpProbe.OPEN && probe("app1", "db2") != TcpProbe.OPEN
                && probe("db1", "db2") != TcpProbe.OPEN);
        assertEquals(TcpProbe.OPEN, probe("app1", "db1"), "the others still talk");
        assertEquals(TcpProbe.OPEN, probe("db1", "app1"));
    }

    @Test
    @Order(6)
    void addedBackItRejoins() {
        for (String h : List.of("app1", "db1")) {
            ApplyResult r = LAB.apply(h, everything(h, HOSTS, List.of()), false);
            assertTrue(r.ok(), () -> h + ": " + r.results() + r.stderr());
            assertEquals(Map.of("added", List.of("db2")), r.get("vpn-hosts").changes(), h);
            assertEquals("reloaded", r.get("vpn-running").changes().get("tincd"), h);
        }
        awaitReachable(HOSTS);
    }

    @Test
    @Order(7)
    void aTincUpChangeRestartsTheDaemon() {
        String pidBefore = LAB.host("db2").readFile("/run/tinc." + NET + ".pid").strip();
        ApplyResult r = LAB.apply("db2", everything("db2", HOSTS, List.of("10.89.12.0/24")), false);
        assertTrue(r.ok(), () -> r.results() + r.stderr() + tincLog("db2"));
        assertEquals("restarted", r.get("vpn-running").changes().get("tincd"), () -> r.get("vpn-running").toString());
        assertNotEquals(pidBefore, LAB.host("db2").readFile("/run/tinc." + NET + ".pid").strip());
        assertTrue(LAB.host("db2").check("ip", "route", "show", "10.89.12.0/24").stdout().contains("dev tun0"), "the new tinc-up ran");
        awaitReachable(HOSTS);
    }

    // --- documents ---

    private static List<Resource> phase1(String h) {
        return List.of(network(h), res("vpn-keys", "keys", Map.of("netname", NET)), up(h, List.of()));
    }

    private static List<Resource> phase2(String h, List<String> members) {
        Resource hosts = hosts(members);
        return List.of(hosts, running(hosts));
    }

    /** What the vpn formula declares: every function, running watching the rest. */
    private static List<Resource> everything(String h, List<String> members, List<String> routes) {
        Resource network = network(h, members);
        Resource up = up(h, routes);
        Resource hosts = hosts(members);
        return List.of(network, res("vpn-keys", "keys", Map.of("netname", NET)), up, hosts, running(network, up, hosts));
    }

    private static Resource network(String h) { return network(h, HOSTS); }

    private static Resource network(String h, List<String> members) {
        // the node name defaults to the minion id; LocalApply has no grains, so the host name stands in for it
        return res("vpn-network", "network", Map.of("netname", NET, "interface", "tun0", "mode", "router", "port", 655,
                "address_family", "ipv4", "connect_to", members.stream().filter(m -> !m.equals(h)).toList()));
    }

    private static Resource up(String h, List<String> routes) {
        return res("vpn-up", "up", Map.of("netname", NET, "address", vpn(h) + "/24", "routes", routes));
    }

    private static Resource hosts(List<String> members) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String h : members) {
            m.put(h, Map.of("address", LAB.host(h).address(), "subnet", vpn(h) + "/32", "port", 655, "public_key", keys.get(h)));
        }
        return res("vpn-hosts", "host", Map.of("netname", NET, "hosts", m, "exact", true));
    }

    private static Resource running(Resource... watched) {
        return res("vpn-running", "running", Map.of("netname", NET), Arrays.stream(watched)
                .map(w -> new Requisite(RequisiteKind.WATCH, w.key())).toArray(Requisite[]::new));
    }

    private static Resource res(String id, String function, Map<String, Object> args, Requisite... reqs) {
        return new Resource(Resource.keyOf("tinc", id, id, function), id, "tinc", function, id, args, List.of(reqs),
                "vpn", "vpn/init.sls", 0, false);
    }

    // --- probes ---

    private static void awaitReachable(List<String> hosts) {
        List<String[]> pairs = new ArrayList<>();
        for (String a : hosts) for (String b : hosts) if (!a.equals(b)) pairs.add(new String[]{a, b});
        try {
            await().atMost(MESH).pollInterval(Duration.ofMillis(200)).until(() -> {
                pairs.removeIf(p -> probe(p[0], p[1]) == TcpProbe.OPEN);
                return pairs.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            StringBuilder why = new StringBuilder("no VPN connection for " + pairs.stream().map(p -> p[0] + "->" + p[1]).toList());
            for (String h : hosts) {
                LabHost host = LAB.host(h);
                host.exec("tincd", "-n", NET, "--pidfile=/run/tinc." + NET + ".pid", "-kUSR2"); // nodes, edges, subnets into the log
                why.append(tincLog(h)).append("\nip addr of ").append(h).append(": ").append(host.exec("ip", "-br", "addr").stdout());
            }
            throw new AssertionError(why.toString(), e);
        }
    }

    private static TcpProbe probe(String from, String to) {
        return LAB.host(from).probeTcp(vpn(to), PORT, PROBE);
    }

    private static String vpn(String h) { return "10.88.0." + LAB.host(h).index(); }

    private static List<String> others(String h) { return HOSTS.stream().filter(x -> !x.equals(h)).toList(); }

    /** The host's private /etc/tinc as seen from this JVM. */
    private static Path etcTinc(String h) { return LAB.host(h).dir().resolve("etc-tinc"); }

    private static String tincLog(String h) {
        LabHost host = LAB.host(h);
        return host.exists("/var/log/tinc." + NET + ".log") ? "\ntinc log of " + h + ":\n" + host.readFile("/var/log/tinc." + NET + ".log") : "";
    }
}
