package dev.jsalt.minion.states.ufw;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UfwRuleDeclarationTest {

    private static List<UfwRule> expand(Map<String, ?> args) {
        return RuleDeclaration.expand(args, "ufw.rule 'test'", true);
    }

    @Test
    void anyAddressRuleBecomesAnIpv4AndAnIpv6Rule() {
        List<UfwRule> rules = expand(Map.of("port", 22, "proto", "tcp", "interface", "eth1"));
        assertEquals(2, rules.size());
        assertFalse(rules.get(0).v6());
        assertTrue(rules.get(1).v6());
        assertEquals("allow", rules.get(0).action());
        assertEquals("eth1", rules.get(0).ifaceIn());
        assertEquals(1, RuleDeclaration.expand(Map.of("port", 22), "x", false).size(), "IPV6=no: IPv4 only");
        assertEquals(1, expand(Map.of("port", 22, "family", "ipv4")).size());
    }

    @Test
    void anAddressPinsTheFamily() {
        List<UfwRule> v4 = expand(Map.of("from", "10.88.0.10", "port", 3306, "proto", "tcp", "interface", "tun0"));
        assertEquals(1, v4.size());
        assertFalse(v4.get(0).v6());
        List<UfwRule> v6 = expand(Map.of("from", "fd00::10/64", "port", 3306, "proto", "tcp"));
        assertEquals(1, v6.size());
        assertTrue(v6.get(0).v6());
        assertThrows(IllegalArgumentException.class, () -> expand(Map.of("from", "10.0.0.1", "to", "fd00::1")));
        assertThrows(IllegalArgumentException.class,
                () -> RuleDeclaration.expand(Map.of("from", "fd00::1"), "x", false));
    }

    @Test
    void matchesWhatUfwWroteForTheSameCommand() {
        // ufw allow in on tun0 from 10.88.0.5/24 to any port 6000:6007 proto tcp comment "redis x"
        UfwRule declared = expand(Map.of("interface", "tun0", "from", "10.88.0.5/24", "port", "6000:6007",
                "proto", "tcp", "comment", "redis x")).get(0);
        UfwRule written = TupleParser.parseFile(UfwFixtures.USER_RULES, false).get(2);
        assertEquals(written, declared);
    }

    @Test
    void outboundRulesUseTheOutInterface() {
        UfwRule r = expand(Map.of("direction", "out", "interface", "eth1", "to", "10.0.0.1", "port", 4506,
                "proto", "tcp")).get(0);
        assertEquals("eth1", r.ifaceOut());
        assertEquals("", r.ifaceIn());
        assertEquals(List.of("allow", "out", "on", "eth1", "proto", "tcp", "from", "0.0.0.0/0", "to", "10.0.0.1",
                "port", "4506"), r.words(false, true));
    }

    @Test
    void routedRulesTakeTheirDirectionFromTheInterfaces() {
        UfwRule r = expand(Map.of("route", true, "interface_in", "eth0", "interface_out", "eth1", "port", 80,
                "proto", "tcp", "to", "10.0.0.0/8")).get(0);
        assertEquals(TupleParser.parse("### tuple ### route:allow tcp 80 10.0.0.0/8 any 0.0.0.0/0 in_eth0!out_eth1",
                false), r);
    }

    @Test
    void yamlBooleansAndLogWords() {
        assertEquals("", expand(Map.of("port", 22, "log", false)).get(0).log());
        assertEquals("log", expand(Map.of("port", 22, "log", true)).get(0).log());
        assertEquals("log-all", expand(Map.of("port", 22, "log", "all")).get(0).log());
    }

    @Test
    void errorsNameTheArgumentAndTheState() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> expand(Map.of("port", "6000:6007")));
        assertTrue(e.getMessage().contains("'proto'") && e.getMessage().contains("ufw.rule 'test'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> expand(Map.of("prot", "tcp")));
        assertTrue(e.getMessage().contains("'prot'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> expand(Map.of("action", "permit")));
        assertThrows(IllegalArgumentException.class, () -> expand(Map.of("direction", "up")));
        assertThrows(IllegalArgumentException.class, () -> expand(Map.of("interface", "eth0; rm -rf /")));
        assertThrows(IllegalArgumentException.class, () -> expand(Map.of("from", "app1.example.com")));
        assertThrows(IllegalArgumentException.class, () -> expand(Map.of("comment", "it's")));
        assertThrows(IllegalArgumentException.class, () -> expand(Map.of("proto", "esp", "port", 500)));
    }
}
