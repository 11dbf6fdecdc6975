package dev.jsalt.master.orchestrate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A page that opens mid-run hears the run from its start, then follows it to its end; only recent runs are kept. */
class OrchestrationProgressTest {
    private static final String JID = "20261203120000000001";
    private final OrchestrationProgress progress = new OrchestrationProgress();

    private static OrchestrateEvent.RunFinished finished(String jid) {
        return new OrchestrateEvent.RunFinished(jid, true, null, "1 step(s) succeeded", List.of());
    }

    @Test
    void aLateFollowerHearsTheRunFromItsStartThenEachNewEvent() {
        OrchestrateEvent started = new OrchestrateEvent.RunStarted(JID, "deploy.sls", false, List.of("db"));
        OrchestrateEvent step = new OrchestrateEvent.StepStarted("db", "salt.state", "role=db", "db", 1, 1);
        progress.record(JID, started);
        progress.record(JID, step);
        List<OrchestrateEvent> heard = new ArrayList<>();
        assertTrue(progress.follow(JID, heard::add).isPresent());
        assertEquals(List.of(started, step), heard);
        OrchestrateEvent end = finished(JID);
        progress.record(JID, end);
        assertEquals(List.of(started, step, end), heard);

        List<OrchestrateEvent> after = new ArrayList<>();
        progress.follow(JID, after::add);
        assertEquals(heard, after, "a finished run is replayed whole");
    }

    @Test
    void aFollowerThatLeftHearsNoMore() {
        progress.record(JID, new OrchestrateEvent.RunStarted(JID, "deploy.sls", false, List.of("db")));
        List<OrchestrateEvent> heard = new ArrayList<>();
        progress.follow(JID, heard::add).orElseThrow().run();
        progress.record(JID, finished(JID));
        assertEquals(1, heard.size());
    }

    @Test
    void onlyRecentRunsAndBoundedWaitsAreKept() {
        assertTrue(progress.follow(JID, e -> { }).isEmpty(), "unknown run");
        for (int i = 0; i <= OrchestrationProgress.RUNS; i++) progress.record(String.format("%020d", i), finished(String.format("%020d", i)));
        assertTrue(progress.follow(String.format("%020d", 0), e -> { }).isEmpty(), "the oldest made room");
        assertTrue(progress.follow(String.format("%020d", OrchestrationProgress.RUNS), e -> { }).isPresent());

        for (int i = 0; i < OrchestrationProgress.EVENTS + 5; i++) progress.record(JID, new OrchestrateEvent.Waiting("w", i, i, Map.of()));
        progress.record(JID, finished(JID));
        List<OrchestrateEvent> heard = new ArrayList<>();
        Optional<Runnable> f = progress.follow(JID, heard::add);
        assertTrue(f.isPresent());
        assertEquals(OrchestrationProgress.EVENTS + 1, heard.size());
        assertTrue(heard.get(heard.size() - 1) instanceof OrchestrateEvent.RunFinished, "the end is never dropped");
    }
}
