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

    /**
     * A member the pillar does not list (a droplet created by {@code jsalt cloud}) gets the VPN port from the address it
     * published in the mine; one the pillar lists keeps its pillar rule only; a member is not admitted by itself.
     */
    @Test
    void vpnMembersKnownOnlyFromTheMineGetTheVpnPort(@TempDir Path dir) throws Exception {
        Map<String, Object> published = Map.of(
                "app9", Map.of("node", "app9", "address", "10.77.0.99", "port", 655, "public_key", "KEY9"),
                "app1", Map.of("node", "app1", "address", "192.0.2.1", "port", 655, "public_key", "KEY1"),
                "db1", Map.of("node", "db1", "address", "10.77.0.40", "port", 655, "public_key", "KEY40"),
                "new1", Map.of("node", "new1", "port", 655));
        List<String> targets = new java.util.ArrayList<>();
        FirewallFormula withMine = new FirewallFormula(dir, FirewallFormula.examplePillar(), (target, key) -> {
            targets.add(target + " " + key);
            return published;
        });
        Map<String, Resource> db1 = byId(withMine.compile("db1", "db"));
        Resource app9 = db1.get("firewall-vpn-from-app9");
        assertEquals(Map.of("interface", "eth1", "from", "10.77.0.99", "port", 655, "comment", "tinc from app9"), app9.args());
        assertEquals("10.77.0.10", db1.get("firewall-vpn-from-app1").args().get("from"), "the pillar's address wins");
        assertTrue(!db1.containsKey("firewall-vpn-from-db1") && !db1.containsKey("firewall-vpn-from-new1"),
                "not itself, not a member without an address: " + db1.keySet());
        assertEquals(List.of("role=vpn or role=db or role=app or role=cache or role=core tinc.host"), targets);

        // Without mine data the example fleet's rules are exactly the pillar's.
        assertEquals(byId(formula.compile("db1", "db")).keySet(),
                db1.keySet().stream().filter(id -> !id.equals("firewall-vpn-from-app9")).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
    }

    private static int indexOf(List<Resource> rs, String key) {
        for (int i = 0; i < rs.size(); i++) if (rs.get(i).key().equals(key)) return i;
        return -1;
    }
}
