package dev.jsalt.master.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reactor rule's runs: coalesced while one is pending, and never losing a trigger that arrives during a run. */
class RuleRunsTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void triggersBeforeARunStartsAreCoalescedIntoIt() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        RuleRuns runs = new RuleRuns(timer, 200, ran::add);
        assertTrue(runs.trigger("jsalt/mine/a/tinc.host"));
        assertFalse(runs.trigger("jsalt/mine/b/tinc.host"));
        assertFalse(runs.trigger("jsalt/mine/c/tinc.host"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        Thread.sleep(500);
        assertEquals(List.of("jsalt/mine/a/tinc.host"), ran, "one run for the three");
    }

    /** The lost update that left a VPN pair without each other's host entry: a trigger while a run compiles. */
    @Test
    void aTriggerDuringARunGetsARunAfterIt() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch inFirstRun = new CountDownLatch(1);
        CountDownLatch releaseFirstRun = new CountDownLatch(1);
        RuleRuns runs = new RuleRuns(timer, 50, tag -> {
            ran.add(tag);
            if (ran.size() == 1) {
                inFirstRun.countDown();
                try {
                    releaseFirstRun.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        runs.trigger("jsalt/mine/app2/tinc.host");
        assertTrue(inFirstRun.await(5, TimeUnit.SECONDS));
        // db3 publishes while the first run is under way (it may have read the mine before this)
        assertFalse(runs.trigger("jsalt/mine/db3/tinc.host"));
        assertFalse(runs.trigger("jsalt/mine/db2/tinc.host"));
        releaseFirstRun.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
        Thread.sleep(300);
        assertEquals(List.of("jsalt/mine/app2/tinc.host", "jsalt/mine/db2/tinc.host"), ran,
                "one more run after the first, for both triggers during it");
    }

    @Test
    void aRunThatFailsDoesNotStopLaterOnes() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        RuleRuns runs = new RuleRuns(timer, 20, tag -> {
            ran.add(tag);
            throw new IllegalStateException("compile failed");
        });
        runs.trigger("a");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> runs.trigger("b"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
    }
}
