package dev.jsalt.e2e.ufw;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The firewall formula compiles for every role of the example fleet, with the rules the story needs. */
class FirewallFormulaTest {
    @TempDir
    static Path scratch;
    private static FirewallFormula formula;

    @BeforeAll
    static void compiler() throws Exception {
        formula = new FirewallFormula(scratch, FirewallFormula.examplePillar());
    }

    private static Map<String, Resource> byId(StateDocument doc) {
        Map<String, Resource> m = new java.util.LinkedHashMap<>();
        doc.resources().forEach(r -> m.put(r.id(), r));
        return m;
    }

    @Test
    void dbAllowsMysqlFromAppAndDbHostsOnTheVpnOnly() {
        Map<String, Resource> db1 = byId(formula.compile("db1", "db"));
        for (String peer : List.of("app1", "app2", "db2")) {
            Resource r = db1.get("firewall-db-from-" + peer);
            assertEquals("tun0", r.args().get("interface"), peer);
            assertEquals(3306, ((Number) r.args().get("port")).intValue());
            assertEquals("tcp", r.args().get("proto"));
        }
        assertTrue(db1.keySet().stream().noneMatch(id -> id.equals("firewall-db-from-db1") || id.contains("cache1")
                && id.startsWith("firewall-db")), db1.keySet()::toString);
        Resource ssh = db1.get("firewall-ssh-public");
        assertEquals(Map.of("action", "allow", "interface", "eth1", "port", 22, "proto", "tcp", "comment", "ssh"),
                ssh.args());
    }

    @Test
    void cacheAndCoreAllowTheirPortsFromAppOnly() {
        Map<String, Resource> cache = byId(formula.compile("cache1", "cache"));
        assertEquals(List.of("firewall-cache-from-app1", "firewall-cache-from-app2"),
                cache.keySet().stream().filter(id -> id.startsWith("firewall-cache")).toList());
        assertEquals(6379, ((Number) cache.get("firewall-cache-from-app1").args().get("port")).intValue());
        Map<String, Resource> core = byId(formula.compile("core1", "core"));
        assertEquals(8080, ((Number) core.get("firewall-core-from-app2").args().get("port")).intValue());
        assertEquals("10.88.0.11", core.get("firewall-core-from-app2").args().get("from"));
    }

    @Test
    void policiesFlipAfterEveryRuleAndEnabledComesLast() {
        StateDocument doc = formula.compile("app1", "app");
        List<Resource> rs = doc.resources();
        Resource enabled = rs.get(rs.size() - 1);
        assertEquals("ufw.enabled", enabled.fun());
        assertEquals(true, enabled.args().get("exact"));
        Resource defaults = rs.stream().filter(r -> r.fun().equals("ufw.default")).findFirst().orElseThrow();
        List<String> rules = rs.stream().filter(r -> r.fun().equals("ufw.rule")).map(Resource::key).toList();
        List<String> required = defaults.requisites().stream().map(r -> r.target()).toList();
        assertTrue(required.containsAll(rules), () -> required + " should hold " + rules);
        assertTrue(rs.indexOf(defaults) > rules.stream().mapToInt(k -> indexOf(rs, k)).max().orElse(-1));
        // app has no service port of its own: SSH, the tinc port from the other fleet members, nothing else
        assertTrue(rs.stream().filter(r -> r.fun().equals("ufw.rule"))
                .allMatch(r -> r.id().equals("firewall-ssh-public") || r.id().startsWith("firewall-vpn-from-")),
                rs::toString);
    }

    @Test
    void theMasterAdmitsItsMinions() {
        Map<String, Resource> master = byId(formula.compile("salt1", "master"));
        Resource r = master.get("firewall-master-from-db1");
        assertEquals(4506, ((Number) r.args().get("port")).intValue());
        assertEquals("10.77.0.40", r.args().get("from"));
    }

    private static int indexOf(List<Resource> rs, String key) {
        for (int i = 0; i < rs.size(); i++) if (rs.get(i).key().equals(key)) return i;
        return -1;
    }
}
