package dev.jsalt.master.orchestrate;

import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.MinionResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Starts a job and blocks until the tracker says it is done, passing each minion's result on as it arrives. The
 * tracker settles every minion by the job's own timeout, so the extra wait here only guards against a lost event.
 */
final class JobWait {
    private static final long GRACE_SECONDS = 30;

    /** A finished job: its id and every minion's final result. */
    record Done(String jid, List<MinionResult> results) {
    }

    private JobWait() {
    }

    /** @param start publishes the job with the given listener and returns its jid */
    static Done run(Function<Consumer<JobEvent>, String> start, int timeoutSeconds, Consumer<MinionResult> onResult)
            throws InterruptedException {
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        String jid = start.apply(e -> {
            if (e instanceof JobEvent.Result r) onResult.accept(r.result());
            if (e instanceof JobEvent.Done d) done.complete(d.results());
        });
        try {
            return new Done(jid, done.get(timeoutSeconds + GRACE_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw new IllegalStateException("job " + jid + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("job " + jid + " did not finish within " + (timeoutSeconds + GRACE_SECONDS) + " s");
        }
    }
}
