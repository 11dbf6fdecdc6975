package dev.jsalt.master.jobs;

import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.metrics.Exposition;
import dev.jsalt.master.metrics.MasterMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ways a minion's part of a job ends that a loopback fleet does not produce on demand (no response, connection
 * lost, late while the job is in memory, late read back from the cache after a restart), counted by the tracker.
 */
class JobMetricsTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static JobRecord job(String jid, String fun, List<String> minions, int timeoutSeconds) {
        return new JobRecord(jid, "*", fun, List.of(), Map.of(), minions, System.currentTimeMillis(), timeoutSeconds, null, "test");
    }

    private static Map<String, Object> state(String function, String outcome) {
        return Map.of("key", function + "_|-x", "id", "x", "function", function, "name", "x", "outcome", outcome,
                "changes", Map.of(), "comment", "", "durationMillis", 1.0);
    }

    private static Exposition.Parsed scrape(MasterMetrics m) {
        return Exposition.parse(new String(m.scrape(), StandardCharsets.UTF_8));
    }

    @Test
    void everyWayAMinionsPartEndsIsCountedOnce() throws Exception {
        MasterMetrics metrics = new MasterMetrics();
        JobCache cache = new JobCache(dir);
        JobTracker tracker = new JobTracker(cache, timer, MasterConfig.Limits.defaults(), metrics);
        String jid = JobIds.next();
        tracker.start(job(jid, "state.apply", List.of("a1", "a2", "a3"), 1), Set.of(), null);
        assertEquals(1, scrape(metrics).value("jsalt_jobs_running"));
        tracker.onReturn("a1", new MinionMessage.JobReturn(jid, false, 2,
                List.of(state("file.managed", "CHANGED"), state("pkg.installed", "UNCHANGED"), state("nosuch.thing", "FAILED")), 5.0));
        tracker.onDisconnected("a2");
        await().atMost(Duration.ofSeconds(10)).until(() -> tracker.view(jid).orElseThrow().done());

        Exposition.Parsed p = scrape(metrics);
        assertEquals(1, p.value("jsalt_job_minion_results_total", "status", "failed"));
        assertEquals(1, p.value("jsalt_job_minion_results_total", "status", "disconnected"));
        assertEquals(1, p.value("jsalt_job_minion_results_total", "status", "no_response"));
        assertEquals(0, p.value("jsalt_job_minion_results_total", "status", "late"));
        assertEquals(1, p.value("jsalt_jobs_finished_total", "function", "state.apply", "outcome", "failed"));
        assertEquals(0, p.value("jsalt_jobs_running"));
        assertEquals(1, p.value("jsalt_job_duration_seconds_count", "function", "state.apply"));
        assertEquals(1, p.value("jsalt_state_results_total", "module", "file", "outcome", "changed"));
        assertEquals(1, p.value("jsalt_state_results_total", "module", "pkg", "outcome", "unchanged"));
        assertEquals(1, p.value("jsalt_state_results_total", "module", "other", "outcome", "failed"), "a module outside the catalog");
        assertEquals(0, p.value("jsalt_state_results_total", "module", "nosuch", "outcome", "failed"));

        // late, while the finished job is still in memory: the silent one and the one whose connection ended
        tracker.onReturn("a3", new MinionMessage.JobReturn(jid, true, 0, List.of(state("service.running", "WOULD_CHANGE")), 5.0));
        tracker.onReturn("a2", new MinionMessage.JobReturn(jid, true, 0, List.of(), 5.0));
        tracker.onReturn("a3", new MinionMessage.JobReturn(jid, true, 0, List.of(state("service.running", "WOULD_CHANGE")), 5.0));
        p = scrape(metrics);
        assertEquals(2, p.value("jsalt_job_minion_results_total", "status", "late"), "a repeated return is not counted again");
        assertEquals(1, p.value("jsalt_state_results_total", "module", "service", "outcome", "would_change"));
        assertEquals(1, p.value("jsalt_jobs_finished_total", "function", "state.apply", "outcome", "failed"), "finished once");

        // late after a master restart: read back from the job cache by a new tracker
        String old = JobIds.next();
        tracker.start(job(old, "evil.fn", List.of("b1"), 1), Set.of(), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> tracker.view(old).orElseThrow().done());
        p = scrape(metrics);
        assertEquals(1, p.value("jsalt_jobs_started_total", "function", "other"), "a function outside the catalog");
        assertEquals(1, p.value("jsalt_jobs_finished_total", "function", "other", "outcome", "incomplete"));

        MasterMetrics after = new MasterMetrics();
        JobTracker restarted = new JobTracker(new JobCache(dir), timer, MasterConfig.Limits.defaults(), after);
        restarted.onReturn("b1", new MinionMessage.JobReturn(old, true, 0, "done", 5.0));
        restarted.onReturn("b1", new MinionMessage.JobReturn(old, true, 0, "done", 5.0));
        restarted.onReturn("b2", new MinionMessage.JobReturn(old, true, 0, "not sent to b2", 5.0));
        Exposition.Parsed q = scrape(after);
        assertEquals(1, q.value("jsalt_job_minion_results_total", "status", "late"));
        assertEquals(0, q.value("jsalt_job_minion_results_total", "status", "returned"));
        assertEquals(0, q.value("jsalt_jobs_running"));
    }
}
