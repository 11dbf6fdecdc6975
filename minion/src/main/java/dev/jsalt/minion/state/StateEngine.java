package dev.jsalt.minion.state;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies a state document in the order the master compiled it, honouring requisites and failhard.
 *
 * <p>Requisite semantics follow Salt: a resource whose require/watch/onchanges target failed (or was itself
 * skipped because of a failure) is skipped and counts as failed for its own dependants. A resource skipped
 * because its onchanges/onfail condition was not met counts as fine, as in Salt ({@code result: True}), so
 * things requiring it still run.
 */
public final class StateEngine {
    private static final Logger log = LoggerFactory.getLogger(StateEngine.class);

    private final StateModules modules;
    private final SecretOpener secrets;

    public StateEngine(StateModules modules, SecretOpener secrets) {
        this.modules = modules;
        this.secrets = secrets;
    }

    public List<StateResult> run(StateDocument doc, RunContext ctx) {
        return run(doc, ctx, r -> { });
    }

    /** Runs {@code doc}; {@code progress} sees each result as soon as it is known (for progress events). */
    public List<StateResult> run(StateDocument doc, RunContext ctx, Consumer<StateResult> progress) {
        return run(doc, ctx, progress, Map.of());
    }

    /**
     * Runs {@code doc}, taking the results in {@code preset} (by resource key) as already done instead of applying
     * those resources again: a run that a stopping minion handed over is continued where it stopped, and requisites
     * on the resources done before still see how they went.
     *
     * @throws HandedOverException when the run's context says it may not go on ({@link RunContext#mayContinue})
     */
    public List<StateResult> run(StateDocument doc, RunContext ctx, Consumer<StateResult> progress, Map<String, StateResult> preset) {
        return run(doc, ctx, progress, preset, null);
    }

    /** How the command that the resource after the preset ones waited for ended, while the minion restarted. */
    public record Resumed(List<String> argv, dev.jsalt.minion.exec.CommandResult finished) {
    }

    /**
     * Like {@link #run(StateDocument, RunContext, Consumer, Map)}; with {@code resumed}, the first resource not in
     * {@code preset} is the one whose command ran on across a minion restart: its module judges it from how that
     * command ended ({@link StateModule#afterRestart}), or it is applied again, and its comment says so.
     */
    public List<StateResult> run(StateDocument doc, RunContext ctx, Consumer<StateResult> progress, Map<String, StateResult> preset,
                                 Resumed resumed) {
        List<StateResult> results = new ArrayList<>(doc.resources().size());
        Map<String, Done> done = new HashMap<>();
        String failhardKey = null;
        for (Resource r : doc.resources()) {
            StateResult before = preset.get(r.key());
            if (before != null) {
                Done d = Done.of(before);
                done.put(r.key(), d);
                results.add(before);
                if (failhardKey == null && r.failhard() && d.failed()) failhardKey = r.key();
                continue;
            }
            if (!ctx.mayContinue()) throw new HandedOverException();
            long start = System.nanoTime();
            Done d;
            if (failhardKey != null) {
                d = Done.failureSkip("failhard: " + failhardKey + " failed");
            } else {
                d = runOne(r, ctx, done, resumed);
            }
            if (resumed != null) {
                d = new Done(acrossRestart(d.outcome, resumed), d.failureSkip);
                resumed = null;
            }
            double ms = (System.nanoTime() - start) / 1e6;
            StateResult result = new StateResult(r.key(), r.id(), r.fun(), r.name(), d.outcome.outcome(),
                    d.outcome.changes(), d.outcome.comment(), ms);
            done.put(r.key(), d);
            results.add(result);
            log.debug("{} {} {} ({} ms): {}", r.fun(), r.name(), result.outcome(), String.format("%.3f", ms), result.comment());
            progress.accept(result);
            if (failhardKey == null && r.failhard() && d.failed()) {
                failhardKey = r.key();
            }
        }
        return results;
    }

