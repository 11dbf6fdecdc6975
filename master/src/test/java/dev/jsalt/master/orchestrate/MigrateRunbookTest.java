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
        assertEquals(List.of("fleet-answers", "inventory", "firewall", "ssh-public-open", "mysql-public-closed", "vpn-keys",
                "vpn-publish", "vpn-mesh", "vpn-up", "mysql-settings"), steps("prepare"));
        assertEquals(List.of("fleet-answers", "mysql", "new-primary-healthy", "mysql-new-replicas", "replication-healthy"),
                steps("replicate"));
        assertEquals(List.of("fleet-answers", "mysql", "replication-healthy"), steps("multi-source"));
        assertEquals(List.of("fleet-answers", "replication-healthy", "app-endpoint", "app-points-at-cutover"), steps("cutover"));
        assertEquals(List.of("fleet-answers", "replication-healthy", "app-endpoint", "app-points-at-revert"), steps("revert"));
        assertEquals(List.of("forget-old-servers", "fleet-answers", "vpn-without-old", "replication-stopped", "standalone"), steps("decommission"));
        assertEquals(Map.of("mysql", Map.of("phase", "multi-source")), pillarOf("multi-source", "mysql"));
        assertEquals(Map.of("app", Map.of("db_host", "10.88.0.41")), pillarOf("cutover", "app-endpoint"));
        assertEquals(Map.of("app", Map.of("db_host", "10.88.0.40")), pillarOf("revert", "app-endpoint"));
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
    }
}
