package dev.jsalt.master.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsalt.common.wire.MinionMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished job keeps only who returned how in memory; every reader still gets the full results (from the cache). */
class JobTrackerTest {
    private static final Map<String, Object> TREE = Map.of("file_|-/etc/motd_|-/etc/motd_|-managed", Map.of("outcome", "UNCHANGED"));

    @TempDir
    Path dir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static JobRecord job(String jid, List<String> minions, int timeoutSeconds) {
        return new JobRecord(jid, String.join(",", minions), "state.apply", List.of(), Map.of(), minions,
                System.currentTimeMillis(), timeoutSeconds, "test", "root");
    }

    @Test
    void finishedJobsAreReadWithTheirResultTrees() throws Exception {
        JobTracker tracker = new JobTracker(new JobCache(dir), timer);
        String jid = JobIds.next();
        List<JobEvent> live = new ArrayList<>();
        tracker.start(job(jid, List.of("a1", "a2"), 30), Set.of(), live::add);
        tracker.onReturn("a1", new MinionMessage.JobReturn(jid, true, 0, TREE, 12.5));
        assertEquals(TREE, tracker.view(jid).orElseThrow().results().get(0).result(), "a running job is read from memory");
        tracker.onReturn("a2", new MinionMessage.JobReturn(jid, true, 0, TREE, 11.0));

        JobEvent.Done done = assertInstanceOf(JobEvent.Done.class, live.get(live.size() - 1));
        assertTrue(done.results().stream().allMatch(r -> TREE.equals(r.result())), "the live listener gets full results");

        JobTracker.JobView view = tracker.view(jid).orElseThrow();
        assertTrue(view.done());
        assertTrue(view.results().stream().allMatch(r -> TREE.equals(r.result())), "finished: full results from the cache");

        List<JobEvent> replay = new ArrayList<>();
        assertTrue(tracker.subscribe(jid, replay::add));
        List<MinionResult> replayed = replay.stream().filter(e -> e instanceof JobEvent.Result).map(e -> ((JobEvent.Result) e).result()).toList();
        assertEquals(2, replayed.size(), replay.toString());
        assertTrue(replayed.stream().allMatch(r -> TREE.equals(r.result()) && r.status() == MinionStatus.RETURNED), replay.toString());
        assertInstanceOf(JobEvent.Done.class, replay.get(replay.size() - 1));
    }

    @Test
    void aReturnAfterTheTimeoutIsKeptAsLate() throws Exception {
        JobTracker tracker = new JobTracker(new JobCache(dir), timer);
        String jid = JobIds.next();
        tracker.start(job(jid, List.of("b1"), 1), Set.of(), null);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tracker.view(jid).orElseThrow().done());
        assertEquals(MinionStatus.NO_RESPONSE, tracker.view(jid).orElseThrow().results().get(0).status());

        tracker.onReturn("b1", new MinionMessage.JobReturn(jid, true, 0, TREE, 3.0));
        MinionResult late = tracker.view(jid).orElseThrow().results().get(0);
        assertEquals(MinionStatus.LATE, late.status());
        assertEquals(TREE, late.result());
    }
}
