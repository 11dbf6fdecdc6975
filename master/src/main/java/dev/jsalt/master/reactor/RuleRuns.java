package dev.jsalt.master.reactor;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When one reactor rule runs. Triggers within the settle time are coalesced into one run, which starts after it and so
 * sees what they announced (a mine value, a key). A trigger that arrives while a run is under way gets a run of its
 * own after that one: the run may have read the mine before the trigger's change (it compiles each minion in turn),
 * and dropping the trigger lost the change for good. That left one pair of a growing VPN mesh without each other's
 * host entry, until something else changed.
 */
final class RuleRuns {
    private final ScheduledExecutorService timer;
    private final long settleMillis;
    private final Consumer<String> run;
    /** A run is scheduled and has not started: a trigger now is covered by it. */
    private boolean scheduled;
    /** A run is under way. */
    private boolean running;
    /** The trigger that came during the run under way, if any: it gets the next run. */
    private String again;

    /** @param run runs the rule; given the tag of the event that triggered it */
    RuleRuns(ScheduledExecutorService timer, long settleMillis, Consumer<String> run) {
        this.timer = timer;
        this.settleMillis = settleMillis;
        this.run = run;
    }

    /** An event matched the rule. False if a run already scheduled covers it. */
    synchronized boolean trigger(String tag) {
        if (scheduled) return false;
        if (running) {
            again = tag;
            return false;
        }
        scheduled = true;
        timer.schedule(() -> fire(tag), settleMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    private void fire(String tag) {
        synchronized (this) {
            scheduled = false;
            running = true;
        }
        try {
            run.accept(tag);
        } finally {
            String next;
            synchronized (this) {
                running = false;
                next = again;
                again = null;
            }
            if (next != null) trigger(next);
        }
    }
}
