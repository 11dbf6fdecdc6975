package dev.jsalt.master.states;

import dev.jsalt.master.compile.salt.MinionAnswers;
import dev.jsalt.master.compile.salt.MinionCalls;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.JobPublisher;
import dev.jsalt.master.jobs.MinionResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks one minion, in one {@code jsalt.render_calls} job, for the functions its templates call on it while the master
 * compiles its document. The calls travel as a keyword argument, which the job cache does not keep (only small scalar
 * options are recorded), so user names, paths and commands of templates do not land in it.
 */
final class RenderCallsJob implements MinionAnswers.Asker {
    static final String FUNCTION = "jsalt.render_calls";
    /** When the run has no timeout of its own (jsalt show, a runbook's compile). */
    static final int DEFAULT_TIMEOUT_SECONDS = 120;

    private final JobPublisher publisher;
    private final String minion;
    private final String user;
    private final int timeoutSeconds;

    /** @param timeoutSeconds the state run's own timeout: asking the minion never takes longer than the run may */
    RenderCallsJob(JobPublisher publisher, String minion, String user, int timeoutSeconds) {
        this.publisher = publisher;
        this.minion = minion;
        this.user = user;
        this.timeoutSeconds = timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
    }

    @Override
    public List<?> ask(List<MinionCalls.Call> calls) {
        List<Object> wire = new ArrayList<>();
        for (MinionCalls.Call c : calls) wire.add(c.toWire());
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        JobPublisher.Request req = new JobPublisher.Request(minion, FUNCTION, List.of(), Map.of("calls", wire), timeoutSeconds, null, user);
        String jid = publisher.publish(req, List.of(minion), null, e -> {
            if (e instanceof JobEvent.Done d) done.complete(d.results());
        });
        List<MinionResult> results;
        try {
            results = done.get(timeoutSeconds + 30L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + minion + " (job " + jid + ")");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(minion + " did not answer (job " + jid + ")");
        }
        MinionResult r = results.stream().filter(x -> x.minion().equals(minion)).findFirst().orElse(null);
        if (r == null || !r.status().ok()) {
            throw new IllegalStateException(minion + " " + (r == null ? "did not answer" : r.status().label())
                    + (r != null && r.result() != null ? ": " + r.result() : "") + " (job " + jid + ")");
        }
        if (!(r.result() instanceof List<?> answers)) {
            throw new IllegalStateException(minion + " answered job " + jid + " with " + r.result() + ", not a list of answers");
        }
        return answers;
    }
}
