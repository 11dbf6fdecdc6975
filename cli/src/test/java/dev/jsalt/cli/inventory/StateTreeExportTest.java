package dev.jsalt.cli.inventory;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export compiles with the real compiler, and for each host yields exactly the inventoried packages, services,
 * firewall and accounts: the role's shared ones from the SLS, the host-only ones from its pillar.
 */
class StateTreeExportTest {
    private static final FunctionCatalog CATALOG = FunctionCatalog.standard();

    @Test
    void sharedValuesGoToTheRoleAndHostOnlyValuesToPillar(@TempDir Path dir) throws Exception {
        Map<String, Map<String, Object>> inv = new LinkedHashMap<>();
        inv.put("app1", host("app1", "app", List.of("nginx", "htop"), List.of("nginx", "cron"),
                List.of(rule("allow in on eth1 proto tcp from any to any port 22", Map.of("action", "allow", "interface", "eth1", "proto", "tcp", "port", "22")),
                        rule("allow in proto tcp from 10.0.0.5 to any port 8080", Map.of("action", "allow", "proto", "tcp", "from", "10.0.0.5", "port", "8080")))));
        inv.put("app2", host("app2", "app", List.of("nginx"), List.of("nginx"),
                List.of(rule("allow in on eth1 proto tcp from any to any port 22", Map.of("action", "allow", "interface", "eth1", "proto", "tcp", "port", "22")))));
        Map<String, String> files = StateTreeExport.of(inv, Instant.parse("2026-11-27T10:00:00Z")).files();
        assertTrue(files.containsKey("states/app/init.sls"), files.keySet().toString());
        assertTrue(files.get("states/top.sls").contains("\"role=app\":\n    - app"), files.get("states/top.sls"));
        assertTrue(files.get("pillar/top.sls").contains("\"app1\":\n    - inventory.app1"), files.get("pillar/top.sls"));
        StateCompiler c = writeAndCompiler(dir, files);

        StateDocument app1 = c.compile("app1", Map.of("id", "app1", "role", "app"), List.of());
        Map<String, Resource> r1 = byId(app1);
        assertEquals(List.of("nginx"), r1.get("app-packages").args().get("pkgs"));
        assertEquals("htop", r1.get("inventory-package-htop").name());
        assertEquals("nginx", r1.get("service-nginx").name());
        assertEquals("cron", r1.get("inventory-service-cron").name());
        assertEquals("10.0.0.5", r1.get("inventory-ufw-allow-in-proto-tcp-from-10-0-0-5-to-any-port-8080").args().get("from"));
        assertEquals("eth1", r1.get("app-ufw-allow-in-on-eth1-proto-tcp-port-22").args().get("interface"));
        assertEquals("deny", r1.get("app-ufw-defaults").args().get("incoming"));
        assertEquals(true, r1.get("app-ufw-enabled").args().get("exact"));
        assertEquals(1001L, ((Number) r1.get("app-user-deploy").args().get("uid")).longValue());
        List<String> order = app1.resources().stream().map(Resource::id).toList();
        assertTrue(order.indexOf("inventory-ufw-allow-in-proto-tcp-from-10-0-0-5-to-any-port-8080") < order.indexOf("app-ufw-defaults"),
                "every rule is in place before the default policy flips: " + order);
        assertTrue(order.indexOf("app-ufw-defaults") < order.indexOf("app-ufw-enabled"), order.toString());

        Map<String, Resource> r2 = byId(c.compile("app2", Map.of("id", "app2", "role", "app"), List.of()));
        assertTrue(r2.keySet().stream().noneMatch(id -> id.startsWith("inventory-")), "app2 has nothing of its own: " + r2.keySet());
    }

    @Test
    void hostsWithoutARoleGrainAreTheirOwnRoleAndTemplateTextStaysLiteral(@TempDir Path dir) throws Exception {
        Map<String, Object> raw = host("old-db", null, List.of("mariadb-server"), List.of(), List.of(
                rule("allow in proto tcp from any to any port 22 comment '{{ x }}'",
                        Map.of("action", "allow", "proto", "tcp", "port", "22", "comment", "{{ x }}"))));
        raw.put("tinc", List.of(Map.of("network", "lab", "name", "old_db", "running", true)));
        Map<String, String> files = StateTreeExport.of(Map.of("old-db", raw), Instant.EPOCH).files();
        assertTrue(files.get("states/top.sls").contains("\"old-db\":\n    - old_db"), files.get("states/top.sls"));
        assertTrue(files.get("states/old_db/init.sls").contains("tinc network 'lab'"), files.get("states/old_db/init.sls"));
        StateCompiler c = writeAndCompiler(dir, files);
        Map<String, Resource> r = byId(c.compile("old-db", Map.of("id", "old-db"), List.of()));
        Resource rule = r.values().stream().filter(x -> x.fun().equals("ufw.rule")).findFirst().orElseThrow();
        assertEquals("{{ x }}", rule.args().get("comment"));
    }

    /** Writes the exported tree under {@code dir} and returns a compiler over its states and pillar. */
    private static StateCompiler writeAndCompiler(Path dir, Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return new StateCompiler(new DirStateTree(dir.resolve("states")), new DirStateTree(dir.resolve("pillar")),
                CATALOG, MineView.EMPTY);
    }

    private static Map<String, Resource> byId(StateDocument d) {
        Map<String, Resource> m = new LinkedHashMap<>();
        for (Resource r : d.resources()) m.put(r.id(), r);
        return m;
    }

    private static Map<String, Object> rule(String text, Map<String, Object> args) {
        return Map.of("rule", text, "families", List.of("v4", "v6"), "args", args);
    }

    private static Map<String, Object> host(String id, String role, List<String> manual, List<String> running,
                                            List<Map<String, Object>> rules) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("role", role);
        m.put("packages", Map.of("count", 100, "manual", manual, "installed", Map.of()));
        m.put("services", Map.of("manager", "init scripts", "services",
                running.stream().map(s -> Map.<String, Object>of("name", s, "running", true)).toList()));
        m.put("ufw", Map.of("installed", true, "enabled", true, "logging", "low",
                "policies", Map.of("incoming", "deny", "outgoing", "allow", "routed", "deny"), "rules", rules));
        m.put("users", List.of(Map.of("name", "root", "uid", 0, "shell", "/bin/bash", "home", "/root"),
                Map.of("name", "deploy", "uid", 1001, "shell", "/bin/bash", "home", "/home/deploy", "groups", List.of())));
        m.put("tinc", List.of());
        m.put("mysql", Map.of("installed", false));
        m.put("cron", List.of());
        return m;
    }
}
