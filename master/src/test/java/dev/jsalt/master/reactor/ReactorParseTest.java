package dev.jsalt.master.reactor;

import dev.jsalt.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code reactor:} rules of master.yaml: a mistake is one line naming the rule, never a rule that does more. */
class ReactorParseTest {

    private static String refusal(Object rule) {
        return assertThrows(ConfigException.class, () -> Reactor.parse(List.of(rule), "master.yaml")).getMessage();
    }

    @Test
    void aGoodRuleParses() {
        List<Reactor.Rule> rules = Reactor.parse(List.of(Map.of("event", "jsalt/key/*/accepted",
                "apply", Map.of("target", "role=vpn", "sls", List.of("tinc")))), "master.yaml");
        assertEquals(List.of("tinc"), rules.get(0).sls());
    }

    @Test
    void aMistypedSlsIsRefusedNotTakenAsTheWholeTopFile() {
        assertEquals("master.yaml: reactor rule 1: unknown key 'apply.sl' (known: target, sls)",
                refusal(Map.of("event", "x", "apply", Map.of("target", "*", "sl", List.of("tinc")))));
        assertEquals("master.yaml: reactor rule 1: 'apply.sls' must be a name or a list of names",
                refusal(Map.of("event", "x", "apply", Map.of("target", "*", "sls", Map.of("tinc", 1)))));
    }

    @Test
    void aBadEventGlobNamesTheRule() {
        assertEquals("master.yaml: reactor rule 1: 'event': bad glob 'jsalt/[z-a]': range z-a is backwards",
                refusal(Map.of("event", "jsalt/[z-a]", "apply", Map.of("target", "*", "sls", "tinc"))));
    }
}
