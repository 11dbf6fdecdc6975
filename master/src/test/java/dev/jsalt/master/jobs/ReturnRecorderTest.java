package dev.jsalt.master.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsalt.common.wire.MinionMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Returns recorded in batches (a group commit): nobody hears of a return, neither the job's listeners nor its minion,
 * before the batch that holds it is on disk; a job finishes after its last result is told, never before.
 */
class ReturnRecorderTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static JobRecord job(String jid, List<String> minions) {
        return new JobRecord(jid, String.join(",", minions), "test.ping", List.of(), Map.of(), minions,
                System.currentTimeMillis(), 60, "test", "root");
    }

    private static MinionMessage.JobReturn ret(String jid) {
        return new MinionMessage.JobReturn(jid, true, 0, true, 1.0);
    }

    @Test
    void listenersHearABatchOnlyOnceItIsWrittenAndForced() throws Exception {
        JobCache cache = new JobCache(dir);
        JobTracker tracker = new JobTracker(cache, timer);
        String jid = JobIds.next();
        List<JobEvent> live = Collections.synchronizedList(new ArrayList<>());
        tracker.start(job(jid, List.of("a1", "a2", "a3")), Set.of(), live::add);

        ResultWrites batch = new ResultWrites();
        tracker.onReturn("a1", ret(jid), batch);
        tracker.onReturn("a2", ret(jid), batch);
        tracker.onReturn("a1", ret(jid), batch); // a repeat in the same batch: dropped
        tracker.onReturn("a3", ret(jid), batch);
        assertEquals(1, live.size(), "only Started before the batch is forced: " + live);
        assertEquals(3, Files.readAllLines(cache.resultsFile(jid)).size(), "each return written once");

        batch.close();
        assertEquals(5, live.size(), live.toString());
        assertEquals(List.of("a1", "a2", "a3"), live.subList(1, 4).stream().map(e -> ((JobEvent.Result) e).result().minion()).toList());
        JobEvent.Done done = assertInstanceOf(JobEvent.Done.class, live.get(4), "the job finishes after its last result is told");
        assertTrue(done.results().stream().allMatch(r -> r.status() == MinionStatus.RETURNED), done.toString());
        assertTrue(tracker.view(jid).orElseThrow().done());
    }

    @Test
    void eachReturnIsAcknowledgedInOrderAndOnlyOnceItIsInTheCache() throws Exception {
        JobCache cache = new JobCache(dir);
        JobTracker tracker = new JobTracker(cache, timer);
        String jid = JobIds.next();
        List<String> minions = IntStream.range(0, 300).mapToObj(i -> String.format("m%03d", i)).toList();
        List<JobEvent> live = Collections.synchronizedList(new ArrayList<>());
        tracker.start(job(jid, minions), Set.of(), live::add);

        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<String> notYetInCache = Collections.synchronizedList(new ArrayList<>());
        JobRecord record = tracker.view(jid).orElseThrow().job();
        try (ReturnRecorder recorder = new ReturnRecorder(tracker, (minion, r) -> {
            if (cache.results(record).get(minion).status() != MinionStatus.RETURNED) notYetInCache.add(minion);
            acknowledged.add(minion);
        }, (t, e) -> { })) {
            for (String m : minions) recorder.submit(m, ret(jid));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() == minions.size());
        }
        assertEquals(minions, acknowledged, "acknowledged in the order the returns came");
        assertEquals(List.of(), notYetInCache);
        assertInstanceOf(JobEvent.Done.class, live.get(live.size() - 1));
        assertEquals(minions.size() + 2, live.size());
    }

    @Test
    void closingRecordsWhatIsQueued() throws Exception {
        JobCache cache = new JobCache(dir);
        JobTracker tracker = new JobTracker(cache, timer);
        String jid = JobIds.next();
        List<String> minions = IntStream.range(0, 50).mapToObj(i -> "c" + i).toList();
        tracker.start(job(jid, minions), Set.of(), null);
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        ReturnRecorder recorder = new ReturnRecorder(tracker, (minion, r) -> acknowledged.add(minion), (t, e) -> { });
        for (String m : minions) recorder.submit(m, ret(jid));
        recorder.close();
        assertEquals(minions.size(), acknowledged.size());
        assertTrue(tracker.view(jid).orElseThrow().done());
        assertEquals("stopped", recorder.state());
    }
}
