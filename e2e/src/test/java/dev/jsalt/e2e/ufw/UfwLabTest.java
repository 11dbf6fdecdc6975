package dev.jsalt.e2e.ufw;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.e2e.lab.Cmd;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ApplyResult;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.Netns;
import dev.jsalt.e2e.lab.Requirements;
import dev.jsalt.e2e.lab.TcpProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real ufw in lab hosts: app1 and db1 get the firewall formula (states/tree/firewall, compiled by the master's
 * compiler with a lab pillar), ext1 plays "the internet" on the public switch. A veth pair named tun0 joins app1 and db1 as the VPN-side interface (tinc's own lab test brings up the
 * real mesh; a ufw rule only cares about the interface name). The machine's own firewall is checked untouched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UfwLabTest {
    private static final Duration PROBE = Duration.ofSeconds(2);
    private static final int SLOW_PORT = 7100;
    private static final List<String> ROOT_FW = List.of("/etc/ufw/user.rules", "/etc/ufw/user6.rules",
            "/etc/ufw/ufw.conf", "/etc/default/ufw");

    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("app1", 10, "app").host("db1", 11, "db").host("ext1", 12));

    private static LabHost app1;
    private static LabHost db1;
    private static LabHost ext1;
    private static String rootIptables;
    private static String rootIp6tables;
    private static List<String> rootFiles;
    private static FirewallFormula formula;

    /** The lab fleet for the formula: addresses as the lab assigns them, no master in this lab. */
    private static final String LAB_PILLAR = """
            firewall:
              public_interface: eth1
              vpn_interface: tun0
              master: {id: ''}
              hosts:
                app1: {role: app, public: 10.77.0.10, vpn: 10.88.0.10}
                db1: {role: db, public: 10.77.0.11, vpn: 10.88.0.11}
            """;

    @BeforeAll
    static void up(@TempDir Path scratch) throws Exception {
        assumeTrue(Requirements.missing().isEmpty(), () -> "no lab here: " + Requirements.missing().orElse(""));
        assumeTrue(Requirements.missingCommands("ufw", "conntrack", "iptables", "ip6tables", "socat", "curl").isEmpty(),
                () -> Requirements.missingCommands("ufw", "conntrack", "iptables", "ip6tables", "socat", "curl").orElse(""));
        // the lab exists already (the extension builds it first), but no ufw has run anywhere yet
        rootIptables = root("iptables", "-S");
        rootIp6tables = root("ip6tables", "-S");
        rootFiles = rootFirewallFiles();
        formula = new FirewallFormula(scratch, LAB_PILLAR);

        app1 = LAB.host("app1");
        db1 = LAB.host("db1");
        ext1 = LAB.host("ext1");
        // The VPN side: tun0 in app1 and db1, created from the root namespace straight into theirs
        Netns.ip(app1.netns(), "link", "add", "tun0", "type", "veth", "peer", "name", "tun0", "netns", db1.netns());
        Netns.ip(app1.netns(), "addr", "add", "10.88.0.10/24", "dev", "tun0");
        Netns.ip(db1.netns(), "addr", "add", "10.88.0.11/24", "dev", "tun0");
        Netns.ip(app1.netns(), "link", "set", "tun0", "up");
        Netns.ip(db1.netns(), "link", "set", "tun0", "up");
        // What the firewall guards on db1: sshd and mysqld stand-ins
        for (int port : new int[]{22, 3306}) {
            db1.spawnDaemon("listen-" + port, List.of("socat", "TCP-LISTEN:" + port + ",fork,reuseaddr", "SYSTEM:echo hi"));
            await().atMost(Duration.ofSeconds(10)).until(() -> db1.probeTcp("127.0.0.1", port, PROBE) == TcpProbe.OPEN);
        }
    }

    /** Runs while the hosts' firewalls are still active (the extension tears the lab down afterwards). */
    @AfterAll
    static void rootFirewallUntouched() throws Exception {
        if (rootIptables == null) return;
        assertEquals(rootIptables, root("iptables", "-S"), "the machine's iptables must not change");
        assertEquals(rootIp6tables, root("ip6tables", "-S"), "the machine's ip6tables must not change");
        assertEquals(rootFiles, rootFirewallFiles(), "the machine's ufw files must not change");
    }

    /** db1 as the formula compiles it: SSH on eth1, tinc from app1 on eth1, mysql from app1 on tun0. */
    private static StateDocument db1Firewall() { return formula.compile("db1", "db"); }

    /** app1: SSH on eth1, tinc from db1 on eth1. */
    private static StateDocument app1Firewall() { return formula.compile("app1", "app"); }

    @Test
    @Order(1)
    void enablingDefaultDenyWithoutAnSshRuleIsRefused() {
        StateDocument doc = new UfwDocs("db1")
                .add("policy", "default", Map.of("incoming", "deny"))
                .add("on", "enabled", Map.of())
                .done();
        StateResult on = byId(apply(db1, doc, false), "on");
        assertEquals(Outcome.FAILED, on.outcome());
        assertTrue(on.comment().startsWith("refusing to lock the operator out"), on.comment());
        assertTrue(db1.readFile("/etc/ufw/ufw.conf").contains("ENABLED=no"));
        assertFalse(db1.check("iptables", "-S").stdout().contains("ufw-"), "ufw never loaded");
        assertEquals(TcpProbe.OPEN, ext1.probeTcp("10.77.0.11", 3306, PROBE), "nothing filtered yet");
    }

    @Test
    @Order(2)
    void testModeReportsWhatWouldChangeAndChangesNothing() {
        String before = ufwFiles(db1);
        List<StateResult> results = apply(db1, db1Firewall(), true);
        assertEquals(before, ufwFiles(db1));
        assertTrue(results.stream().noneMatch(r -> r.outcome() == Outcome.FAILED || r.outcome() == Outcome.CHANGED),
                results::toString);
        StateResult mysql = byId(results, "firewall-db-from-app1");
        assertEquals(Outcome.WOULD_CHANGE, mysql.outcome());
        assertEquals(List.of("allow in on tun0 proto tcp from 10.88.0.10 to any port 3306 comment 'mysql from app1' (v4)"),
                mysql.changes().get("added"));
        assertEquals(Outcome.WOULD_CHANGE, byId(results, "firewall-enabled").outcome(),
                "the declared SSH rule counts in test mode");
    }

    /**
     * app1 waits for an answer from ext1 on a connection it opened before ufw came on: ufw's first enable starts
     * connection tracking, and a reply picked up mid-connection would count as NEW and be dropped by the default deny
     * (curl would time out) unless ufw.enabled entered the connection as established first.
     */
    @Test
    @Order(3)
    void enablingKeepsAConnectionThatIsWaitingForItsAnswer() {
        ext1.writeFile("/srv/slow-answer.sh", "read line; while [ ! -e /srv/answer-now ]; do sleep 0.1; done;"
                + " printf 'HTTP/1.0 200 OK\\r\\n\\r\\nlate\\n'\n");
        ext1.spawnDaemon("slow-answer", List.of("socat", "TCP-LISTEN:" + SLOW_PORT + ",fork,reuseaddr",
                "SYSTEM:sh /srv/slow-answer.sh"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ext1.probeTcp("127.0.0.1", SLOW_PORT, PROBE) == TcpProbe.OPEN);
        app1.spawnDaemon("waiting-client", List.of("curl", "-s", "-m", "60", "-o", "/srv/answer.txt",
                "http://10.77.0.12:" + SLOW_PORT + "/"));
        await().atMost(Duration.ofSeconds(10)).until(() -> app1.check("ss", "-tnH", "state", "established",
                "dst", "10.77.0.12").stdout().contains(":" + SLOW_PORT));

        for (LabHost h : List.of(db1, app1)) {
            List<StateResult> results = apply(h, h == db1 ? db1Firewall() : app1Firewall(), false);
            assertTrue(results.stream().noneMatch(r -> r.outcome().isFailure()), results::toString);
            StateResult on = byId(results, "firewall-enabled");
            assertEquals(Outcome.CHANGED, on.outcome());
            if (h == app1) assertTrue(on.comment().contains("kept") && on.comment().contains("open connection"), on.comment());
        }
        assertTrue(app1.check("ufw", "status").stdout().contains("Status: active"));
        for (String iptables : List.of("iptables", "ip6tables")) {
            assertFalse(app1.check(iptables, "-S", "INPUT").stdout().contains("jsalt"), "the tracking rule is gone once ufw is on");
        }

        ext1.writeFile("/srv/answer-now", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> app1.exists("/srv/answer.txt")
                && app1.readFile("/srv/answer.txt").equals("late\n"));
    }

    @Test
    @Order(4)
    void theFirewallFiltersRealPackets() {
        StateResult ssh = byId(apply(db1, db1Firewall(), true), "firewall-ssh-public");
        assertEquals(Outcome.UNCHANGED, ssh.outcome(), "rules read back from ufw's files match the declaration");
        assertTrue(db1.check("ufw", "status").stdout().contains("Status: active"));

        assertEquals(TcpProbe.OPEN, ext1.probeTcp("10.77.0.11", 22, PROBE), "SSH stays reachable on eth1");
        assertEquals(TcpProbe.TIMEOUT, ext1.probeTcp("10.77.0.11", 3306, PROBE), "MySQL is dropped on eth1");
        assertEquals(TcpProbe.TIMEOUT, app1.probeTcp("10.77.0.11", 3306, PROBE), "even from app1 on the public side");
        assertEquals(TcpProbe.OPEN, app1.probeTcp("10.88.0.11", 3306, PROBE), "MySQL over the VPN side from app1");
        assertEquals(TcpProbe.REFUSED, ext1.probeTcp("10.77.0.10", 22, PROBE), "app1: SSH let through, nothing listens");
    }

    @Test
    @Order(5)
    void aSecondApplyChangesNothing() {
        for (LabHost h : List.of(db1, app1)) {
            List<StateResult> results = apply(h, h == db1 ? db1Firewall() : app1Firewall(), false);
            assertFalse(results.isEmpty(), h.name() + ": no results, nothing was checked");
            assertTrue(results.stream().allMatch(r -> r.outcome() == Outcome.UNCHANGED && r.changes().isEmpty()),
                    () -> h.name() + ": " + results);
        }
    }

    @Test
    @Order(6)
    void exactRemovesAHandAddedRule() {
        db1.check("ufw", "allow", "8080/tcp");
        StateResult on = byId(apply(db1, db1Firewall(), false), "firewall-enabled");
        assertEquals(Outcome.CHANGED, on.outcome());
        assertEquals(List.of("allow in proto tcp from any to any port 8080 (v4)",
                "allow in proto tcp from any to any port 8080 (v6)"), on.changes().get("removed"));
        assertFalse(db1.readFile("/etc/ufw/user.rules").contains("8080"));
        assertFalse(db1.readFile("/etc/ufw/user6.rules").contains("8080"));
        assertTrue(apply(db1, db1Firewall(), false).stream()
                .allMatch(r -> r.outcome() == Outcome.UNCHANGED));
    }

    @Test
    @Order(7)
    void anExactRuleSetThatDropsSshFromTheActiveFirewallIsRefused() {
        StateDocument doc = new UfwDocs("db1")
                .add("only-mysql", "rules_exact", Map.of("rules", List.of(Map.of("interface", "tun0",
                        "from", "10.88.0.10", "port", 3306, "proto", "tcp"))))
                .done();
        StateResult r = byId(apply(db1, doc, false), "only-mysql");
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.comment().contains("SSH"), r.comment());
        assertEquals(TcpProbe.OPEN, ext1.probeTcp("10.77.0.11", 22, PROBE), "SSH still open");
    }

    private static List<StateResult> apply(LabHost host, StateDocument doc, boolean test) {
        ApplyResult r = LAB.lab().apply(host, doc, test);
        assertTrue(r.exit() == 0 || r.exit() == 2, () -> "LocalApply in " + host.name() + " broke: " + r.stderr());
        return r.results();
    }

    private static StateResult byId(List<StateResult> results, String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + id + " in " + results));
    }

    private static String ufwFiles(LabHost h) {
        StringBuilder sb = new StringBuilder();
        for (String f : ROOT_FW) sb.append(h.readFile(f));
        return sb.toString();
    }

    private static String root(String... argv) {
        return Cmd.check(List.of(argv), Duration.ofSeconds(20), "reading the machine's firewall").stdout();
    }

    private static List<String> rootFirewallFiles() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String f : ROOT_FW) out.add(Files.readString(Path.of(f)));
        return out;
    }
}
