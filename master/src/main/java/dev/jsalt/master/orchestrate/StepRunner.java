package dev.jsalt.master.orchestrate;

import dev.jsalt.master.cloud.CloudService;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.jobs.JobPublisher;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.keys.KeyStore;
import dev.jsalt.master.states.StateService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs one step of each kind through the master's own services and judges the returns. */
final class StepRunner {
    private final StateService states;
    private final JobPublisher publisher;
    private final KeyStore keys;
    private final CloudService cloud;
    private final Orchestrator.Request req;
    private final Consumer<OrchestrateEvent> emit;

    StepRunner(StateService states, JobPublisher publisher, KeyStore keys, CloudService cloud, Orchestrator.Request req,
               Consumer<OrchestrateEvent> emit) {
        this.cloud = cloud;
        this.states = states;
        this.publisher = publisher;
        this.keys = keys;
        this.req = req;
        this.emit = emit;
    }

    /** One line: what the step will do. */
    String describe(Step step) {
        Step.Action action = step.action();
        if (action instanceof Step.ApplyStates a) {
            return "apply " + (a.sls().isEmpty() ? "highstate" : String.join(",", a.sls())) + (a.pillar().isEmpty() ? "" : " with pillar " + a.pillar())
                    + (req.test() || a.test() ? " (test)" : "");
        }
        if (action instanceof Step.RunFunction f) return "run " + f.fun() + (f.args().isEmpty() ? "" : " " + f.args());
        if (action instanceof Step.ManageKeys k) return (k.fun().equals("key.delete") ? "delete" : "reject") + " the keys of " + step.target();
        if (action instanceof Step.RunCloud c) {
            if (c.mapRun()) {
                return "create what is missing of the map " + (c.mapPath() != null ? c.mapPath() : c.map().toString())
                        + (req.test() ? " (test: plan only)" : "");
            }
            return (c.creates() ? "create machines of profile " + c.profile() + ": " : "destroy machines ") + String.join(", ", c.instances())
                    + (req.test() ? " (test: plan only)" : "");
        }
        Step.WaitFor w = (Step.WaitFor) action;
        return "wait until " + w.fun() + (w.until().isEmpty() ? " succeeds" : " " + w.until())
                + " (every " + w.intervalSeconds() + " s, up to " + step.timeoutSeconds() + " s)";
    }

