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
import dev.jsalt.minion.jobs.JobControl;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code state.apply}: runs the state document the master compiled for this minion. One state run at a time: a
 * second one is refused at once with the running job's id, unless the job asked to queue ({@code queue: true}),
 * in which case it waits up to {@code queue_timeout} seconds (default 600) for the lock.
 */
public final class StateApply implements ExecFunction {
    private final Supplier<StateEngine> engine;
    private final StateRunLock lock;
    private final Consumer<List<StateResult>> afterRun;

    public StateApply(StateModules modules, FunctionContext.SecretOpener secrets, StateRunLock lock, Consumer<List<StateResult>> afterRun) {
        this(() -> modules, secrets, lock, afterRun);
    }

    /**
     * The modules and the engine (with the argument catalog it validates against) are made on the first state run:
     * an idle minion that never applies a state loads none of their classes (see docs/performance.md, idle RSS).
     */
    public StateApply(Supplier<StateModules> modules, FunctionContext.SecretOpener secrets, StateRunLock lock,
                      Consumer<List<StateResult>> afterRun) {
        this.engine = Functions.once(() -> new StateEngine(modules.get(), secrets::open));
        this.lock = lock;
        this.afterRun = afterRun;
    }

    @Override
    public FunctionResult call(JobRequest job, FunctionContext ctx) throws Exception {
        return run(job, ctx, List.of(), null);
    }

    /**
     * Continues a state run a stopping minion process handed over ({@link dev.jsalt.minion.jobs.Handover}): the
     * resources in {@code done} keep their results, the one that was running is applied again (its command has
     * finished meanwhile, as {@code finished} says) and every later one runs as usual.
     */
    public FunctionResult resume(JobRequest job, FunctionContext ctx, List<StateResult> done, Finished finished) throws Exception {
        return run(job, ctx, done, finished);
    }

    /** The command the previous process was waiting for when it handed the run over, and how it ended. */
    public record Finished(List<String> argv, dev.jsalt.minion.exec.CommandResult result) {
    }

    private FunctionResult run(JobRequest job, FunctionContext ctx, List<StateResult> done, Finished finished) throws Exception {
        Object raw = job.kwargs().get("document");
        if (raw == null) throw new IllegalArgumentException("state.apply needs a compiled document");
        StateDocument doc = Json.convert(raw, StateDocument.class);
        if (!ctx.minionId().equals(doc.minionId())) {
            throw new IllegalArgumentException("document was compiled for " + doc.minionId() + ", not " + ctx.minionId());
        }
        boolean test = Functions.flag(job, "test");
        boolean queue = Functions.flag(job, "queue");
        Duration queueTimeout = job.kwargs().containsKey("queue_timeout") ? Functions.seconds(job, "queue_timeout") : Duration.ofSeconds(600);
        // A continued run waits for the lock: the process that held it is gone or about to be.
        Duration wait = queue || !done.isEmpty() || finished != null ? queueTimeout : Duration.ZERO;
        try (StateRunLock.Lease ignored = lock.acquire(job.jid(), wait)) {
            RunContext run = new RunContext(test, ctx.commands(), ctx.grains().get(), ctx.rootDir());
            Optional<JobControl> control = JobControl.current();
            control.ifPresent(c -> {
                run.gate(c::mayContinue);
                done.forEach(c::resourceDone);
            });
            Map<String, StateResult> preset = new LinkedHashMap<>();
            for (StateResult r : done) preset.put(r.key(), r);
            List<StateResult> results = engine.get().run(doc, run, r -> control.ifPresent(c -> c.resourceDone(r)), preset,
                    finished == null ? null : new StateEngine.Resumed(finished.argv(), finished.result()));
            boolean failed = results.stream().anyMatch(r -> r.outcome() == Outcome.FAILED);
            if (!test && afterRun != null) afterRun.accept(results);
            return new FunctionResult(!failed, failed ? 2 : 0, results);
        } catch (StateRunBusyException e) {
            return FunctionResult.failed(1, e.getMessage() + (queue ? "" : "; run again later, or with --queue to wait for it"));
        }
    }
}
