package dev.jsalt.master.orchestrate;

import dev.jsalt.common.json.Json;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.jobs.JobRecord;
import dev.jsalt.master.jobs.JobTracker;
import dev.jsalt.master.jobs.MinionStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runbooks on a real master with real minions (file and cmd states only): steps in order with live events, the run
 * recorded as a job with its steps' jobs, a failing minion stopping the run with its name and reason, onfail
 * handlers, waits that succeed and time out, test mode, and parse errors with file:line before anything runs.
 */
class OrchestratorTest {
    private static LoopbackFleet fleet;
    private static Path fs;

    @BeforeAll
    static void up() throws Exception {
        fleet = new LoopbackFleet();
        fs = Files.createDirectories(fleet.dir.resolve("fs"));
        Files.writeString(fleet.tree.resolve("marker.sls"), String.join("\n",
                "marker:",
                "  file.managed:",
                "    - name: " + fs + "/{{ grains['id'] }}.marker",
                "    - contents: ok",
                ""));
        // fails on app2 only: the run must name app2 and the failing state
        Files.writeString(fleet.tree.resolve("flaky.sls"), String.join("\n",
                "flaky:",
                "  cmd.run:",
                "    - name: {{ 'false' if grains['id'] == 'app2' else 'true' }}",
                ""));
        Files.writeString(fleet.tree.resolve("rollback.sls"), String.join("\n",
                "rollback:",
                "  file.managed:",
                "    - name: " + fs + "/{{ grains['id'] }}.rolledback",
                "    - contents: rolled back",
                ""));
        fleet.start("app1:app", "app2:app", "db1:db");
    }

    @AfterAll
    static void down() throws Exception {
        if (fleet != null) fleet.close();
    }

    private OrchestrateEvent.RunFinished run(String text, boolean test, List<OrchestrateEvent> events) throws Exception {
        return fleet.orchestrator().run(new Orchestrator.Request("t.sls", text, test, Map.of("marker_dir", fs.toString()), "test"), events::add);
    }

    @Test
    void stepsRunInOrderWithLiveEventsAndTheRunIsAJob() throws Exception {
        String book = String.join("\n",
                "ping-first:",
                "  salt.function:",
                "    - name: test.ping",
                "    - tgt: '*'",
                "markers:",
                "  salt.state:",
                "    - tgt: role=app",
                "    - sls: marker",
                "    - require:",
                "      - salt: ping-first",
                "markers-there:",
                "  jsalt.wait:",
                "    - tgt: role=app",
                "    - fun: cmd.run",
                "    - arg: ['test -f {{ pillar.marker_dir }}/app1.marker']",
                "    - until: ['retcode == 0']",
                "    - interval: 0.2",
                "    - timeout: 20",
                "    - require: [markers]",
                "");
        List<OrchestrateEvent> events = new ArrayList<>();
        OrchestrateEvent.RunFinished done = run(book, false, events);
        assertTrue(done.success(), done.comment());
        assertTrue(Files.exists(fs.resolve("app2.marker")));
        assertEquals(List.of("ping-first", "markers", "markers-there"), done.steps().stream().map(StepOutcome::step).toList());

        List<String> kinds = events.stream().map(e -> e.getClass().getSimpleName()).toList();
        assertEquals("RunStarted", kinds.get(0));
        assertEquals("RunFinished", kinds.get(kinds.size() - 1));
        long minionEvents = events.stream().filter(e -> e instanceof OrchestrateEvent.MinionDone m && m.step().equals("markers")).count();
        assertEquals(2, minionEvents, "each app minion's return streamed as it came");
        assertTrue(kinds.indexOf("MinionDone") < kinds.lastIndexOf("StepFinished"), kinds.toString());

        // the run is a job of its own, answered by the master, holding each step's job ids
        JobTracker.JobView view = fleet.master.tracker().view(done.jid()).orElseThrow();
        JobRecord job = view.job();
        assertEquals("orchestrate", job.fun());
        assertEquals(List.of(Orchestrator.RUNNER), job.minions());
        assertEquals(MinionStatus.RETURNED, view.results().get(0).status());
        String result = Json.string(view.results().get(0).result());
        String stateJid = done.steps().get(1).jids().get(0);
        assertTrue(result.contains(stateJid), result);
        assertEquals("state.apply", fleet.master.tracker().view(stateJid).orElseThrow().job().fun());
    }

