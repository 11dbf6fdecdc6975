package dev.jsalt.master.drift;

import dev.jsalt.master.states.StateService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drift checks on a schedule (master.yaml {@code drift: {TARGET: SECONDS}}): every interval, a test run of the
 * highstate on the target, so a server that drifted from its states shows up (metrics, {@code GET /v1/drift}, the
 * {@code jsalt/drift/ID} event) before the next apply changes it back. A test run changes nothing by construction.
 *
 * <p>Checks run one at a time on a thread of their own (a compile can take a while and must not hold up the master's
 * timer), the first one {@code firstDelay} after the start, when minions have had time to connect. A check that cannot
 * start (a compile error, no minion matches) is logged and counted, and the schedule goes on.
 */
public final class DriftSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftSchedule.class);
    /** A drift check job's own timeout. */
    static final int TIMEOUT_SECONDS = 300;

    /** What a scheduled check did: started a job, or could not. */
    public interface Listener {
        void checked(String target, String jid, Throwable error);
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jsalt-drift");
        t.setDaemon(true);
        return t;
    });
    private final StateService states;
    private final Listener listener;

    public DriftSchedule(Map<String, Integer> schedule, StateService states, Duration firstDelay, Listener listener) {
        this.states = states;
        this.listener = listener;
        schedule.forEach((target, seconds) -> executor.scheduleWithFixedDelay(() -> check(target),
                Math.min(firstDelay.toMillis(), seconds * 1000L), seconds * 1000L, TimeUnit.MILLISECONDS));
        if (!schedule.isEmpty()) LOG.info("drift checks scheduled: {}", schedule);
    }

    /** One check of {@code target} now (also what the schedule runs); returns the job id, or null if none started. */
    public String check(String target) {
        try {
            String jid = states.apply(new StateService.ApplyRequest(target, List.of(), true, null, false, TIMEOUT_SECONDS, "drift"), e -> { });
            LOG.info("drift check of {} started: job {}", target, jid);
            listener.checked(target, jid, null);
            return jid;
        } catch (RuntimeException e) {
            LOG.warn("drift check of {} could not start: {}", target, e.getMessage());
            listener.checked(target, null, e);
            return null;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