    private Done runOne(Resource r, RunContext ctx, Map<String, Done> done, Resumed resumed) {
        List<String> failedReqs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean hasOnchanges = false, anyChanged = false;
        boolean hasOnfail = false, anyFailed = false;
        boolean watchFired = false;
        for (Requisite req : r.requisites()) {
            Done t = done.get(req.target());
            if (t == null) {
                missing.add(req.target());
                continue;
            }
            boolean changed = changed(t.outcome.outcome(), ctx);
            switch (req.kind()) {
                case REQUIRE -> { if (t.failed()) failedReqs.add(req.target()); }
                case WATCH -> {
                    if (t.failed()) failedReqs.add(req.target());
                    else if (changed) watchFired = true;
                }
                case ONCHANGES -> {
                    hasOnchanges = true;
                    if (t.failed()) failedReqs.add(req.target());
                    else if (changed) anyChanged = true;
                }
                case ONFAIL -> {
                    hasOnfail = true;
                    if (t.failed()) anyFailed = true;
                }
            }
        }
        if (!missing.isEmpty()) {
            return Done.failed("Requisite not found earlier in the document: " + String.join(", ", missing));
        }
        if (!failedReqs.isEmpty()) {
            return Done.failureSkip("One or more requisite failed: " + String.join(", ", failedReqs));
        }
        if (hasOnchanges && !anyChanged) return Done.conditionSkip("no changes in onchanges requisites");
        if (hasOnfail && !anyFailed) return Done.conditionSkip("no failure in onfail requisites");

        Optional<StateModule> module = modules.get(r.module());
        if (module.isEmpty()) {
            return Done.failed("State '" + r.fun() + "' is not available: no state module '" + r.module() + "' on this minion");
        }
        if (!module.get().functions().contains(r.function())) {
            return Done.failed("State '" + r.fun() + "' is not available: module '" + r.module() + "' has no function '"
                    + r.function() + "'");
        }
        Resource open;
        List<String> secretValues = new ArrayList<>();
        try {
            open = unseal(r, ctx, secretValues);
        } catch (Exception e) {
            return Done.failed("cannot open sealed secret: " + message(e));
        }
        StateOutcome out;
        try {
            out = resumed == null ? null : module.get().afterRestart(open, ctx, resumed.finished());
            if (out == null) out = module.get().apply(open, ctx);
            if (out == null) throw new IllegalStateException(r.fun() + " returned no outcome");
            if (watchFired && !out.outcome().isFailure()) {
                out = module.get().onWatch(open, ctx, out);
                if (out == null) throw new IllegalStateException(r.fun() + " watch reaction returned no outcome");
            }
        } catch (HandedOverException e) {
            throw e;
        } catch (Exception e) {
            log.debug("{} {} threw", r.fun(), r.name(), e);
            out = StateOutcome.failed(message(e));
        }
        return new Done(Secrets.scrub(out, secretValues), false);
    }

    /**
     * The resource that was running when the minion restarted. Its command ran to its end meanwhile; a state applied
     * again finds nothing left to do, which is still this job's change, so UNCHANGED becomes CHANGED.
     */
    static StateOutcome acrossRestart(StateOutcome o, Resumed resumed) {
        String note = " (continued across a minion restart: '" + String.join(" ", resumed.argv()) + "' ran on and exited "
                + resumed.finished().exitCode() + ")";
        if (o.outcome() != Outcome.UNCHANGED) return new StateOutcome(o.outcome(), o.changes(), o.comment() + note);
        Map<String, Object> changes = new LinkedHashMap<>(o.changes());
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("command", resumed.argv());
        cmd.put("exit", resumed.finished().exitCode());
        changes.put("across_restart", cmd);
        return new StateOutcome(Outcome.CHANGED, changes, o.comment() + note);
    }

    private static boolean changed(Outcome o, RunContext ctx) {
        return o == Outcome.CHANGED || (ctx.test() && o == Outcome.WOULD_CHANGE);
    }

    /** Replaces every {@code {"$sealed": ...}} arg value with its clear value and records which args were secret. */
    private Resource unseal(Resource r, RunContext ctx, List<String> secretValues) throws Exception {
        Map<String, Object> args = null;
        for (Map.Entry<String, Object> e : r.args().entrySet()) {
            if (Secrets.isSealed(e.getValue())) {
                if (args == null) args = new LinkedHashMap<>(r.args());
                Object clear = secrets.open(Secrets.sealedText(e.getValue()));
                args.put(e.getKey(), clear);
                ctx.markSecret(r, e.getKey());
                if (clear != null) secretValues.add(clear.toString());
            }
        }
        if (args == null) return r;
        return new Resource(r.key(), r.id(), r.module(), r.function(), r.name(), args, r.requisites(), r.sls(),
                r.file(), r.line(), r.failhard());
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** What became of a resource, plus whether a skip counts as a failure for dependants. */
    private record Done(StateOutcome outcome, boolean failureSkip) {
        boolean failed() { return outcome.outcome() == Outcome.FAILED || failureSkip; }

        static Done failed(String comment) { return new Done(StateOutcome.failed(comment), false); }

        static Done failureSkip(String comment) {
            return new Done(new StateOutcome(Outcome.SKIPPED, Map.of(), comment), true);
        }

        static Done conditionSkip(String comment) {
            return new Done(new StateOutcome(Outcome.SKIPPED, Map.of(), comment), false);
        }

        /** A result recorded earlier: a skip counts as a failure unless its onchanges/onfail condition was not met. */
        static Done of(StateResult r) {
            String c = r.comment() == null ? "" : r.comment();
            boolean conditionSkip = c.startsWith("no changes in onchanges") || c.startsWith("no failure in onfail");
            return new Done(new StateOutcome(r.outcome(), r.changes() == null ? Map.of() : r.changes(), c),
                    r.outcome() == Outcome.SKIPPED && !conditionSkip);
        }
    }
}
