package dev.jsalt.cli.orchestrate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PillarOptionTest {
    @Test
    void badYamlIsOneLineNamingWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PillarOption.parse("{phase: [cutover}"));
        assertTrue(e.getMessage().startsWith("--pillar is not YAML"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        // the context line alone ("while parsing a flow sequence") does not say what or where
        assertTrue(e.getMessage().contains("column 17"), e.getMessage());
    }

    @Test
    void notAMappingIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PillarOption.parse("[a, b]"));
        assertTrue(e.getMessage().contains("must be a mapping"), e.getMessage());
    }
}
