package dev.jsalt.minion.states.ufw;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UfwRuleDiffTest {

    private static List<UfwRule> host() {
        List<UfwRule> rules = new ArrayList<>(TupleParser.parseFile(UfwFixtures.USER_RULES, false));
        rules.addAll(TupleParser.parseFile(UfwFixtures.USER6_RULES, true));
        return rules;
    }

    private static List<UfwRule> declare(Map<String, ?> args) {
        return RuleDeclaration.expand(args, "ufw.rule 't'", true);
    }

    @Test
    void sameFilterWrittenDifferentlyIsNoChange() {
        List<UfwRule> declared = new ArrayList<>();
        declared.addAll(declare(Map.of("port", "22", "proto", "TCP")));
        declared.addAll(declare(Map.of("interface", "tun0", "port", 3306, "direction", "in", "action", "allow")));
        // host bits, a netmask and a different comment spelling of "no comment" do not matter
        declared.addAll(declare(Map.of("interface", "tun0", "from", "10.88.0.99/255.255.255.0",
                "to", "0.0.0.0/0", "port", "6000-6007", "proto", "tcp")));
        declared.addAll(declare(Map.of("action", "limit", "interface", "eth1", "from", "2001:db8::/64",
                "port", 22, "proto", "tcp")));
        RuleDiff diff = RuleDiff.of(host(), declared, true);
        assertTrue(diff.isEmpty(), diff.toString());
    }

    @Test
    void missingRulesAreAddedPerFamily() {
        RuleDiff diff = RuleDiff.of(host(), declare(Map.of("interface", "tun0", "port", 6379, "proto", "tcp",
                "from", "10.88.0.10")), false);
        assertEquals(1, diff.add().size());
        assertEquals("allow in on tun0 proto tcp from 10.88.0.10 to any port 6379 (v4)", diff.add().get(0).describe());
        assertTrue(diff.remove().isEmpty());
    }

    @Test
    void exactRemovesWhatNobodyDeclared() {
        List<UfwRule> declared = declare(Map.of("port", 22, "proto", "tcp"));
        RuleDiff diff = RuleDiff.of(host(), declared, true);
        assertTrue(diff.add().isEmpty());
        assertEquals(4, diff.remove().size(), "3306 v4+v6, redis v4, limited ssh v6");
        assertEquals(declared, diff.result(host()));
        assertTrue(RuleDiff.of(host(), declared, false).isEmpty(), "without exact, strays stay");
    }

    @Test
    void anotherVerdictForTheSameTrafficReplacesTheRule() {
        RuleDiff diff = RuleDiff.of(host(), declare(Map.of("action", "deny", "interface", "tun0", "port", 3306)), false);
        assertEquals(2, diff.add().size());
        assertEquals(2, diff.remove().size());
        assertTrue(diff.remove().stream().allMatch(r -> r.action().equals("allow")));
    }

    @Test
    void aDeclaredCommentDifferenceIsUpdatedButAnUndeclaredOneIsKept() {
        RuleDiff diff = RuleDiff.of(host(), declare(Map.of("port", 22, "proto", "tcp", "comment", "ssh")), false);
        assertEquals(2, diff.comments().size());
        assertTrue(diff.add().isEmpty() && diff.remove().isEmpty());
        RuleDiff keep = RuleDiff.of(host(), declare(Map.of("interface", "tun0", "from", "10.88.0.0/24",
                "port", "6000:6007", "proto", "tcp")), false);
        assertTrue(keep.isEmpty());
    }

    @Test
    void contradictoryDeclarationsAreRefused() {
        List<UfwRule> declared = new ArrayList<>(declare(Map.of("port", 22, "proto", "tcp")));
        declared.addAll(declare(Map.of("port", 22, "proto", "tcp", "action", "deny")));
        assertThrows(IllegalArgumentException.class, () -> RuleDiff.of(host(), declared, false));
    }
}
