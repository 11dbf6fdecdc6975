package dev.jsalt.minion.state;

import dev.jsalt.common.catalog.ArgSpec;
import dev.jsalt.common.catalog.Catalog;
import dev.jsalt.common.catalog.Handling;
import dev.jsalt.common.catalog.StateFunctionSpec;
import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies a state document in the order the master compiled it: requisites (Salt's semantics, including the
 * {@code _any}/{@code _all} forms, {@code prereq} and {@code listen}), the global guards ({@code onlyif},
 * {@code unless}, {@code creates}), failhard, {@code retry} and the global {@code check_cmd}. For each resource it asks
 * the state module for a {@link Plan} and applies it, unless the run is a test run: the engine is the only place that
 * knows, so a test run changes nothing by construction and reports the very plan a real run would execute.
 *
 * <p>A resource whose require/watch/onchanges target failed (or was itself skipped because of a failure) is skipped
 * and counts as failed for its own dependants. A resource skipped because its onchanges/onfail/prereq condition was
 * not met, or because a guard said so, counts as fine, as in Salt ({@code result: True}), so things requiring it
 * still run.
 */
public final class StateEngine {
    private static final Logger log = LoggerFactory.getLogger(StateEngine.class);

    private final StateModules modules;
    private final SecretOpener secrets;
    private final Catalog catalog;

    public StateEngine(StateModules modules, SecretOpener secrets) {
        this(modules, secrets, Catalog.standard());
    }

    StateEngine(StateModules modules, SecretOpener secrets, Catalog catalog) {
        this.modules = modules;
        this.secrets = secrets;
        this.catalog = catalog;
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
        Map<String, Resource> byKey = new HashMap<>();
        for (Resource r : doc.resources()) byKey.put(r.key(), r);
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
                d = runOne(r, ctx, done, byKey, resumed);
            }
            if (resumed != null) {
                d = new Done(acrossRestart(d.outcome, resumed), d.failureSkip, d.ran);
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
        if (failhardKey == null) listeners(doc, ctx, done, results, progress);
        return results;
    }

    // ---- requisites

    private Done runOne(Resource r, RunContext ctx, Map<String, Done> done, Map<String, Resource> byKey, Resumed resumed) {
        List<String> missing = new ArrayList<>();
        Map<RequisiteKind, List<Requisite>> byKind = new EnumMap<>(RequisiteKind.class);
        for (Requisite req : r.requisites()) {
            if (req.kind() == RequisiteKind.LISTEN) continue; // at the end of the run
            if (req.kind() == RequisiteKind.PREREQ) {
                if (!byKey.containsKey(req.target())) missing.add(req.target());
            } else if (!done.containsKey(req.target())) {
                missing.add(req.target());
            }
            byKind.computeIfAbsent(req.kind(), k -> new ArrayList<>()).add(req);
        }
        if (!missing.isEmpty()) {
            return Done.failed("Requisite not found earlier in the document: " + String.join(", ", missing));
        }
        Set<String> stats = new HashSet<>();
        Set<String> failedTargets = new LinkedHashSet<>();
        for (Map.Entry<RequisiteKind, List<Requisite>> e : byKind.entrySet()) {
            RequisiteKind kind = e.getKey();
            if (kind == RequisiteKind.PREREQ) continue;
            Set<String> s = new HashSet<>();
            List<String> failedHere = new ArrayList<>();
            for (Requisite req : e.getValue()) {
                Done t = done.get(req.target());
                RequisiteKind base = kind.base();
                if (base == RequisiteKind.ONFAIL) {
                    s.add(t.failed() ? "met" : "onfail");
                    continue;
                }
                if (t.failed()) {
                    s.add("fail");
                    failedHere.add(req.target());
                    continue;
                }
                boolean changed = changed(t.outcome.outcome(), ctx);
                if (base == RequisiteKind.ONCHANGES) {
                    s.add(changed ? "onchangesmet" : "onchanges");
                } else if (base == RequisiteKind.WATCH && changed) {
                    s.add("change");
                } else if (t.ran) {
                    s.add("met");
                }
            }
            // Salt's rules for the _any forms (and plain onfail, which is "any" too)
            if (kind.name().endsWith("_ANY") || kind == RequisiteKind.ONFAIL) {
                if (s.contains("met") || s.contains("change")) s.remove("fail");
                if (s.contains("onchangesmet")) {
                    s.remove("onchanges");
                    s.remove("fail");
                }
                if (s.contains("onfail") && s.contains("met")) s.remove("onfail");
            }
            if (kind == RequisiteKind.ONFAIL_ALL && s.contains("onfail")) s.remove("met");
            if (s.contains("fail")) failedTargets.addAll(failedHere);
            stats.addAll(s);
        }
        if (stats.contains("fail")) {
            return Done.failureSkip("One or more requisite failed: " + String.join(", ", failedTargets));
        }
        if (stats.contains("onfail") && !stats.contains("onchangesmet")) return Done.conditionSkip("no failure in onfail requisites");
        if (stats.contains("onchanges") && !stats.contains("onchangesmet")) return Done.conditionSkip("no changes in onchanges requisites");
        boolean watchFired = stats.contains("change");

        Optional<StateModule> module = modules.get(r.module());
        if (module.isEmpty()) {
            return Done.failed("State '" + r.fun() + "' is not available: no state module '" + r.module() + "' on this minion");
        }
        if (!module.get().functions().contains(r.function())) {
            return Done.failed("State '" + r.fun() + "' is not available: module '" + r.module() + "' has no function '"
                    + r.function() + "'");
        }
        StateFunctionSpec spec = catalog.stateFunction(r.module(), r.function()).orElse(null);
        Call call;
        try {
            call = open(r, spec, ctx);
        } catch (Exception e) {
            return Done.failed(message(e));
        }
        if (byKind.containsKey(RequisiteKind.PREREQ)) {
            String why = prereqUnmet(byKind.get(RequisiteKind.PREREQ), byKey, ctx);
            if (why != null) return Done.conditionSkip(why);
        }
        return execute(module.get(), call, ctx, watchFired, resumed);
    }

