package dev.jsalt.master.jobs;

import dev.jsalt.common.wire.MinionMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Jobs in flight: which minions each expects, results as they arrive, and the timeout after which every minion
 * still waiting is marked "no response". Every state change is written to the {@link JobCache} first.
 */
public final class JobTracker {
    private static final Logger log = LoggerFactory.getLogger(JobTracker.class);

    private final JobCache cache;
    private final ScheduledExecutorService timer;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final dev.jsalt.master.config.MasterConfig.Limits limits;
    private final dev.jsalt.master.metrics.MasterMetrics metrics;

    /** A job and its results, for display. */
    public record JobView(JobRecord job, List<MinionResult> results, boolean done) {
    }

    private final class Active {
        final JobRecord job;
        final Map<String, MinionResult> results = new LinkedHashMap<>();
        final List<Consumer<JobEvent>> listeners = new CopyOnWriteArrayList<>();
        /** Minions that said, as they stopped, that their next process finishes this job. */
        final java.util.Set<String> handedOver = new java.util.HashSet<>();
        /** Results recorded whose write is not yet on disk, so not yet told: the job finishes after the last one. */
        int untold;
        /** Minions still WAITING in {@code results}: kept as results change, so a result costs no pass over the job. */
        int waiting;
        boolean done;

        Active(JobRecord job) {
            this.job = job;
            for (String m : job.minions()) results.put(m, MinionResult.waiting(m));
            waiting = results.size();
        }

        synchronized void record(MinionResult r) {
            try (ResultWrites batch = new ResultWrites()) {
                record(r, batch);
            }
        }

        /**
         * Records {@code r} at once (a repeat is dropped from now on) and writes it in {@code batch}; listeners hear of it,
         * and the job can finish, once the batch has it on disk.
         */
        synchronized void record(MinionResult r, ResultWrites batch) {
            metrics.minionResult(job, r);
            put(r);
            untold++;
            if (!cache.write(job.jid(), r, batch)) {
                told(r, false);
                return;
            }
            batch.then(cache.resultsFile(job.jid()), durable -> {
                synchronized (this) {
                    told(r, durable);
                }
            });
        }

        private void told(MinionResult r, boolean recorded) {
            untold--;
            if (!recorded) {
                // Not recorded (disk full or failing): the client hears it, rather than a result that later vanishes.
                Object why = java.util.Map.of("not_recorded", "the master could not write this result to its job cache",
                        "result", r.result() == null ? "" : r.result());
                r = new MinionResult(r.minion(), r.status(), r.retcode(), why, r.durationMillis(), r.receivedAt());
                put(r);
            }
            emit(new JobEvent.Result(job.jid(), r));
            if (!done && untold == 0 && waiting == 0) finish();
        }

        /** Sets a minion's result (only who returned how, once the job is done), counting the minions still waiting. */
        private void put(MinionResult r) {
            MinionResult prev = results.put(r.minion(), done ? r.summary() : r);
            if (prev != null && prev.status() == MinionStatus.WAITING && r.status() != MinionStatus.WAITING) waiting--;
        }

        synchronized void timeout() {
            if (done) return;
            for (MinionResult r : List.copyOf(results.values())) {
                if (r.status() == MinionStatus.WAITING) {
                    MinionResult nr = new MinionResult(r.minion(), MinionStatus.NO_RESPONSE, null, null, null, System.currentTimeMillis());
                    put(nr);
                    metrics.minionResult(job, nr);
                    cache.append(job.jid(), nr);
                    emit(new JobEvent.Result(job.jid(), nr));
                }
            }
            finish();
        }

        private void finish() {
            done = true;
            metrics.jobFinished(job, results.values(), System.currentTimeMillis());
            emit(new JobEvent.Done(job.jid(), List.copyOf(results.values())));
            listeners.clear();
            // Results live in the job cache from here on: holding finished jobs' result trees in memory ran a master
            // out of heap with a few applies to 1,000 minions in a row (~25 MB each). What stays is who returned how,
            // for classifying late returns, and only for 30 s; readers of a finished job get the cache's copy.
            results.replaceAll((m, r) -> r.summary());
            timer.schedule(() -> active.remove(job.jid()), 30, TimeUnit.SECONDS);
        }

