package dev.jsalt.master.drift;

import dev.jsalt.master.jobs.JobRecord;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Each minion's latest state runs as its returns arrive: the last real apply (when it ended, how long the minion took,
 * whether it succeeded, how many resources changed or failed) and the last drift check — a test run of the whole
 * highstate, started by the drift schedule or by an operator — with the resources that would change. Held in memory
 * (one small record per minion), read by the metrics, {@code GET /v1/drift} and {@code GET /v1/minions}.
 */
public final class MinionRuns {
    /** At most this many resource ids are kept per drift check (the count is exact). */
    static final int MAX_IDS = 50;

    /** A real state run's outcome on one minion. */
    public record LastApply(String jid, long endedAt, double durationSeconds, boolean ok, int changed, int failed) {
    }

    /** A test run of the highstate on one minion: what would change (resource ids, at most {@link #MAX_IDS}). */
    public record DriftCheck(String minion, String jid, long checkedAt, boolean ok, int wouldChange, int failed, List<String> states) {
        public DriftCheck {
            states = List.copyOf(states);
        }

        /** True when the minion's state differs from its highstate (or the check itself failed on it). */
        public boolean drifted() { return wouldChange > 0 || !ok; }
    }

    private final Map<String, LastApply> applies = new ConcurrentHashMap<>();
    private final Map<String, DriftCheck> drift = new ConcurrentHashMap<>();
    private volatile Consumer<DriftCheck> onDrift = d -> { };

    /** {@code listener} hears every drift check that found drift (called on the thread that settled the result). */
    public void onDrift(Consumer<DriftCheck> listener) {
        this.onDrift = listener == null ? d -> { } : listener;
    }

    /** One minion's part of a job was settled: a {@code state.apply} return is recorded, anything else ignored. */
    public void record(JobRecord job, MinionResult r) {
        if (!"state.apply".equals(job.fun())) return;
        if (r.status() != MinionStatus.RETURNED && r.status() != MinionStatus.FAILED && r.status() != MinionStatus.LATE) return;
        int changed = 0;
        int failed = 0;
        int would = 0;
        List<String> ids = new ArrayList<>();
        if (r.result() instanceof List<?> states) {
            for (Object o : states) {
                if (!(o instanceof Map<?, ?> m)) continue;
                String outcome = String.valueOf(m.get("outcome"));
                switch (outcome) {
                    case "CHANGED" -> changed++;
                    case "FAILED" -> failed++;
                    case "WOULD_CHANGE" -> {
                        would++;
                        if (ids.size() < MAX_IDS) ids.add(String.valueOf(m.get("id")));
                    }
                    default -> { }
                }
            }
        }
        boolean ok = r.status() != MinionStatus.FAILED && failed == 0;
        long at = r.receivedAt() > 0 ? r.receivedAt() : System.currentTimeMillis();
        if (Boolean.TRUE.equals(job.options().get("test"))) {
            if (job.options().containsKey("sls")) return; // a test of some states says nothing about the whole highstate
            DriftCheck d = new DriftCheck(r.minion(), job.jid(), at, ok, would, failed, ids);
            drift.put(r.minion(), d);
            if (d.drifted()) onDrift.accept(d);
        } else {
            double seconds = r.durationMillis() == null ? 0 : r.durationMillis() / 1000.0;
            applies.put(r.minion(), new LastApply(job.jid(), at, seconds, ok, changed, failed));
        }
    }

    public Optional<LastApply> lastApply(String minion) { return Optional.ofNullable(applies.get(minion)); }

    public Optional<DriftCheck> lastDriftCheck(String minion) { return Optional.ofNullable(drift.get(minion)); }

    /** Every minion's last drift check. */
    public List<DriftCheck> driftChecks() {
        return drift.values().stream().sorted(java.util.Comparator.comparing(DriftCheck::minion)).toList();
    }

    /** The minion's key was deleted: it is not part of the fleet any more. */
    public void forget(String minion) {
        applies.remove(minion);
        drift.remove(minion);
    }
}
