package dev.jsalt.master.orchestrate;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConditionTest {
    private static final Map<String, Object> REPLICA = new HashMap<>(Map.of("role", "replica", "io_running", "Yes",
            "lag_seconds", 3, "nested", Map.of("n", "12")));

    @Test
    void numbersTextAndNulls() {
        assertTrue(Condition.parse("lag_seconds <= 5").check(REPLICA).isEmpty());
        assertEquals("lag_seconds is 3, wanted < 3", Condition.parse("lag_seconds < 3").check(REPLICA).orElseThrow());
        assertTrue(Condition.parse("io_running == yes").check(REPLICA).isEmpty(), "text compares case-insensitively");
        assertTrue(Condition.parse("role != 'none'").check(REPLICA).isEmpty());
        assertTrue(Condition.parse("nested.n >= 12").check(REPLICA).isEmpty(), "numeric text compares as a number");
        Map<String, Object> stopped = new HashMap<>();
        stopped.put("lag_seconds", null);
        assertEquals("lag_seconds is null, wanted <= 5", Condition.parse("lag_seconds <= 5").check(stopped).orElseThrow());
        assertTrue(Condition.parse("lag_seconds == null").check(stopped).isEmpty());
        assertTrue(Condition.parse(". == true").check(true).isEmpty());
        assertTrue(Condition.parse("missing.path == null").check("not a map").isEmpty());
    }

    @Test
    void malformed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Condition.parse("lag_seconds")).getMessage().contains("PATH OP VALUE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Condition.parse("lag <= soon")).getMessage().contains("not a number"));
        // An operator where the path should be, or nothing to compare with, is refused rather than read as a path.
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Condition.parse("== ==")).getMessage().contains("PATH OP VALUE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Condition.parse("lag_seconds <=")).getMessage().contains("PATH OP VALUE"));
        assertTrue(Condition.parse("role == ''").check(java.util.Map.of("role", "")).isEmpty(), "an empty value is written quoted");
    }
}
