package dev.jsalt.e2e.tinc;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ApplyResult;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.Requirements;
import dev.jsalt.e2e.lab.TcpProbe;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.statetree.DirStateTree;
import dev.jsalt.minion.states.tinc.TincModule;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The repository's vpn formula, compiled by the master's compiler and applied with real tincd in three lab hosts.
 * The mine is what each host's {@code tinc.host} would publish ({@link TincModule#hostInfo} on the host's own
 * /etc/tinc), read live, as the minion publishes after each state run. Round 1, host by host: app1 starts alone
 * (empty mine), db1 already sees app1, db2 sees both. Round 2: the earlier ones learn the later ones, reloading (never
 * restarting) tincd; full mesh. Round 3: zero changes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VpnFormulaLabTest {
    private static final int PORT = 7000;
    private static final Duration PROBE = Duration.ofSeconds(2);
    private static final List<String> HOSTS = List.of("app1", "db1", "db2");
    /** No package install (the lab has no route out) and no pillar addresses: 10.88.0.N derived from eth1's 10.77.0.N. */
    private static final String PILLAR = """
            vpn:
              install: False
              netname: vpn
              public_interface: eth1
              network: 10.88.0
              members: 'role=app or role=db'
            """;

    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("app1", 10, "app").host("db1", 11, "db").host("db2", 12, "db"));

    private static StateCompiler compiler;

    @BeforeAll
    static void setUp(@TempDir Path scratch) throws Exception {
        assumeTrue(Requirements.missingCommands("tincd", "socat", "ip").isEmpty(),
                () -> Requirements.missingCommands("tincd", "socat", "ip").orElse(""));
        Path pillar = Files.createDirectories(scratch.resolve("pillar"));
        Files.writeString(pillar.resolve("top.sls"), "base:\n  '*':\n    - vpn\n");
        Files.writeString(pillar.resolve("vpn.sls"), PILLAR);
        compiler = new StateCompiler(new DirStateTree(repo().resolve("states/tree")), new DirStateTree(pillar),
                FunctionCatalog.standard(), VpnFormulaLabTest::mine);
        for (String h : HOSTS) {
            LabHost host = LAB.host(h);
            host.spawnDaemon("probe", List.of("socat", "TCP-LISTEN:" + PORT + ",fork,reuseaddr", "EXEC:/bin/true"));
            await().atMost(Duration.ofSeconds(10)).until(() -> host.probeTcp("127.0.0.1", PORT, PROBE) == TcpProbe.OPEN);
        }
    }

    /** Every lab host that has published: its hostInfo for net 'vpn', read from its private /etc/tinc. */
    private static Map<String, Object> mine(String target, String key) {
        assertEquals("role=app or role=db", target);
        Map<String, Object> out = new LinkedHashMap<>();
        if (!key.equals("tinc.host")) return out;
        for (String h : HOSTS) {
            try {
                out.put(h, TincModule.hostInfo(LAB.host(h).dir().resolve("etc-tinc"), "vpn", null));
            } catch (IllegalStateException notYet) {
                // no tinc network on that host yet: nothing published, as with a minion whose mine function fails
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void round1EveryHostComesUpWithWhatTheMineHasSoFar() {
        for (String h : HOSTS) {
            List<StateResult> r = apply(h);
            assertTrue(r.stream().allMatch(s -> s.outcome() == Outcome.CHANGED), () -> h + ": " + r);
            assertEquals(Map.of("tincd", "started"), byId(r, "vpn-running").changes());
            assertEquals(HOSTS.indexOf(h), connectTo(h).size(), h + " dials the hosts applied before it");
        }
    }

    @Test
    @Order(2)
    void round2TheMineBringsEveryoneIn() {
        for (String h : HOSTS) {
            List<StateResult> r = apply(h);
            assertTrue(r.stream().noneMatch(s -> s.outcome().isFailure()), () -> h + ": " + r);
            boolean learned = byId(r, "vpn-hosts").outcome() == Outcome.CHANGED;
            assertEquals(!h.equals("db2"), learned, () -> h + " learns whoever came after it: " + r);
            assertEquals(learned ? "reloaded" : null, byId(r, "vpn-running").changes().get("tincd"), () -> h + ": " + r);
            assertEquals(Outcome.UNCHANGED, byId(r, "vpn-keys").outcome(), "keys are made once");
            assertEquals(2, connectTo(h).size(), h);
        }
        List<String[]> pairs = new ArrayList<>();
        for (String a : HOSTS) for (String b : HOSTS) if (!a.equals(b)) pairs.add(new String[]{a, b});
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            pairs.removeIf(p -> LAB.host(p[0]).probeTcp("10.88.0." + LAB.host(p[1]).index(), PORT, PROBE) == TcpProbe.OPEN);
            return pairs.isEmpty();
        });
    }

    @Test
    @Order(3)
    void round3ChangesNothing() {
        for (String h : HOSTS) {
            List<StateResult> r = apply(h);
            assertFalse(r.isEmpty(), h + ": no results, nothing was checked");
            assertTrue(r.stream().allMatch(s -> s.outcome() == Outcome.UNCHANGED && s.changes().isEmpty()), () -> h + ": " + r);
        }
    }

    private static List<String> connectTo(String h) {
        return LAB.host(h).readFile("/etc/tinc/vpn/tinc.conf").lines().filter(l -> l.startsWith("ConnectTo = ")).toList();
    }

    private static List<StateResult> apply(String h) {
        LabHost host = LAB.host(h);
        Map<String, Object> grains = new LinkedHashMap<>(host.grains());
        grains.put("ip4_interfaces", Map.of("eth1", List.of(host.address())));
        StateDocument doc = compiler.compile(h, grains, List.of("vpn"));
        ApplyResult r = LAB.apply(h, doc, false);
        assertTrue(r.exit() == 0 || r.exit() == 2, () -> "LocalApply in " + h + " broke: " + r.stderr());
        return r.results();
    }

    private static StateResult byId(List<StateResult> rs, String id) {
        return rs.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no " + id + " in " + rs));
    }

    private static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("states/tree"))) return p;
        }
        throw new IllegalStateException("no states/tree above " + Path.of("").toAbsolutePath());
    }
}
