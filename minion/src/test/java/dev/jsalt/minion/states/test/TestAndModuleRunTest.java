package dev.jsalt.minion.states.test;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test.* states and module.run, in test runs and real ones. */
class TestAndModuleRunTest {
    @TempDir
    Path dir;

    private StateResult apply(String fun, boolean test, Object... kv) {
        String[] f = fun.split("\\.");
        return Res.apply(Res.of(f[0], f[1], "t", args(kv)), test, dir);
    }

    @Test
    void testStatesAsInSalt() {
        assertEquals(Outcome.UNCHANGED, apply("test.nop", false).outcome());
        assertEquals("Success!", apply("test.succeed_without_changes", false).comment());
        StateResult with = apply("test.succeed_with_changes", false);
        assertEquals(Outcome.CHANGED, with.outcome());
        assertEquals(Map.of("old", "Unchanged", "new", "Something pretended to change"), with.changes().get("testing"));
        assertEquals(Outcome.WOULD_CHANGE, apply("test.succeed_with_changes", true).outcome());
        assertEquals(Outcome.FAILED, apply("test.fail_without_changes", false).outcome());
        assertEquals("Failure!", apply("test.fail_without_changes", false).comment());
        assertEquals(Outcome.WOULD_CHANGE, apply("test.fail_without_changes", true).outcome(), "Salt reports None in a test run");
        StateResult fwc = apply("test.fail_with_changes", false, "comment", "nope");
        assertEquals(Outcome.FAILED, fwc.outcome());
        assertEquals("nope", fwc.comment());
        assertEquals("hello", apply("test.show_notification", false, "text", "hello").comment());
        assertEquals("t", apply("test.show_notification", false).comment());
    }

    @Test
    void configurableTestState() {
        assertEquals(Outcome.CHANGED, apply("test.configurable_test_state", false).outcome());
        assertEquals(Outcome.UNCHANGED, apply("test.configurable_test_state", false, "changes", false).outcome());
        StateResult fail = apply("test.configurable_test_state", false, "changes", false, "result", false, "comment", "x");
        assertEquals(Outcome.FAILED, fail.outcome());
        assertEquals(Outcome.WOULD_CHANGE, apply("test.configurable_test_state", true, "result", false).outcome());
        assertEquals(Outcome.FAILED, apply("test.configurable_test_state", true, "result", false, "allow_test_mode_failure", true).outcome());
        assertEquals(Outcome.FAILED, apply("test.configurable_test_state", false, "result", "maybe").outcome());
    }

    @Test
    void checkPillarReportsWhatTheMasterFound() {
        StateResult bad = apply("test.check_pillar", false, "pillar_failures", List.of("Pillar key a:b is missing"));
        assertEquals(Outcome.FAILED, bad.outcome());
        assertEquals("Pillar key a:b is missing", bad.comment());
        StateResult ok = apply("test.check_pillar", false, "pillar_passed", List.of("Pillar key a is present"), "verbose", true);
        assertEquals(Outcome.UNCHANGED, ok.outcome());
        assertEquals("Pillar key a is present", ok.comment());
    }

    @Test
    void moduleRunCallsFunctionsInARealRunOnly() throws Exception {
        Path out = dir.resolve("touched");
        List<Object> functions = List.of(
                Map.of("fun", "test.echo", "args", List.of(), "kwargs", Map.of("text", "hello")),
                Map.of("fun", "cmd.run", "args", List.of("touch " + out), "kwargs", Map.of()),
                Map.of("fun", "test.ping", "args", List.of(), "kwargs", Map.of()));
        StateResult test = apply("module.run", true, "functions", functions);
        assertEquals(Outcome.WOULD_CHANGE, test.outcome());
        assertEquals("Function test.echo to be executed. Function cmd.run to be executed. Function test.ping to be executed.", test.comment());
        assertFalse(Files.exists(out));
        StateResult real = apply("module.run", false, "functions", functions);
        assertEquals(Outcome.CHANGED, real.outcome(), real.comment());
        assertEquals("hello", real.changes().get("test.echo"));
        assertEquals(true, real.changes().get("test.ping"));
        assertTrue(Files.exists(out));
        StateResult failing = apply("module.run", false, "functions", List.of(Map.of("fun", "cmd.run", "args", List.of("false"), "kwargs", Map.of())));
        assertEquals(Outcome.FAILED, failing.outcome());
        StateResult refused = apply("module.run", false, "functions", List.of(Map.of("fun", "state.apply")));
        assertEquals(Outcome.FAILED, refused.outcome());
        assertTrue(refused.comment().contains("which module.run cannot call"), refused.comment());
    }
}
