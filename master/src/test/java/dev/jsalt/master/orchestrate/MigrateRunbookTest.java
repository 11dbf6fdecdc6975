package dev.jsalt.master.orchestrate;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The story's runbook parses in every phase with the steps docs/migration.md describes; the app formula and top files compile. */
class MigrateRunbookTest {
    private static final Path STATES = Path.of("..", "states");

    private static List<String> steps(String phase) throws Exception {
        String text = Files.readString(STATES.resolve("orchestrate/migrate.sls"));
        return new RunbookParser(MineView.EMPTY, dev.jsalt.common.catalog.Catalog.standard().executionFunctions()).parse("migrate.sls", text, Map.of("phase", phase), false)
                .steps().stream().map(Step::id).toList();
    }

    /** The per-step pillar override a phase's salt.state step carries. */
    private static Map<String, Object> pillarOf(String phase, String id) throws Exception {
        String text = Files.readString(STATES.resolve("orchestrate/migrate.sls"));
        Step s = new RunbookParser(MineView.EMPTY, dev.jsalt.common.catalog.Catalog.standard().executionFunctions()).parse("migrate.sls", text, Map.of("phase", phase), false)
                .steps().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        return ((Step.ApplyStates) s.action()).pillar();
    }

    @Test
    void everyPhaseParses() throws Exception {
        // the VPN first, then the apps' endpoint onto it, and only then the firewall closes the database port outside
        assertEquals(List.of("fleet-answers", "inventory", "vpn-keys", "vpn-publish", "vpn-mesh", "vpn-up", "mysql-settings",
                "app-endpoint", "firewall", "ssh-public-open", "mysql-public-closed", "dns-ttl-lowered"), steps("prepare"));
        assertEquals(List.of("fleet-answers", "mysql", "new-primary-healthy", "mysql-new-replicas", "replication-healthy"),
                steps("replicate"));
        assertEquals(List.of("fleet-answers", "mysql", "replication-healthy"), steps("multi-source"));
        assertEquals(List.of("fleet-answers", "replication-healthy", "app2-healthy", "core-moved", "core-resolves", "core-served",
                "blog-moved", "blog-resolves", "blog-served"), steps("cutover"));
        assertEquals(List.of("fleet-answers", "replication-healthy", "app1-healthy", "core-moved", "core-resolves", "core-served",
                "blog-moved", "blog-resolves", "blog-served"), steps("revert"));
        assertEquals(List.of("forget-old-servers", "fleet-answers", "vpn-without-old", "replication-stopped", "standalone", "dns-final"),
                steps("decommission"));
        assertEquals(Map.of("mysql", Map.of("phase", "multi-source")), pillarOf("multi-source", "mysql"));
        // the TTL goes down ahead of time; core moves first, then blog joins it; revert moves both back; decommission
        // keeps them on the new side at the normal TTL and removes the old servers' names
        assertEquals(Map.of("dns", Map.of("ttl", 60)), pillarOf("prepare", "dns-ttl-lowered"));
        assertEquals(Map.of("dns", Map.of("ttl", 60, "records", Map.of("core", "10.77.0.11", "blog", "10.77.0.10"))), pillarOf("cutover", "core-moved"));
        assertEquals(Map.of("dns", Map.of("ttl", 60, "records", Map.of("core", "10.77.0.11", "blog", "10.77.0.11"))), pillarOf("cutover", "blog-moved"));
        assertEquals(Map.of("dns", Map.of("ttl", 60, "records", Map.of("core", "10.77.0.10", "blog", "10.77.0.11"))), pillarOf("revert", "core-moved"));
        assertEquals(Map.of("dns", Map.of("ttl", 60, "records", Map.of("core", "10.77.0.10", "blog", "10.77.0.10"))), pillarOf("revert", "blog-moved"));
        assertEquals(Map.of("dns", Map.of("records", Map.of("core", "10.77.0.11", "blog", "10.77.0.11"), "absent", List.of("app1", "db1"))),
                pillarOf("decommission", "dns-final"));
        assertEquals(Map.of("mysql", Map.of("phase", "decommission")), pillarOf("decommission", "replication-stopped"));
        CompileException e = assertThrows(CompileException.class, () -> steps("later"));
        assertTrue(e.getMessage().contains("unknown phase later"), e.getMessage());
    }

    @Test
    void theAppFormulaWritesTheEndpointFromPillarAndTheTopFileGivesAppServersTheirStates() {
        StateCompiler c = new StateCompiler(new DirStateTree(STATES.resolve("tree")), new DirStateTree(STATES.resolve("pillar")),
                FunctionCatalog.standard(), MineView.EMPTY);
        Map<String, Object> grains = Map.of("id", "app1", "role", "app", "ip4_interfaces", Map.of("eth1", List.of("10.77.0.10")));
        assertEquals(List.of("firewall", "vpn", "app"), c.topFor("app1", grains));
        StateDocument doc = c.compile("app1", grains, List.of("app"));
        Resource conf = doc.resources().stream().filter(r -> r.id().equals("app-database-config")).findFirst().orElseThrow();
        assertEquals("/etc/app/database.conf", conf.name());
        assertTrue(String.valueOf(conf.args().get("contents")).contains("host=10.88.0.40\n"), String.valueOf(conf.args()));
        assertEquals(List.of("firewall", "vpn", "mysql"), c.topFor("db2", Map.of("id", "db2", "role", "db")));
        StateDocument app2 = c.compile("app2", Map.of("id", "app2", "role", "app", "ip4_interfaces", Map.of("eth1", List.of("10.77.0.11"))), List.of("app"));
        Resource conf2 = app2.resources().stream().filter(r -> r.id().equals("app-database-config")).findFirst().orElseThrow();
        assertTrue(String.valueOf(conf2.args().get("contents")).contains("host=10.88.0.41\n"), "the new app server writes to the new primary: " + conf2.args());
    }

    @Test
    void theDnsFormulaMakesOneVerifiedRecordSetPerPublicNameWithTheTokenSealed() {
        StateCompiler c = new StateCompiler(new DirStateTree(STATES.resolve("tree")), new DirStateTree(STATES.resolve("pillar")),
                FunctionCatalog.standard(), MineView.EMPTY);
        StateDocument doc = c.compile("ns1", Map.of("id", "ns1", "role", "dns"), List.of("dns"));
        List<String> ids = doc.resources().stream().map(Resource::id).toList();
        assertEquals(List.of("dns-blog", "dns-core"), ids);
        Resource blog = doc.resources().get(0);
        assertEquals("record_present", blog.function());
        assertEquals("example.test", blog.args().get("zone"));
        assertEquals(List.of("10.77.0.10"), List.of(blog.args().get("values")).stream().map(String::valueOf).toList());
        assertEquals(true, blog.args().get("verify"));
        assertTrue(dev.jsalt.common.json.Json.string(blog.args().get("api_token")).contains("\"$secret\""), "sealed: " + blog.args());
        // the token never reaches other minions
        assertTrue(c.pillarFor("ns1", Map.of("id", "ns1", "role", "dns")).containsKey("dns"));
        assertTrue(!c.pillarFor("app1", Map.of("id", "app1", "role", "app")).containsKey("dns"), "no DNS pillar on app1");
    }
}
