package dev.jsalt.common.target;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetTest {
    private static final Map<String, Object> APP = Map.of("role", "app", "os", "Debian", "roles", List.of("web", "vpn"));
    private static final Map<String, Object> DB = Map.of("role", "db", "os", "Debian");

    @Test
    void grainGlobListAndRegex() {
        assertTrue(Target.parse("role=app").matches("app1", APP));
        assertFalse(Target.parse("role=app").matches("db1", DB));
        assertTrue(Target.parse("role=a*").matches("app1", APP));
        assertTrue(Target.parse("roles=vpn").matches("app1", APP), "list grains match any element");
        assertTrue(Target.parse("web*").matches("web12", Map.of()));
        assertFalse(Target.parse("web?").matches("web12", Map.of()));
        assertTrue(Target.parse("L@a,b,c").matches("b", Map.of()));
        assertTrue(Target.parse("G@os:Debian").matches("x", DB));
        assertTrue(Target.parse("E@db[0-9]+").matches("db12", DB));
    }

    @Test
    void compoundWithPrecedenceAndParentheses() {
        Target t = Target.parse("role=db and not db1");
        assertTrue(t.matches("db2", DB));
        assertFalse(t.matches("db1", DB));
        Target p = Target.parse("(role=app or role=db) and not L@db2,app2");
        assertTrue(p.matches("app1", APP));
        assertFalse(p.matches("db2", DB));
        // and binds tighter than or
        assertTrue(Target.parse("app1 or role=db and db9").matches("app1", APP));
    }

    @Test
    void badTargetsPointAtTheToken() {
        TargetSyntaxException e = assertThrows(TargetSyntaxException.class, () -> Target.parse("role=app and"));
        assertEquals("bad target 'role=app and': expected a target after 'and' at column 13", e.getMessage());
        assertTrue(assertThrows(TargetSyntaxException.class, () -> Target.parse("(role=a or")).getMessage().contains("after 'or'"));
        assertEquals(1, assertThrows(TargetSyntaxException.class, () -> Target.parse("(role=a")).column());
        assertTrue(assertThrows(TargetSyntaxException.class, () -> Target.parse("X@foo")).getMessage().contains("unknown target type 'X@'"));
        assertTrue(assertThrows(TargetSyntaxException.class, () -> Target.parse("web1 db1")).getMessage().contains("unexpected 'db1' at column 6"));
        assertTrue(assertThrows(TargetSyntaxException.class, () -> Target.parse("=app")).getMessage().contains("key=value"));
        assertThrows(TargetSyntaxException.class, () -> Target.parse(""));
        assertThrows(TargetSyntaxException.class, () -> Target.parse("web/../x"));
        // a character class a regular expression cannot hold: one line naming the glob
        IllegalArgumentException glob = assertThrows(IllegalArgumentException.class, () -> Target.parse("web[z-a]"));
        assertTrue(glob.getMessage().startsWith("bad glob 'web[z-a]': "), glob.getMessage());
        assertFalse(glob.getMessage().contains("\n"), glob.getMessage());
    }

    /** A regular expression that backtracks catastrophically fails in bounded time with one line, not an API thread lost. */
    @Test
    void aCatastrophicRegexFailsFastInsteadOfHanging() {
        Target t = Target.parse("E@a*a*a*a*a*a*a*a*a*a*a*a*b");
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.matches("a".repeat(64) + "c", Map.of()));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "bounded");
        assertTrue(e.getMessage().startsWith("target 'E@a*a*a*a*a*a*a*a*a*a*a*a*b' needs more than "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(Target.parse("E@a*a*a*a*a*a*a*a*a*a*a*a*b").matches("aaab", Map.of()), "an ordinary match is unaffected");
    }
}