        private void emit(JobEvent e) {
            for (Consumer<JobEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    log.debug("job listener failed", ex);
                }
            }
        }

        /** Replays the job so far and follows it; false (nothing replayed) once it is done: read the cache then. */
        synchronized boolean subscribeWhileRunning(Consumer<JobEvent> l) {
            if (done) return false;
            l.accept(new JobEvent.Started(job));
            for (MinionResult r : results.values()) {
                if (r.status() != MinionStatus.WAITING) l.accept(new JobEvent.Result(job.jid(), r));
            }
            listeners.add(l);
            return true;
        }
    }

    public JobTracker(JobCache cache, ScheduledExecutorService timer) {
        this(cache, timer, dev.jsalt.master.config.MasterConfig.Limits.defaults());
    }

    public JobTracker(JobCache cache, ScheduledExecutorService timer, dev.jsalt.master.config.MasterConfig.Limits limits) {
        this(cache, timer, limits, new dev.jsalt.master.metrics.MasterMetrics());
    }

    /** {@code metrics} counts jobs, results and durations as they happen (see docs/metrics.md). */
    public JobTracker(JobCache cache, ScheduledExecutorService timer, dev.jsalt.master.config.MasterConfig.Limits limits,
                      dev.jsalt.master.metrics.MasterMetrics metrics) {
        this.cache = cache;
        this.timer = timer;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * {@code minion}'s connection ended: its part of every running job ends now as "connection lost" (a minion killed
     * mid-job does not leave the job waiting for its timeout). A return that still arrives later is kept as late.
     */
    public void onDisconnected(String minion) {
        long now = System.currentTimeMillis();
        for (Active a : active.values()) {
            synchronized (a) {
                MinionResult prev = a.results.get(minion);
                if (a.done || prev == null || prev.status() != MinionStatus.WAITING || a.handedOver.contains(minion)) continue;
                a.record(new MinionResult(minion, MinionStatus.DISCONNECTED, null,
                        "the minion's connection ended while the job was running", null, now));
            }
        }
    }

    /**
     * {@code minion} is stopping and handed these jobs over to its next process: its part stays waiting (until the
     * return or the job's timeout) when the connection ends.
     */
    public void onHandedOver(String minion, List<String> jids) {
        for (String jid : jids) {
            Active a = active.get(jid);
            if (a == null) continue;
            synchronized (a) {
                MinionResult prev = a.results.get(minion);
                if (a.done || prev == null || prev.status() != MinionStatus.WAITING) continue;
                a.handedOver.add(minion);
                log.info("job {}: {} handed it over to its next process", jid, minion);
            }
        }
    }

    /**
     * Registers a job before it is sent. {@code listener} (may be null) sees every event from the start.
     * Minions in {@code notConnected} are settled at once.
     */
    public void start(JobRecord job, Set<String> notConnected, Consumer<JobEvent> listener) {
        cache.save(job);
        metrics.jobStarted(job);
        Active a = new Active(job);
        active.put(job.jid(), a);
        if (listener != null) a.subscribeWhileRunning(listener);
        for (String m : notConnected) {
            a.record(new MinionResult(m, MinionStatus.NOT_CONNECTED, null, null, null, System.currentTimeMillis()));
        }
        if (job.minions().isEmpty()) {
            synchronized (a) {
                if (!a.done) a.finish();
            }
        }
        timer.schedule(a::timeout, job.timeoutSeconds(), TimeUnit.SECONDS);
    }

    /** The send to {@code minion} failed although it looked connected. */
    public void sendFailed(String jid, String minion) {
        Active a = active.get(jid);
        if (a != null) a.record(new MinionResult(minion, MinionStatus.NOT_CONNECTED, null, null, null, System.currentTimeMillis()));
    }

    /** A return from an authenticated minion; ignored unless that minion was expected by that job. */
    public void onReturn(String minion, MinionMessage.JobReturn ret) {
        try (ResultWrites batch = new ResultWrites()) {
            onReturn(minion, ret, batch);
        }
    }

    /**
     * A return from an authenticated minion, written in {@code batch} (see {@link ReturnRecorder}): it is on disk, and
     * told to the job's listeners, when the batch closes.
     */
    public void onReturn(String minion, MinionMessage.JobReturn ret, ResultWrites batch) {
        if (ret.jid() == null || !JobIds.VALID.matcher(ret.jid()).matches()) {
            log.warn("return with a bad jid from {}; dropped", minion);
            return;
        }
        long now = System.currentTimeMillis();
        Active a = active.get(ret.jid());
        if (a != null) {
            synchronized (a) {
                MinionResult prev = a.results.get(minion);
                if (prev == null) {
                    log.warn("minion {} returned for job {} it was not sent; dropped", minion, ret.jid());
                    return;
                }
                // One return per minion and job: a repeat is dropped (late returns are de-duplicated too).
                if (prev.status() != MinionStatus.WAITING && prev.status() != MinionStatus.NO_RESPONSE
                        && prev.status() != MinionStatus.DISCONNECTED) return;
                MinionStatus st = a.done ? MinionStatus.LATE : ret.success() ? MinionStatus.RETURNED : MinionStatus.FAILED;
                a.record(new MinionResult(minion, st, ret.retcode(), ret.result(), ret.durationMillis(), now), batch);
            }
            return;
        }
        // Finished long ago (or before a master restart): keep it as a late return.
        Optional<JobRecord> job = cache.job(ret.jid());
        if (job.isPresent() && job.get().minions().contains(minion)) {
            // A minion resends a return until it is acknowledged, and late returns are bounded: one copy per minion
            // and job is recorded, never another after its part was recorded as returned.
            MinionResult had = cache.results(job.get()).get(minion);
            if (had != null && had.status() != MinionStatus.WAITING && had.status() != MinionStatus.NO_RESPONSE
                    && had.status() != MinionStatus.NOT_CONNECTED) {
                log.debug("repeated return of {} for job {}; dropped", minion, ret.jid());
                return;
            }
            MinionResult late = new MinionResult(minion, MinionStatus.LATE, ret.retcode(), ret.result(), ret.durationMillis(), now);
            cache.append(ret.jid(), late);
            metrics.lateResult(job.get().fun(), late);
        } else {
            log.warn("minion {} returned for unknown job {}; dropped", minion, ret.jid());
        }
    }

    /** Replays the job so far and then follows it; for finished jobs, replays from the cache. */
    public boolean subscribe(String jid, Consumer<JobEvent> listener) {
        Active a = active.get(jid);
        if (a != null && a.subscribeWhileRunning(listener)) return true;
        Optional<JobView> v = view(jid);
        if (v.isEmpty()) return false;
        listener.accept(new JobEvent.Started(v.get().job()));
        for (MinionResult r : v.get().results()) {
            if (r.status() != MinionStatus.WAITING) listener.accept(new JobEvent.Result(jid, r));
        }
        listener.accept(new JobEvent.Done(jid, v.get().results()));
        return true;
    }

    public Optional<JobView> view(String jid) {
        Active a = active.get(jid);
        if (a != null) {
            synchronized (a) {
                if (!a.done) return Optional.of(new JobView(a.job, new ArrayList<>(a.results.values()), false));
            }
        }
        return cache.job(jid).map(j -> {
            List<MinionResult> rs = new ArrayList<>(cache.results(j).values());
            // After a master restart a job that never finished shows its silent minions as no response.
            rs.replaceAll(r -> r.status() == MinionStatus.WAITING
                    ? new MinionResult(r.minion(), MinionStatus.NO_RESPONSE, null, null, null, 0) : r);
            return new JobView(j, rs, true);
        });
    }

    public List<JobRecord> list(int limit) { return cache.list(limit); }
}