    @Test
    void aFailedStepStopsTheRunNamingStepMinionAndWhyAndOnlyItsOnfailHandlerRuns() throws Exception {
        String book = String.join("\n",
                "flaky:",
                "  salt.state:",
                "    - tgt: role=app",
                "    - sls: flaky",
                "after:",
                "  salt.state:",
                "    - tgt: role=app",
                "    - sls: marker",
                "independent:",
                "  salt.function:",
                "    - name: test.ping",
                "    - tgt: db1",
                "undo:",
                "  salt.state:",
                "    - tgt: role=app",
                "    - sls: rollback",
                "    - onfail:",
                "      - salt: flaky",
                "");
        Files.deleteIfExists(fs.resolve("app1.rolledback"));
        List<OrchestrateEvent> events = new ArrayList<>();
        OrchestrateEvent.RunFinished done = run(book, false, events);
        assertFalse(done.success());
        assertEquals("flaky", done.failedStep());
        assertTrue(done.comment().contains("on app2"), done.comment());
        assertTrue(done.comment().contains("flaky (cmd.run)"), done.comment());
        StepOutcome.Failed f = assertInstanceOf(StepOutcome.Failed.class, done.steps().get(0));
        assertEquals("app2", f.minion());
        assertInstanceOf(StepOutcome.Skipped.class, done.steps().get(1));
        assertTrue(done.steps().get(1).comment().contains("failhard"), done.steps().get(1).comment());
        assertInstanceOf(StepOutcome.Skipped.class, done.steps().get(2), "failhard stops independent steps too");
        assertInstanceOf(StepOutcome.Succeeded.class, done.steps().get(3), "the onfail handler still runs");
        assertTrue(Files.exists(fs.resolve("app1.rolledback")));
        assertEquals(1, fleet.master.tracker().view(done.jid()).orElseThrow().results().get(0).retcode());
    }

    @Test
    void withoutFailhardTheRunGoesOnButRequiringStepsAreSkippedAndOnfailNotTriggeredIsNoFailure() throws Exception {
        String book = String.join("\n",
                "flaky:",
                "  salt.state:",
                "    - tgt: role=app",
                "    - sls: flaky",
                "    - failhard: false",
                "needs-flaky:",
                "  salt.function:",
                "    - name: test.ping",
                "    - tgt: '*'",
                "    - require: [flaky]",
                "goes-on:",
                "  salt.function:",
                "    - name: test.ping",
                "    - tgt: db1",
                "tolerant:",
                "  salt.state:",
                "    - tgt: role=app",
                "    - sls: flaky",
                "    - fail_minions: [app2]",
                "handler:",
                "  salt.function:",
                "    - name: test.ping",
                "    - tgt: db1",
                "    - onfail: [goes-on]",
                "");
        OrchestrateEvent.RunFinished done = run(book, false, new ArrayList<>());
        assertFalse(done.success());
        assertInstanceOf(StepOutcome.Skipped.class, done.steps().get(1));
        assertInstanceOf(StepOutcome.Succeeded.class, done.steps().get(2));
        assertInstanceOf(StepOutcome.Succeeded.class, done.steps().get(3), done.steps().get(3).comment());
        assertTrue(done.steps().get(3).comment().contains("allowed to fail"), done.steps().get(3).comment());
        assertInstanceOf(StepOutcome.Skipped.class, done.steps().get(4));
    }

