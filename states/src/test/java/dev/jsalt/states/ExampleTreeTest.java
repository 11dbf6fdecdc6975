package dev.jsalt.states;

import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example state tree compiles, as the master would compile it, into a highstate for a server of every role,
 * with the modules the minions really have. A typo in a formula, a missing include or an unknown function fails here.
 */
class ExampleTreeTest {
    private static final Path TREE = Path.of("tree").toAbsolutePath();
    private static final Path PILLAR = Path.of("pillar").toAbsolutePath();

    @ParameterizedTest
    @CsvSource({"app1, app, 10.77.0.10", "cache1, cache, 10.77.0.20", "core1, core, 10.77.0.30",
            "db1, db, 10.77.0.40", "db2, db, 10.77.0.41"})
    void highstateCompilesForEveryRole(String id, String role, String address) {
        StateCompiler compiler = new StateCompiler(new DirStateTree(TREE), new DirStateTree(PILLAR),
                FunctionCatalog.standard(), MineView.EMPTY);
        Map<String, Object> grains = new LinkedHashMap<>();
        grains.put("id", id);
        grains.put("role", role);
        grains.put("os", "Debian");
        grains.put("os_family", "Debian");
        grains.put("ip4_interfaces", Map.of("eth1", List.of(address), "lo", List.of("127.0.0.1")));
        StateDocument doc = compiler.compile(id, grains, List.of());
        Set<String> modules = doc.resources().stream().map(Resource::module).collect(Collectors.toSet());
        assertTrue(modules.containsAll(Set.of("ufw", "tinc")), id + ": " + modules);
        if (role.equals("db")) assertTrue(modules.contains("mysql"), id + ": " + modules);
        // The replication password reaches database servers only, marked for sealing to that minion.
        String json = Json.string(doc);
        assertTrue(role.equals("db") == json.contains("\"$secret\""), id + ": " + json);
    }
}