    StepOutcome run(Step step) throws InterruptedException {
        if (step.action() instanceof Step.ManageKeys k) return manageKeys(step, k);
        if (step.action() instanceof Step.RunCloud c) return new CloudStep(cloud, req.test(), line -> emit.accept(
                new OrchestrateEvent.CloudProgress(step.id(), line))).run(step.id(), c);
        List<String> minions = publisher.resolve(step.target());
        if (minions.isEmpty()) {
            return new StepOutcome.Failed(step.id(), List.of(), null, "target '" + step.target() + "' matched no accepted minion");
        }
        try {
            Step.Action action = step.action();
            if (action instanceof Step.ApplyStates a) return applyStates(step, a);
            if (req.test()) {
                return new StepOutcome.Succeeded(step.id(), List.of(), "would " + describe(step) + " on " + minions.size() + " minion(s): " + minions);
            }
            if (action instanceof Step.RunFunction f) return runFunction(step, f, minions);
            return waitFor(step, (Step.WaitFor) action);
        } catch (CompileException e) {
            return new StepOutcome.Failed(step.id(), List.of(), null, "compile error: " + e.getMessage());
        } catch (RuntimeException e) {
            return new StepOutcome.Failed(step.id(), List.of(), null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private StepOutcome applyStates(Step step, Step.ApplyStates a) throws InterruptedException {
        boolean test = req.test() || a.test();
        StateService.ApplyRequest ar = new StateService.ApplyRequest(step.target(), a.sls(), test, a.ref(), a.queue(),
                step.timeoutSeconds(), req.user(), a.pillar());
        return judge(step, start(l -> states.apply(ar, l), step, MinionVerdict::ofStateRun), test ? "test run: " : "");
    }

    private StepOutcome runFunction(Step step, Step.RunFunction f, List<String> minions) throws InterruptedException {
        JobPublisher.Request jr = new JobPublisher.Request(step.target(), f.fun(), f.args(), f.kwargs(), step.timeoutSeconds(), null, req.user());
        return judge(step, start(l -> publisher.publish(jr, minions, null, l), step, MinionVerdict::ofFunction), "");
    }

    /**
     * Deletes or rejects the accepted keys {@code match} selects, exactly as {@code jsalt keys delete|reject} does (the
     * minion is cut off, its grains and mine data purged). Nothing matching is success, so a phase can run again; a
     * match that takes in every accepted key of several is refused, as the API refuses it.
     */
    private StepOutcome manageKeys(Step step, Step.ManageKeys k) {
        List<String> ids = publisher.resolve(step.target());
        String verb = k.fun().equals("key.delete") ? "deleted" : "rejected";
        if (ids.isEmpty()) return new StepOutcome.Succeeded(step.id(), List.of(), "no accepted key matches '" + step.target() + "': nothing " + verb);
        long accepted = keys.list().stream().filter(x -> x.state() == KeyState.ACCEPTED).count();
        if (accepted > 1 && ids.size() == accepted) {
            return new StepOutcome.Failed(step.id(), List.of(), null, "'" + step.target() + "' matches every accepted key (" + accepted
                    + "): refusing to cut the whole fleet off; name the minions");
        }
        if (req.test()) return new StepOutcome.Succeeded(step.id(), List.of(), "would have " + verb + " the keys of " + ids);
        for (String id : ids) {
            if (k.fun().equals("key.delete")) {
                keys.delete(id);
            } else {
                keys.setState(id, KeyState.REJECTED);
            }
        }
        return new StepOutcome.Succeeded(step.id(), List.of(), verb + " the keys of " + ids);
    }

    private record Judged(String jid, Map<String, MinionVerdict> verdicts) {
    }

    /** Runs a step's job, streaming each minion's verdict as it returns. */
    private Judged start(Function<Consumer<dev.jsalt.master.jobs.JobEvent>, String> publish, Step step,
                         Function<MinionResult, MinionVerdict> judge) throws InterruptedException {
        Map<String, MinionVerdict> verdicts = new LinkedHashMap<>();
        String[] jid = new String[1];
        JobWait.Done done = JobWait.run(l -> jid[0] = publish.apply(l), step.timeoutSeconds(), r -> {
            MinionVerdict v = judge.apply(r);
            synchronized (verdicts) {
                verdicts.put(r.minion(), v);
            }
            emit.accept(new OrchestrateEvent.MinionDone(step.id(), jid[0], r.minion(), r.status().name(), v.ok(), v.summary()));
        });
        Map<String, MinionVerdict> all = new LinkedHashMap<>();
        for (MinionResult r : done.results()) all.put(r.minion(), judge.apply(r));
        return new Judged(done.jid(), all);
    }

    private static StepOutcome judge(Step step, Judged j, String prefix) {
        int ok = 0;
        int tolerated = 0;
        for (Map.Entry<String, MinionVerdict> e : j.verdicts().entrySet()) {
            if (e.getValue().ok()) {
                ok++;
            } else if (step.failMinions().contains(e.getKey())) {
                tolerated++;
            } else {
                return new StepOutcome.Failed(step.id(), List.of(j.jid()), e.getKey(), e.getValue().summary());
            }
        }
        return new StepOutcome.Succeeded(step.id(), List.of(j.jid()), prefix + ok + " minion(s) succeeded"
                + (tolerated > 0 ? ", " + tolerated + " allowed to fail (fail_minions)" : ""));
    }

    /** Polls until every targeted minion satisfies the conditions, or the step's timeout passes. */
    private StepOutcome waitFor(Step step, Step.WaitFor w) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + step.timeoutSeconds() * 1_000_000_000L;
        List<String> jids = new ArrayList<>();
        Map<String, String> pending = Map.of();
        int attempt = 0;
        while (true) {
            attempt++;
            List<String> minions = publisher.resolve(step.target());
            long remaining = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
            int jobTimeout = (int) Math.max(5, Math.min(60, remaining));
            JobPublisher.Request jr = new JobPublisher.Request(step.target(), w.fun(), w.args(), w.kwargs(), jobTimeout, null, req.user());
            JobWait.Done done = JobWait.run(l -> publisher.publish(jr, minions, null, l), jobTimeout, r -> { });
            jids.add(done.jid());
            pending = new LinkedHashMap<>();
            for (MinionResult r : done.results()) {
                Optional<String> why = unsatisfied(w, r);
                if (why.isPresent() && !step.failMinions().contains(r.minion())) pending.put(r.minion(), why.get());
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (pending.isEmpty()) {
                return new StepOutcome.Succeeded(step.id(), jids, minions.size() + " minion(s) satisfied "
                        + (w.until().isEmpty() ? w.fun() : w.until()) + " after " + attempt + " check(s), " + Math.round(elapsed) + " s");
            }
            emit.accept(new OrchestrateEvent.Waiting(step.id(), attempt, Math.round(elapsed * 10) / 10.0, pending));
            long sleep = (long) (w.intervalSeconds() * 1000);
            if (System.nanoTime() + sleep * 1_000_000L > deadline) break;
            Thread.sleep(sleep);
        }
        Map.Entry<String, String> first = pending.entrySet().iterator().next();
        return new StepOutcome.Failed(step.id(), jids, first.getKey(), "not satisfied after " + step.timeoutSeconds() + " s ("
                + attempt + " checks): " + first.getValue() + (pending.size() > 1 ? " (and " + (pending.size() - 1) + " more minion(s))" : ""));
    }

    /** Empty when this minion's return satisfies the wait, else why not. */
    private static Optional<String> unsatisfied(Step.WaitFor w, MinionResult r) {
        if (r.status() != MinionStatus.RETURNED && r.status() != MinionStatus.FAILED) {
            return Optional.of("did not return (" + r.status().label() + ")");
        }
        if (w.until().isEmpty()) {
            return r.status() == MinionStatus.RETURNED ? Optional.empty()
                    : Optional.of(w.fun() + " failed: " + MinionVerdict.oneLine(r.result()));
        }
        for (Condition c : w.until()) {
            Optional<String> why = c.check(r.result());
            if (why.isPresent()) return why;
        }
        return Optional.empty();
    }
}
