package dev.jsalt.minion.jobs;

import dev.jsalt.common.state.StateResult;
import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.ScopedCommands;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One job while it runs on a worker thread: the results it has so far, and whether it was handed over. A stopping
 * minion that cannot wait for a job any longer calls {@link #handOver}: from then on the job starts no further
 * resource or command in this process ({@link #mayContinue}), sends no return, and the snapshot taken at that instant
 * (results so far, the command it is waiting for) is what the next minion process continues from.
 */
public final class JobControl {
    private static final ThreadLocal<JobControl> CURRENT = new ThreadLocal<>();

    private final JobRequest job;
    private final Thread thread;
    private final List<StateResult> results = new ArrayList<>();
    private boolean handedOver;
    private Handover.Command awaiting;

    public JobControl(JobRequest job, Thread thread) {
        this.job = job;
        this.thread = thread;
    }

    /** The job the calling worker thread runs, if any. */
    public static Optional<JobControl> current() { return Optional.ofNullable(CURRENT.get()); }

    public static void bind(JobControl c) { CURRENT.set(c); }

    public static void unbind() { CURRENT.remove(); }

    public JobRequest job() { return job; }

    /** A state run's result for one resource, as soon as it is known. Ignored after the hand-over. */
    public synchronized void resourceDone(StateResult r) {
        if (!handedOver) results.add(r);
    }

    public synchronized boolean mayContinue() { return !handedOver; }

    public synchronized boolean handedOver() { return handedOver; }

    /** A continued job waits for a command an earlier process started (not one this process runs). */
    public synchronized void awaiting(Handover.Command command) { this.awaiting = command; }

    /** Stops the job here and returns what the next process needs to continue it. */
    public synchronized Handover handOver(CommandRunner commands) {
        handedOver = true;
        ScopedCommands.InFlight running = commands.inFlight(thread).orElse(null);
        if (running != null) commands.scopes().handOver(running);
        Handover h = Handover.of(job, List.copyOf(results), running);
        return h.inFlight() == null && awaiting != null ? new Handover(job, h.results(), awaiting, h.handedOverAt()) : h;
    }
}
