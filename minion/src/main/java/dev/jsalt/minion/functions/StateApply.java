package dev.jsalt.minion.functions;

import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateEngine;
import dev.jsalt.minion.state.StateModules;
import dev.jsalt.minion.state.StateRunBusyException;
import dev.jsalt.minion.state.StateRunLock;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code state.apply}: runs the state document the master compiled for this minion. One state run at a time: a
 * second one is refused at once with the running job's id, unless the job asked to queue ({@code queue: true}),
 * in which case it waits up to {@code queue_timeout} seconds (default 600) for the lock.
 */
public final class StateApply implements ExecFunction {
    private final StateEngine engine;
    private final StateRunLock lock;
    private final Consumer<List<StateResult>> afterRun;

    public StateApply(StateModules modules, FunctionContext.SecretOpener secrets, StateRunLock lock, Consumer<List<StateResult>> afterRun) {
        this.engine = new StateEngine(modules, secrets::open);
        this.lock = lock;
        this.afterRun = afterRun;
    }

    @Override
    public FunctionResult call(JobRequest job, FunctionContext ctx) throws Exception {
        Object raw = job.kwargs().get("document");
        if (raw == null) throw new IllegalArgumentException("state.apply needs a compiled document");
        StateDocument doc = Json.convert(raw, StateDocument.class);
        if (!ctx.minionId().equals(doc.minionId())) {
            throw new IllegalArgumentException("document was compiled for " + doc.minionId() + ", not " + ctx.minionId());
        }
        boolean test = Functions.flag(job, "test");
        boolean queue = Functions.flag(job, "queue");
        Duration queueTimeout = job.kwargs().containsKey("queue_timeout") ? Functions.seconds(job, "queue_timeout") : Duration.ofSeconds(600);
        Duration wait = queue ? queueTimeout : Duration.ZERO;
        try (StateRunLock.Lease ignored = lock.acquire(job.jid(), wait)) {
            RunContext run = new RunContext(test, ctx.commands(), ctx.grains().get(), ctx.rootDir());
            List<StateResult> results = engine.run(doc, run);
            boolean failed = results.stream().anyMatch(r -> r.outcome() == Outcome.FAILED);
            if (!test && afterRun != null) afterRun.accept(results);
            return new FunctionResult(!failed, failed ? 2 : 0, results);
        } catch (StateRunBusyException e) {
            return FunctionResult.failed(1, e.getMessage() + (queue ? "" : "; run again later, or with --queue to wait for it"));
        }
    }
}
