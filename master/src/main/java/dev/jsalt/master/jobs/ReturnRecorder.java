package dev.jsalt.master.jobs;

import dev.jsalt.common.wire.MinionMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Records minions' returns on a thread of its own, in batches: every return waiting when the thread gets to it is
 * written, the job files are forced to disk once for all of them ({@link ResultWrites}), and only then are they
 * acknowledged to their minions ({@code recorded}). Forcing each return on its own, on the channel's thread, made a
 * fan-out to 1,000 minions wait for 1,000 disk flushes one after another while nothing else was sent or received.
 * The queue is bounded: when the disk cannot keep up, the channel's thread waits here (the minions keep their returns
 * until acknowledged, so nothing is lost).
 */
public final class ReturnRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReturnRecorder.class);
    static final int QUEUE = 4096;
    static final int BATCH = 1024;

    private record Return(String minion, MinionMessage.JobReturn ret) {
    }

    private final JobTracker tracker;
    private final BiConsumer<String, MinionMessage.JobReturn> recorded;
    private final BlockingQueue<Return> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param recorded called on this recorder's thread for each return once it is on disk (or refused for good), in
     *                 the order the returns came
     */
    public ReturnRecorder(JobTracker tracker, BiConsumer<String, MinionMessage.JobReturn> recorded,
                          Thread.UncaughtExceptionHandler fatal) {
        this.tracker = tracker;
        this.recorded = recorded;
        this.thread = new Thread(this::loop, "jsalt-results");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler(fatal);
        thread.start();
    }

    /** Queues a return from an authenticated minion; waits while the queue is full. */
    public void submit(String minion, MinionMessage.JobReturn ret) throws InterruptedException {
        if (!running) throw new IllegalStateException("the return recorder is closed");
        queue.put(new Return(minion, ret));
    }

    /** "up", or why not (for /v1/health). */
    public String state() {
        return thread.isAlive() ? "up" : running ? "down: results thread ended" : "stopped";
    }

    private void loop() {
        List<Return> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            dev.jsalt.master.Faults.check("results");
            Return first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (!running) continue;
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) continue;
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            try (ResultWrites writes = new ResultWrites()) {
                for (Return r : batch) {
                    try {
                        tracker.onReturn(r.minion(), r.ret(), writes);
                    } catch (RuntimeException e) {
                        // Not acknowledged: the minion keeps its return and sends it again.
                        log.error("cannot record the return of {} for job {}", r.minion(), r.ret().jid(), e);
                        continue;
                    }
                    writes.then(() -> recorded.accept(r.minion(), r.ret()));
                }
            }
            batch.clear();
        }
    }

    /** Records what is queued, then stops (within 5 s). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) log.warn("the return recorder did not finish within 5 s; {} return(s) not recorded", queue.size());
    }
}
