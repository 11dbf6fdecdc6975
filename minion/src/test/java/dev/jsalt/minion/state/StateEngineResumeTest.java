package dev.jsalt.minion.state;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jsalt.common.state.RequisiteKind.ONCHANGES;
import static dev.jsalt.common.state.RequisiteKind.REQUIRE;
import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A state run continued by the next minion process (issue 17): resources done before the restart keep their results
 * (and requisites see them), the one whose command ran on is judged again without running a cmd a second time, and a
 * run handed over stops before its next resource.
 */
class StateEngineResumeTest {
    @TempDir
    Path dir;

    private final StateEngine engine = new StateEngine(StateModules.standard(), SecretOpener.refusing());

    @Test
    void presetResultsStandAndTheCommandThatRanOnIsNotRunAgain() throws Exception {
        Path first = dir.resolve("first");
        Path marker = dir.resolve("ran");
        Resource file = Res.of("file", "managed", first.toString(), args("contents", "one"));
        Resource cmd = Res.of("cmd", "run", "touch " + marker, args(), Res.req(REQUIRE, file));
        Resource after = Res.of("cmd", "run", "touch " + dir.resolve("after"), args(), Res.req(ONCHANGES, cmd));
        StateResult done = new StateResult(file.key(), file.id(), file.fun(), file.name(), Outcome.CHANGED, Map.of("diff", "New file"),
                "File created", 3.0);
        CommandResult finished = new CommandResult(0, "", "", false, false, Duration.ofSeconds(2));

        List<StateResult> results = engine.run(Res.doc(file, cmd, after), Res.ctx(false, dir), r -> { }, Map.of(file.key(), done),
                new StateEngine.Resumed(List.of("touch", marker.toString()), finished));

        assertEquals(done, results.get(0), "kept as the stopped process reported it (the file is not even looked at)");
        assertFalse(Files.exists(first));
        assertEquals(Outcome.CHANGED, results.get(1).outcome(), results.get(1).comment());
        assertTrue(results.get(1).comment().contains("continued across a minion restart"), results.get(1).comment());
        assertFalse(Files.exists(marker), "judged by the finished command, not run again");
        assertEquals(Outcome.CHANGED, results.get(2).outcome(), "onchanges of the resumed resource fired");
        assertTrue(Files.exists(dir.resolve("after")));
    }

    @Test
    void aStateAppliedAgainThatFindsItsWorkDoneIsStillThisJobsChange() throws Exception {
        Path f = dir.resolve("conf");
        Files.writeString(f, "v2\n"); // what the command finished doing while the minion restarted
        Resource file = Res.of("file", "managed", f.toString(), args("contents", "v2"));
        List<StateResult> results = engine.run(Res.doc(file), Res.ctx(false, dir), r -> { }, Map.of(),
                new StateEngine.Resumed(List.of("apt-get", "install", "x"), new CommandResult(0, "", "", false, false, Duration.ZERO)));
        assertEquals(Outcome.CHANGED, results.get(0).outcome());
        assertEquals(Map.of("command", List.of("apt-get", "install", "x"), "exit", 0), results.get(0).changes().get("across_restart"));
    }

    @Test
    void aHandedOverRunStartsNoFurtherResource() {
        List<String> ran = new ArrayList<>();
        RunContext ctx = Res.ctx(false, dir);
        Resource a = Res.of("file", "managed", dir.resolve("a").toString(), args("contents", "a"));
        Resource b = Res.of("file", "managed", dir.resolve("b").toString(), args("contents", "b"));
        boolean[] open = {true};
        ctx.gate(() -> open[0]);
        assertThrows(HandedOverException.class, () -> engine.run(Res.doc(a, b), ctx, r -> {
            ran.add(r.name());
            open[0] = false; // the minion hands the run over while the first resource finishes
        }, Map.of()));
        assertEquals(List.of(a.name()), ran);
        assertFalse(Files.exists(dir.resolve("b")));
    }
}
