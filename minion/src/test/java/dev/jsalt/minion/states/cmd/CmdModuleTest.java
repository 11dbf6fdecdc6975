package dev.jsalt.minion.states.cmd;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CmdModuleTest {
    @TempDir
    Path dir;

    private StateResult run(String name, boolean test, Object... kv) {
        return Res.apply(Res.of("cmd", "run", name, args(kv)), test, dir.resolve("state"));
    }

    @Test
    void runsWithoutAShellAndReportsOutput() {
        StateResult r = run("printf '%s' 'a b'", false);
        assertEquals(Outcome.CHANGED, r.outcome());
        assertEquals(0, r.changes().get("retcode"));
        assertEquals("a b", r.changes().get("stdout"));
    }

    @Test
    void argvListFormAndShellOptIn() throws Exception {
        Path out = dir.resolve("out");
        StateResult list = run("ignored-id", false, "name", List.of("touch", out.toString()));
        assertEquals(Outcome.CHANGED, list.outcome(), list.comment());
        assertTrue(Files.exists(out));
        StateResult sh = run("echo hi > " + dir.resolve("sh"), false, "shell", true);
        assertEquals(Outcome.CHANGED, sh.outcome(), sh.comment());
        assertEquals("hi\n", Files.readString(dir.resolve("sh")));
        StateResult refused = run("echo hi > " + dir.resolve("nosh"), false);
        assertEquals(Outcome.FAILED, refused.outcome());
        assertTrue(refused.comment().contains("shell: true"), refused.comment());
        assertFalse(Files.exists(dir.resolve("nosh")));
    }

    @Test
    void nonZeroExitFailsWithStderr() {
        StateResult r = run("ls /nonexistent-dir-jsalt", false);
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.comment().contains("exit code 2"), r.comment());
        assertTrue(((String) r.changes().get("stderr")).contains("nonexistent-dir-jsalt"));
    }

    @Test
    void guardsMakeItIdempotent() throws Exception {
        Path marker = dir.resolve("marker");
        Object[] guard = {"creates", marker.toString()};
        assertEquals(Outcome.CHANGED, run("touch " + marker, false, guard).outcome());
        StateResult again = run("touch " + marker, false, guard);
        assertEquals(Outcome.UNCHANGED, again.outcome());
        assertTrue(again.comment().contains("exists"), again.comment());

        assertEquals(Outcome.UNCHANGED, run("false", false, "unless", "test -e " + marker).outcome());
        assertEquals(Outcome.UNCHANGED, run("false", false, "unless", List.of("test", "-e", marker.toString())).outcome());
        assertEquals(Outcome.UNCHANGED, run("false", false, "onlyif", "test -e " + dir.resolve("none")).outcome());
        assertEquals(Outcome.CHANGED, run("true", false, "onlyif", "test -e " + marker).outcome());
        // several unless guards: skipped only when all succeed
        assertEquals(Outcome.CHANGED, run("true", false, "unless",
                List.of(List.of("test", "-e", marker.toString()), List.of("false"))).outcome());
        StateResult ambiguous = run("true", false, "unless", List.of("test -e /x", "true"));
        assertEquals(Outcome.FAILED, ambiguous.outcome());
    }

    @Test
    void testModeRunsGuardsButNotTheCommand() {
        Path out = dir.resolve("never");
        StateResult r = run("touch " + out, true);
        assertEquals(Outcome.WOULD_CHANGE, r.outcome());
        assertFalse(Files.exists(out));
        assertEquals(Outcome.UNCHANGED, run("touch " + out, true, "unless", "true").outcome());
    }

    @Test
    void cwdEnvAndTimeout() {
        StateResult r = run("sh -c 'pwd; echo $X'", false, "cwd", dir.toString(), "env", java.util.Map.of("X", "42"));
        assertEquals(dir + "\n42\n", r.changes().get("stdout"));
        StateResult nowhere = run("true", false, "cwd", dir.resolve("missing").toString());
        assertEquals(Outcome.FAILED, nowhere.outcome());
        assertTrue(nowhere.comment().contains("argument 'cwd' of cmd.run " + dir.resolve("missing") + " is not a directory"), nowhere.comment());
        assertEquals(Outcome.WOULD_CHANGE, run("true", true, "cwd", dir.resolve("missing").toString()).outcome());
        StateResult slow = run("sleep 20", false, "timeout", 1);
        assertEquals(Outcome.FAILED, slow.outcome());
        assertTrue(slow.comment().contains("timed out"), slow.comment());
    }
}
