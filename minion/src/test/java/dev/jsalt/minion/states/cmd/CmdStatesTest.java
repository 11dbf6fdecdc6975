package dev.jsalt.minion.states.cmd;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.state.Res;
import dev.jsalt.minion.state.SecretOpener;
import dev.jsalt.minion.state.StateEngine;
import dev.jsalt.minion.state.StateModules;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.jsalt.common.state.RequisiteKind.WATCH;
import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cmd.run's runas, stateful, hide_output, success_retcodes; cmd.wait; cmd.script; the engine's guards. */
class CmdStatesTest {
    @TempDir
    Path dir;

    private StateResult run(String fn, String name, boolean test, Object... kv) {
        return Res.apply(Res.of("cmd", fn, name, args(kv)), test, dir.resolve("state"));
    }

    @Test
    void runasRunsAsThatUser() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch users");
        StateResult r = run("run", "id -un", false, "runas", "nobody");
        assertEquals(Outcome.CHANGED, r.outcome(), r.comment());
        assertEquals("nobody\n", r.changes().get("stdout"));
        StateResult missing = run("run", "id -un", false, "runas", "jsalt-no-such-user");
        assertEquals(Outcome.FAILED, missing.outcome());
        assertEquals("runas: user jsalt-no-such-user does not exist", missing.comment());
        assertEquals(Outcome.WOULD_CHANGE, run("run", "id -un", true, "runas", "jsalt-no-such-user").outcome(),
                "a test run assumes an earlier state creates the user");
    }

    @Test
    void statefulCommandsSayWhetherTheyChangedAnything() {
        StateResult same = run("run", "printf 'working\\nchanged=no comment=\"all good\"\\n'", false, "stateful", true);
        assertEquals(Outcome.UNCHANGED, same.outcome(), same.comment());
        assertEquals("all good", same.comment());
        StateResult changed = run("run", "printf 'changed=yes comment=\"rotated\" count=2\\n'", false, "stateful", true);
        assertEquals(Outcome.CHANGED, changed.outcome());
        assertEquals("rotated", changed.comment());
        assertEquals("2", changed.changes().get("count"));
        StateResult json = run("run", "printf '{\"changed\": false, \"comment\": \"json says no\"}\\n'", false, "stateful", true);
        assertEquals(Outcome.UNCHANGED, json.outcome());
        assertEquals("json says no", json.comment());
    }

    @Test
    void hideOutputAndSuccessRetcodes() {
        StateResult hidden = run("run", "echo secret-ish", false, "hide_output", true);
        assertEquals(Outcome.CHANGED, hidden.outcome());
        assertFalse(hidden.changes().containsKey("stdout"));
        assertEquals(Outcome.FAILED, run("run", "sh -c 'exit 3'", false).outcome());
        assertEquals(Outcome.CHANGED, run("run", "sh -c 'exit 3'", false, "success_retcodes", List.of(3)).outcome());
        assertEquals(Outcome.CHANGED, run("run", "true", false, "output_loglevel", "quiet").outcome());
    }

    @Test
    void waitRunsOnlyWhenAWatchedStateChanged() throws Exception {
        Path out = dir.resolve("waited");
        Path conf = dir.resolve("c.conf");
        Resource cfg = Res.of("file", "managed", conf.toString(), args("contents", "v1"));
        Resource wait = Res.of("cmd", "wait", "touch " + out, args(), Res.req(WATCH, cfg));
        StateEngine engine = new StateEngine(StateModules.standard(), SecretOpener.refusing());
        assertEquals(Outcome.UNCHANGED, run("wait", "touch " + out, false).outcome());
        assertFalse(Files.exists(out));
        List<StateResult> first = engine.run(Res.doc(cfg, wait), Res.ctx(false, dir));
        assertEquals(Outcome.CHANGED, first.get(1).outcome(), first.get(1).comment());
        assertTrue(Files.exists(out));
        Files.delete(out);
        List<StateResult> second = engine.run(Res.doc(cfg, wait), Res.ctx(false, dir));
        assertEquals(Outcome.UNCHANGED, second.get(1).outcome());
        assertFalse(Files.exists(out));
    }

    @Test
    void scriptRunsTheShippedScriptAndCleansUp() {
        StateResult r = run("script", "salt://scripts/hello.sh", false, "script_contents", "#!/bin/sh\necho \"hello $1 $2\"\n",
                "script_path", "salt://scripts/hello.sh", "args", "big 'wide world'");
        assertEquals(Outcome.CHANGED, r.outcome(), r.comment());
        assertEquals("hello big wide world\n", r.changes().get("stdout"));
        assertEquals(Outcome.WOULD_CHANGE, run("script", "salt://scripts/hello.sh", true, "script_contents", "#!/bin/sh\n",
                "script_path", "salt://scripts/hello.sh").outcome());
    }

    @Test
    void guardsOfOtherStatesRunInAShellAsInSalt() throws Exception {
        Path f = dir.resolve("guarded");
        StateResult skipped = Res.apply(Res.of("file", "managed", f.toString(),
                args("contents", "x", "unless", "test \"`echo a`\" = \"a\"")), false, dir);
        assertEquals(Outcome.UNCHANGED, skipped.outcome());
        assertEquals("unless condition is true: test \"`echo a`\" = \"a\"", skipped.comment());
        assertFalse(Files.exists(f));
        StateResult onlyif = Res.apply(Res.of("file", "managed", f.toString(), args("contents", "x", "onlyif", "false")), false, dir);
        assertEquals("onlyif condition is false: false", onlyif.comment());
        StateResult creates = Res.apply(Res.of("file", "managed", f.toString(), args("contents", "x", "creates", dir.toString())), false, dir);
        assertEquals(dir + " exists", creates.comment());
        assertEquals(Outcome.CHANGED, Res.apply(Res.of("file", "managed", f.toString(), args("contents", "x", "onlyif", "true")), false, dir).outcome());
    }
}
