package dev.jsalt.master.drift;

import dev.jsalt.master.jobs.JobRecord;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinionRunsTest {
    private static JobRecord job(String jid, String fun, Map<String, Object> options) {
        return new JobRecord(jid, "*", fun, List.of(), options, List.of("web1"), 0, 60, null, "test");
    }

    private static Map<String, Object> state(String id, String outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("function", "file.managed");
        m.put("outcome", outcome);
        return m;
    }

    private static MinionResult returned(String minion, MinionStatus status, Object result, double millis) {
        return new MinionResult(minion, status, 0, result, millis, 1_700_000_000_000L);
    }

    @Test
    void aRealApplyIsTheLastApplyAndATestOfTheHighstateIsADriftCheck() {
        MinionRuns runs = new MinionRuns();
        List<MinionRuns.DriftCheck> heard = new ArrayList<>();
        runs.onDrift(heard::add);
        runs.record(job("1", "state.apply", Map.of("test", false)), returned("web1", MinionStatus.RETURNED,
                List.of(state("a", "CHANGED"), state("b", "UNCHANGED"), state("c", "CHANGED")), 1500));
        MinionRuns.LastApply a = runs.lastApply("web1").orElseThrow();
        assertEquals(new MinionRuns.LastApply("1", 1_700_000_000_000L, 1.5, true, 2, 0), a);
        assertTrue(runs.lastDriftCheck("web1").isEmpty(), "a real run is no drift check");

        runs.record(job("2", "state.apply", Map.of("test", true)), returned("web1", MinionStatus.RETURNED,
                List.of(state("a", "WOULD_CHANGE"), state("b", "UNCHANGED")), 300));
        MinionRuns.DriftCheck d = runs.lastDriftCheck("web1").orElseThrow();
        assertEquals(1, d.wouldChange());
        assertEquals(List.of("a"), d.states());
        assertTrue(d.drifted());
        assertEquals(List.of(d), heard, "drift found is announced");
        assertEquals("1", runs.lastApply("web1").orElseThrow().jid(), "a test run is not the last apply");

        runs.record(job("3", "state.apply", Map.of("test", true)), returned("web1", MinionStatus.RETURNED, List.of(state("a", "UNCHANGED")), 200));
        assertFalse(runs.lastDriftCheck("web1").orElseThrow().drifted());
        assertEquals(1, heard.size(), "no drift, nothing announced");
    }

    @Test
    void aTestOfSomeStatesOtherFunctionsAndUnsettledPartsAreNotRecorded() {
        MinionRuns runs = new MinionRuns();
        runs.record(job("1", "state.apply", Map.of("test", true, "sls", "web")), returned("web1", MinionStatus.RETURNED,
                List.of(state("a", "WOULD_CHANGE")), 10));
        runs.record(job("2", "cmd.run", Map.of()), returned("web1", MinionStatus.RETURNED, Map.of("retcode", 0), 10));
        runs.record(job("3", "state.apply", Map.of("test", false)), new MinionResult("web1", MinionStatus.NO_RESPONSE, null, null, null, 0));
        assertTrue(runs.lastDriftCheck("web1").isEmpty());
        assertTrue(runs.lastApply("web1").isEmpty());
    }

    @Test
    void aFailedRunIsNotOkAndAForgottenMinionHasNoRecords() {
        MinionRuns runs = new MinionRuns();
        runs.record(job("1", "state.apply", Map.of("test", false)), returned("web1", MinionStatus.FAILED,
                List.of(state("a", "FAILED"), state("b", "CHANGED")), 10));
        assertEquals(new MinionRuns.LastApply("1", 1_700_000_000_000L, 0.01, false, 1, 1), runs.lastApply("web1").orElseThrow());
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 70; i++) many.add(state("s" + i, "WOULD_CHANGE"));
        runs.record(job("2", "state.apply", Map.of("test", true)), returned("web1", MinionStatus.RETURNED, many, 10));
        assertEquals(70, runs.lastDriftCheck("web1").orElseThrow().wouldChange(), "the count is exact");
        assertEquals(MinionRuns.MAX_IDS, runs.lastDriftCheck("web1").orElseThrow().states().size(), "the ids are bounded");
        runs.forget("web1");
        assertTrue(runs.lastApply("web1").isEmpty() && runs.lastDriftCheck("web1").isEmpty() && runs.driftChecks().isEmpty());
    }
}