    @Test
    void aWaitThatIsNeverSatisfiedFailsAtItsTimeoutWithWhatItSaw() throws Exception {
        String book = String.join("\n",
                "never:",
                "  jsalt.wait:",
                "    - tgt: db1",
                "    - fun: test.echo",
                "    - arg: [7]",
                "    - until: ['. <= 5']",
                "    - interval: 0.3",
                "    - timeout: 2",
                "");
        List<OrchestrateEvent> events = new ArrayList<>();
        OrchestrateEvent.RunFinished done = run(book, false, events);
        assertFalse(done.success());
        StepOutcome.Failed f = assertInstanceOf(StepOutcome.Failed.class, done.steps().get(0));
        assertEquals("db1", f.minion());
        assertTrue(f.comment().contains(". is 7, wanted <= 5"), f.comment());
        assertTrue(f.jids().size() >= 2, "it polled more than once: " + f.jids());
        assertTrue(events.stream().anyMatch(e -> e instanceof OrchestrateEvent.Waiting), "progress while waiting");
    }

    @Test
    void testModeChangesNothingAndRunsNoFunctions() throws Exception {
        Files.deleteIfExists(fs.resolve("db1.marker"));
        String book = String.join("\n",
                "markers:",
                "  salt.state:",
                "    - tgt: db1",
                "    - sls: [marker]",
                "touch:",
                "  salt.function:",
                "    - name: cmd.run",
                "    - tgt: db1",
                "    - arg: ['touch {{ pillar.marker_dir }}/touched']",
                "");
        OrchestrateEvent.RunFinished done = run(book, true, new ArrayList<>());
        assertTrue(done.success(), done.comment());
        assertTrue(done.steps().get(0).comment().startsWith("test run"), done.steps().get(0).comment());
        assertTrue(done.steps().get(1).comment().startsWith("would run cmd.run"), done.steps().get(1).comment());
        assertFalse(Files.exists(fs.resolve("db1.marker")));
        assertFalse(Files.exists(fs.resolve("touched")));
    }

    @Test
    void anEmptyTargetFailsTheStep() throws Exception {
        OrchestrateEvent.RunFinished done = run("x:\n  salt.function:\n    - name: test.ping\n    - tgt: role=nothing\n", false, new ArrayList<>());
        assertFalse(done.success());
        assertTrue(done.comment().contains("matched no accepted minion"), done.comment());
        assertNull(((StepOutcome.Failed) done.steps().get(0)).minion());
    }

    @Test
    void badRunbooksAreRefusedWithFileAndLineBeforeAnythingRuns() {
        int jobs = fleet.master.tracker().list(1000).size();
        Orchestrator o = fleet.orchestrator();
        CompileException e = assertThrows(CompileException.class, () -> o.check(new Orchestrator.Request("m.sls",
                "a:\n  salt.function:\n    - name: test.ping\n    - tgt: '*'\n    - bogus: 1\n", false, null, null)));
        assertTrue(e.getMessage().startsWith("m.sls:5:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown argument 'bogus'"), e.getMessage());
        e = assertThrows(CompileException.class, () -> o.check(new Orchestrator.Request("m.sls",
                "a:\n  salt.function:\n    - name: rm.rf\n    - tgt: '*'\n", false, null, null)));
        assertTrue(e.getMessage().contains("'rm.rf' is not a function minions offer"), e.getMessage());
        e = assertThrows(CompileException.class, () -> o.check(new Orchestrator.Request("m.sls",
                "a:\n  salt.function:\n    - name: test.ping\n    - tgt: '*'\n    - require: [nope]\n", false, null, null)));
        assertTrue(e.getMessage().contains("requires 'nope'"), e.getMessage());
        e = assertThrows(CompileException.class, () -> o.check(new Orchestrator.Request("m.sls", String.join("\n",
                "a:", "  salt.function:", "    - name: test.ping", "    - tgt: '*'", "    - require: [b]",
                "b:", "  salt.function:", "    - name: test.ping", "    - tgt: '*'", "    - require: [a]", ""), false, null, null)));
        assertTrue(e.getMessage().contains("requisite cycle"), e.getMessage());
        e = assertThrows(CompileException.class, () -> o.check(new Orchestrator.Request("m.sls",
                "a:\n  jsalt.wait:\n    - fun: test.ping\n    - tgt: '*'\n    - until: ['lag <= many']\n", false, null, null)));
        assertTrue(e.getMessage().startsWith("m.sls:5:"), e.getMessage());
        assertEquals(jobs, fleet.master.tracker().list(1000).size(), "nothing was recorded or sent");
    }
}