    /**
     * {@code prereq}: the targets are looked at before this state runs; null if one of them has changes to make (so
     * this state runs), else why not.
     */
    private String prereqUnmet(List<Requisite> prereqs, Map<String, Resource> byKey, RunContext ctx) {
        for (Requisite req : prereqs) {
            Resource target = byKey.get(req.target());
            Optional<StateModule> m = modules.get(target.module());
            if (m.isEmpty()) continue;
            try {
                Call call = open(target, catalog.stateFunction(target.module(), target.function()).orElse(null), ctx);
                if (Guards.skip(call, ctx) != null) continue;
                Plan p = m.get().plan(call.module, ctx);
                while (p instanceof Plan.Prepare prep) p = prep.then().observe();
                if (p instanceof Plan.Changes) return null;
            } catch (Exception e) {
                log.debug("prereq look at {} failed", target.key(), e);
            }
        }
        return "No changes detected";
    }

    // ---- one resource: guards, plan, watch reaction, check_cmd, retry

    private Done execute(StateModule module, Call call, RunContext ctx, boolean watchFired, Resumed resumed) {
        Retry retry = Retry.of(call.engineArgs.get("retry"));
        StateOutcome out = attempt(module, call, ctx, watchFired, resumed);
        if (retry != null) {
            if (ctx.test()) {
                out = new StateOutcome(out.outcome(), out.changes(), join(out.comment(), retry.describe()));
            } else {
                int attempt = 1;
                while (retry.wanted(out) && attempt < retry.attempts()) {
                    StateOutcome previous = out;
                    try {
                        Thread.sleep(retry.pauseMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    out = attempt(module, call, ctx, watchFired, null);
                    out = new StateOutcome(out.outcome(), out.changes(), "Attempt " + attempt + ": Returned a result of \""
                            + !previous.outcome().isFailure() + "\", with the following comment: \"" + previous.comment()
                            + "\"\n" + out.comment());
                    attempt++;
                }
            }
        }
        return new Done(Secrets.scrub(out, call.secretValues), false, true);
    }

    private StateOutcome attempt(StateModule module, Call call, RunContext ctx, boolean watchFired, Resumed resumed) {
        StateOutcome out;
        try {
            String skip = Guards.skip(call, ctx);
            if (skip != null) return StateOutcome.unchanged(skip);
            // The resource whose command ran on across a minion restart: judged by how that command ended, if its
            // module can (cmd), else planned and applied again.
            Plan.Done after = resumed == null ? null : module.afterRestart(call.module, ctx, resumed.finished());
            out = after != null ? outcomeOf(after) : realize(module.plan(call.module, ctx), ctx);
            if (watchFired && !out.outcome().isFailure()) {
                Plan reaction = module.onWatch(call.module, ctx, out);
                if (reaction != null) out = realize(reaction, ctx);
            }
            if (!ctx.test() && !out.outcome().isFailure() && call.engineArgs.get("check_cmd") != null) {
                String failed = Guards.checkCmd(call, ctx);
                if (failed != null) out = StateOutcome.failed(out.changes(), failed);
            }
        } catch (HandedOverException e) {
            throw e;
        } catch (Exception e) {
            log.debug("{} {} threw", call.resource.fun(), call.resource.name(), e);
            out = StateOutcome.failed(message(e));
        }
        return out;
    }

    /** What an action's report means as a state's outcome. */
    static StateOutcome outcomeOf(Plan.Done d) {
        Map<String, Object> changes = d.changes() == null ? Map.of() : d.changes();
        if (d instanceof Plan.Done.Fail) return StateOutcome.failed(changes, d.comment());
        if (d instanceof Plan.Done.Same) return new StateOutcome(Outcome.UNCHANGED, changes, d.comment());
        return new StateOutcome(Outcome.CHANGED, changes, d.comment());
    }

    /** Applies {@code plan} (or, in a test run, reports it). */
    static StateOutcome realize(Plan plan, RunContext ctx) throws Exception {
        while (true) {
            if (plan == null) throw new IllegalStateException("the state function returned no plan");
            if (plan instanceof Plan.InSync s) return StateOutcome.unchanged(s.comment());
            if (plan instanceof Plan.Failed f) return StateOutcome.failed(f.changes(), f.comment());
            if (plan instanceof Plan.Prepare p) {
                if (!ctx.test()) {
                    Plan.Done d = p.action().run();
                    if (d instanceof Plan.Done.Fail fail) return StateOutcome.failed(fail.changes(), fail.comment());
                }
                plan = p.then().observe();
                continue;
            }
            Plan.Changes c = (Plan.Changes) plan;
            if (ctx.test()) {
                for (Plan.Promise p : c.promises()) ctx.pend(p.kind(), p.value());
                return new StateOutcome(Outcome.WOULD_CHANGE, c.planned(), c.wouldComment());
            }
            if (!c.assumptions().isEmpty()) return StateOutcome.failed(c.assumptions().get(0));
            Map<String, Object> changes = new LinkedHashMap<>();
            List<String> comments = new ArrayList<>();
            boolean any = false;
            for (Plan.Change ch : c.changes()) {
                Plan.Done d;
                try {
                    d = ch.action().run();
                } catch (Exception e) {
                    log.debug("action failed", e);
                    return StateOutcome.failed(changes, message(e));
                }
                if (d == null) throw new IllegalStateException("an action returned nothing");
                changes.putAll(d.changes() != null ? d.changes() : d instanceof Plan.Done.Fail ? Map.of() : ch.changes());
                if (d instanceof Plan.Done.Fail) return StateOutcome.failed(changes, d.comment());
                if (!(d instanceof Plan.Done.Same)) any = true;
                String comment = d.comment() != null ? d.comment() : ch.description();
                if (comment != null && !comment.isEmpty()) comments.add(comment);
            }
            return new StateOutcome(any ? Outcome.CHANGED : Outcome.UNCHANGED, changes, String.join("; ", comments));
        }
    }

    // ---- listen: watch reactions at the end of the run

    private void listeners(StateDocument doc, RunContext ctx, Map<String, Done> done, List<StateResult> results,
                           Consumer<StateResult> progress) {
        for (Resource r : doc.resources()) {
            boolean fired = false;
            for (Requisite req : r.requisites()) {
                if (req.kind() != RequisiteKind.LISTEN) continue;
                Done t = done.get(req.target());
                if (t != null && !t.failed() && changed(t.outcome.outcome(), ctx)) fired = true;
            }
            Done self = done.get(r.key());
            if (!fired || self == null || self.failed()) continue;
            long start = System.nanoTime();
            StateOutcome out;
            Optional<StateModule> module = modules.get(r.module());
            List<String> secretValues = List.of();
            try {
                Call call = open(r, catalog.stateFunction(r.module(), r.function()).orElse(null), ctx);
                secretValues = call.secretValues;
                Plan reaction = module.isEmpty() ? null : module.get().onWatch(call.module, ctx, self.outcome);
                out = reaction == null ? StateOutcome.unchanged(r.fun() + " has no watch reaction") : realize(reaction, ctx);
            } catch (Exception e) {
                out = StateOutcome.failed(message(e));
            }
            out = Secrets.scrub(out, secretValues);
            String id = "listener_" + r.id();
            StateResult res = new StateResult(Resource.keyOf(r.module(), id, r.name(), "mod_watch"), id,
                    r.module() + ".mod_watch", r.name(), out.outcome(), out.changes(), out.comment(),
                    (System.nanoTime() - start) / 1e6);
            results.add(res);
            progress.accept(res);
        }
    }

    // ---- arguments

    /** A resource ready for its module: secrets opened, engine arguments split off, the rest checked. */
    static final class Call {
        final Resource resource;
        /** What the module sees: only the function's own arguments. */
        final Resource module;
        final Map<String, Object> engineArgs;
        final List<String> secretValues;

        Call(Resource resource, Resource module, Map<String, Object> engineArgs, List<String> secretValues) {
            this.resource = resource;
            this.module = module;
            this.engineArgs = engineArgs;
            this.secretValues = secretValues;
        }
    }

    private Call open(Resource r, StateFunctionSpec spec, RunContext ctx) throws Exception {
        List<String> secretValues = new ArrayList<>();
        Map<String, Object> own = new LinkedHashMap<>();
        Map<String, Object> engine = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : r.args().entrySet()) {
            Object v = e.getValue();
            if (Secrets.isSealed(v)) {
                try {
                    v = secrets.open(Secrets.sealedText(v));
                } catch (Exception ex) {
                    throw new IllegalStateException("cannot open sealed secret: " + message(ex), ex);
                }
                ctx.markSecret(r, e.getKey());
                if (v != null) secretValues.add(v.toString());
            }
            if (spec == null) { // a module outside the catalog (tests): global arguments still go to the engine
                boolean global = catalog.globalArg(e.getKey()).map(g -> g.handling() == Handling.ENGINE).orElse(false);
                (global ? engine : own).put(e.getKey(), v);
                continue;
            }
            Optional<ArgSpec> a = catalog.argument(spec, e.getKey());
            if (a.isEmpty() || a.get().handling() == Handling.UNSUPPORTED || a.get().handling() == Handling.MASTER) {
                throw new IllegalArgumentException("argument '" + e.getKey() + "' is not an argument " + r.fun()
                        + " takes on the minion (it takes: " + String.join(", ", spec.minionArgs()) + ")");
            }
            boolean ownArg = spec.arg(e.getKey()).isPresent();
            if (ownArg) own.put(e.getKey(), v);
            else if (a.get().handling() == Handling.ENGINE) engine.put(e.getKey(), v);
            // NOOP globals are dropped here, as documented
        }
        // guards of cmd states run with the command's own cwd/env/shell/runas/timeout, as in Salt
        for (String k : Guards.COMMAND_OPTIONS) if (own.containsKey(k)) engine.putIfAbsent("__" + k, own.get(k));
        Map<String, Object> visible = spec == null ? own : new DeclaredArgs(own, spec);
        Resource forModule = new Resource(r.key(), r.id(), r.module(), r.function(), r.name(), visible, r.requisites(),
                r.sls(), r.file(), r.line(), r.failhard());
        return new Call(r, forModule, engine, secretValues);
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

    private static String join(String a, String b) {
        return a == null || a.isEmpty() ? b : a + "  " + b;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** What became of a resource, whether a skip counts as a failure for dependants, and whether it ran. */
    private record Done(StateOutcome outcome, boolean failureSkip, boolean ran) {
        boolean failed() { return outcome.outcome() == Outcome.FAILED || failureSkip; }

        static Done failed(String comment) { return new Done(StateOutcome.failed(comment), false, true); }

        static Done failureSkip(String comment) {
            return new Done(new StateOutcome(Outcome.SKIPPED, Map.of(), comment), true, false);
        }

        static Done conditionSkip(String comment) {
            return new Done(new StateOutcome(Outcome.SKIPPED, Map.of(), comment), false, false);
        }

        /** A result recorded earlier: a skip counts as a failure unless its onchanges/onfail condition was not met. */
        static Done of(StateResult r) {
            String c = r.comment() == null ? "" : r.comment();
            boolean conditionSkip = c.startsWith("no changes in onchanges") || c.startsWith("no failure in onfail");
            return new Done(new StateOutcome(r.outcome(), r.changes() == null ? Map.of() : r.changes(), c),
                    r.outcome() == Outcome.SKIPPED && !conditionSkip, r.outcome() != Outcome.SKIPPED);
        }
    }
}
