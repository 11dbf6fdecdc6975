package dev.jsalt.master.orchestrate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The events of recent orchestration runs, so a page opened mid-run sees the run from its start
 * ({@code GET /v1/orchestrate/{jid}/events}: replay, then follow until run_finished). In memory only: the last
 * {@link #RUNS} runs, at most {@link #EVENTS} events each (a wait step polling for hours would grow without bound; its
 * later checks are then dropped, never a step's start or end).
 */
public final class OrchestrationProgress {
    private static final Logger log = LoggerFactory.getLogger(OrchestrationProgress.class);
    static final int RUNS = 20;
    static final int EVENTS = 10_000;

    private static final class Run {
        final List<OrchestrateEvent> events = new ArrayList<>();
        final List<Consumer<OrchestrateEvent>> followers = new ArrayList<>();
        boolean finished;
    }

    private final Map<String, Run> runs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) { return size() > RUNS; }
    };

    /** Called in the run's order; followers hear each event under the lock, so in that order too (a stream write is quick). */
    public synchronized void record(String jid, OrchestrateEvent e) {
        Run r = runs.computeIfAbsent(jid, k -> new Run());
        if (r.events.size() < EVENTS || !(e instanceof OrchestrateEvent.Waiting)) r.events.add(e);
        for (Consumer<OrchestrateEvent> f : List.copyOf(r.followers)) tell(f, e);
        if (e instanceof OrchestrateEvent.RunFinished) {
            r.finished = true;
            r.followers.clear();
        }
    }

    /**
     * Replays the run's events so far to {@code follower}, then each new one until run_finished. Empty if no recent run
     * has this jid; else what stops the following (for a client that goes away first).
     */
    public synchronized Optional<Runnable> follow(String jid, Consumer<OrchestrateEvent> follower) {
        Run r = runs.get(jid);
        if (r == null) return Optional.empty();
        for (OrchestrateEvent e : r.events) tell(follower, e);
        if (!r.finished) r.followers.add(follower);
        return Optional.of(() -> {
            synchronized (this) {
                r.followers.remove(follower);
            }
        });
    }

    private static void tell(Consumer<OrchestrateEvent> f, OrchestrateEvent e) {
        try {
            f.accept(e);
        } catch (RuntimeException ex) {
            log.debug("orchestration follower failed: {}", ex.toString()); // its client went away; the run goes on
        }
    }
}
