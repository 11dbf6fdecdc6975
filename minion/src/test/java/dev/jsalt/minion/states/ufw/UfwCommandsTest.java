package dev.jsalt.minion.states.ufw;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UfwCommandsTest {

    @Test
    void anyAddressPairsShareOneUfwCallOthersArePinnedToTheirFamily() {
        List<UfwRule> rules = new java.util.ArrayList<>(RuleDeclaration.expand(
                Map.of("port", 22, "proto", "tcp", "interface", "eth1"), "t", true));
        rules.addAll(RuleDeclaration.expand(Map.of("port", 3306, "proto", "tcp", "from", "10.88.0.10"), "t", true));
        rules.add(rules.get(0).withV6(false).withComment("only v4"));
        List<List<UfwRule>> groups = UfwCommands.byCommand(rules);
        assertEquals(3, groups.size());
        assertEquals(2, groups.get(0).size());
        assertEquals(List.of("allow", "in", "on", "eth1", "proto", "tcp", "from", "any", "to", "any", "port", "22"),
                groups.get(0).get(0).words(true, true));
        assertEquals(List.of("allow", "in", "proto", "tcp", "from", "10.88.0.10", "to", "0.0.0.0/0", "port", "3306"),
                groups.get(1).get(0).words(false, true));
    }

    @Test
    void aLoneIpv6CopyIsAddressedAsIpv6() {
        UfwRule v6 = RuleDeclaration.expand(Map.of("port", 22, "proto", "tcp"), "t", true).get(1);
        List<List<UfwRule>> groups = UfwCommands.byCommand(List.of(v6));
        assertEquals(List.of("allow", "in", "proto", "tcp", "from", "::/0", "to", "::/0", "port", "22"),
                groups.get(0).get(0).words(groups.get(0).size() == 2, true));
    }

    @Test
    void commentsTravelAsOneArgvWord() {
        UfwRule r = RuleDeclaration.expand(Map.of("port", 22, "proto", "tcp", "comment", "ssh from the office; really"),
                "t", false).get(0);
        List<String> words = r.words(false, true);
        assertEquals("ssh from the office; really", words.get(words.size() - 1));
    }
}
