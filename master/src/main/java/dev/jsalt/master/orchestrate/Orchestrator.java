package dev.jsalt.master.orchestrate;

import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.jobs.JobIds;
import dev.jsalt.master.jobs.JobPublisher;
import dev.jsalt.common.catalog.Catalog;
import dev.jsalt.master.jobs.JobRecord;
import dev.jsalt.master.jobs.JobTracker;
import dev.jsalt.master.keys.KeyStore;
import dev.jsalt.master.cloud.CloudService;
import dev.jsalt.common.config.ConfigException;
import dev.jsalt.master.states.StateService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a runbook on the master (Salt's {@code state.orchestrate}): each step through the same StateService and
 * JobPublisher as {@code jsalt apply} and {@code jsalt run}, one after the other in run order. A step fails when any
 * targeted minion fails or does not answer (minus {@code fail_minions}), or when its target matches nobody. Requisites:
 * {@code require} runs a step only if those steps succeeded; {@code onfail} only if one of them failed. A failed step
 * with {@code failhard} (the default) stops the run; only the steps that are its {@code onfail} handlers still run.
 *
 * <p>The run is a job of its own ({@code fun: orchestrate}, answered by {@value #RUNNER}, a name no minion can have), so
 * {@code jsalt jobs} lists it and its return holds every step's outcome and job ids.
 */
public final class Orchestrator {
    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
    /** The job's only "minion": the master itself. Not a valid minion id, so no minion can answer for it. */
    public static final String RUNNER = "@master";

    private final StateService states;
    private final JobPublisher publisher;
    private final JobTracker tracker;
    private final KeyStore keys;
    private final RunbookParser parser;
    private final CloudService cloud;

    /** A run request: the runbook's name and text (the CLI reads the file), test mode, the pillar Jinja sees. */
    public record Request(String file, String text, boolean test, Map<String, Object> pillar, String user) {
        public Request {
            pillar = pillar == null ? Map.of() : pillar;
            user = user == null ? "api" : user;
        }
    }

    /** Without cloud provisioning: a runbook with {@code salt.runner} steps is refused. */
    public Orchestrator(StateService states, JobPublisher publisher, JobTracker tracker, MineView mine, KeyStore keys) {
        this(states, publisher, tracker, mine, keys, (CloudService) null);
    }

    /** @param cloud runs the {@code salt.runner} cloud steps (null: none may be used) */
    public Orchestrator(StateService states, JobPublisher publisher, JobTracker tracker, MineView mine, KeyStore keys, CloudService cloud) {
        this(states, publisher, tracker, mine, keys, Catalog.standard().executionFunctions(), cloud);
    }

    Orchestrator(StateService states, JobPublisher publisher, JobTracker tracker, MineView mine, KeyStore keys, Set<String> functions) {
        this(states, publisher, tracker, mine, keys, functions, null);
    }

    Orchestrator(StateService states, JobPublisher publisher, JobTracker tracker, MineView mine, KeyStore keys, Set<String> functions,
                 CloudService cloud) {
        this.cloud = cloud;
        this.states = states;
        this.publisher = publisher;
        this.keys = keys;
        this.tracker = tracker;
        this.parser = new RunbookParser(mine, functions);
    }

    /** Parses only: a bad runbook fails here, before anything is recorded or sent. */
    public List<String> check(Request req) {
        return parse(req).steps().stream().map(Step::id).toList();
    }

    /**
     * Parses, then checks each cloud step against cloud.yaml (its profile exists, the master address is set), so a
     * runbook naming a missing profile is refused at its step's line before anything runs, as a typo in a target is.
     */
    private Runbook parse(Request req) {
        Runbook book = parser.parse(req.file(), req.text(), req.pillar(), req.test());
        for (Step s : book.steps()) {
            if (!(s.action() instanceof Step.RunCloud c)) continue;
            if (cloud == null) throw new CompileException(s.pos(), "step '" + s.id() + "' (salt.runner): cloud steps run only on the master");
            try {
                if (c.mapRun()) {
                    cloud.prepareMap(c.map(), c.mapPath());
                } else if (c.creates()) {
                    cloud.prepareCreate(c.profile(), c.instances());
                } else {
                    cloud.prepareDestroy(null, c.instances());
                }
            } catch (ConfigException | IllegalArgumentException e) {
                throw new CompileException(s.pos(), "step '" + s.id() + "' (salt.runner " + c.fun() + "): " + e.getMessage());
            }
        }
        return book;
    }

    /**
     * Runs the runbook, blocking until it ends, and returns the final event (also sent to {@code events}).
     *
     * @throws CompileException when the runbook does not parse; nothing ran then
     */
    public OrchestrateEvent.RunFinished run(Request req, Consumer<OrchestrateEvent> events) throws InterruptedException {
        Runbook book = parse(req);
        Consumer<OrchestrateEvent> emit = synchronizedSink(events);
        String jid = JobIds.next();
        long started = System.currentTimeMillis();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("test", req.test());
        options.put("steps", book.steps().size());
        tracker.start(new JobRecord(jid, req.file(), "orchestrate", List.of(req.file()), options, List.of(RUNNER), started,
                book.worstCaseSeconds(), null, req.user()), Set.of(), null);
        log.info("orchestration {} of {} started ({} steps{})", jid, req.file(), book.steps().size(), req.test() ? ", test" : "");
        emit.accept(new OrchestrateEvent.RunStarted(jid, req.file(), req.test(), book.steps().stream().map(Step::id).toList()));

        StepRunner runner = new StepRunner(states, publisher, keys, cloud, req, emit);
        Map<String, StepOutcome> outcomes = new LinkedHashMap<>();
        StepOutcome.Failed stoppedBy = null;
        StepOutcome.Failed firstFailure = null;
        int n = 0;
        for (Step step : book.steps()) {
            n++;
            StepOutcome o = gate(step, outcomes, stoppedBy);
            if (o == null) {
                emit.accept(new OrchestrateEvent.StepStarted(step.id(), step.action().kind(), step.target(), runner.describe(step),
                        n, book.steps().size()));
                o = runner.run(step);
            }
            outcomes.put(step.id(), o);
            emit.accept(new OrchestrateEvent.StepFinished(step.id(), o));
            if (o instanceof StepOutcome.Failed f) {
                if (firstFailure == null) firstFailure = f;
                if (step.failhard() && stoppedBy == null) stoppedBy = f;
            }
        }
        boolean success = firstFailure == null;
        String comment = success
                ? (req.test() ? "test run: " : "") + book.steps().size() + " step(s) succeeded"
                : "step '" + firstFailure.step() + "' failed" + (firstFailure.minion() == null ? "" : " on " + firstFailure.minion())
                + ": " + firstFailure.comment() + (stoppedBy != null ? "; run stopped (failhard)" : "");
        OrchestrateEvent.RunFinished done = new OrchestrateEvent.RunFinished(jid, success,
                success ? null : firstFailure.step(), comment, List.copyOf(outcomes.values()));
        record(jid, done, started);
        log.info("orchestration {} of {}: {}", jid, req.file(), comment);
        emit.accept(done);
        return done;
    }

    /** Why a step does not run (a skip), or null when it runs. */
    private static StepOutcome gate(Step step, Map<String, StepOutcome> outcomes, StepOutcome.Failed stoppedBy) {
        boolean handlesFailure = !step.onfail().isEmpty()
                && step.onfail().stream().anyMatch(id -> outcomes.get(id) instanceof StepOutcome.Failed);
        if (stoppedBy != null && !handlesFailure) {
            return new StepOutcome.Skipped(step.id(), "not run: step '" + stoppedBy.step() + "' failed and stopped the run (failhard)");
        }
        for (String r : step.require()) {
            StepOutcome o = outcomes.get(r);
            if (!(o instanceof StepOutcome.Succeeded)) {
                return new StepOutcome.Skipped(step.id(), "not run: required step '" + r + "' " + (o instanceof StepOutcome.Failed ? "failed" : "did not run"));
            }
        }
        if (!step.onfail().isEmpty() && !handlesFailure) {
            return new StepOutcome.Skipped(step.id(), "not run: onfail step(s) " + step.onfail() + " did not fail");
        }
        return null;
    }

    /** The orchestration's own job gets its return: every step's outcome and job ids. */
    private void record(String jid, OrchestrateEvent.RunFinished done, long started) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("success", done.success());
        result.put("comment", done.comment());
        if (done.failedStep() != null) result.put("failed_step", done.failedStep());
        List<Object> steps = new ArrayList<>();
        for (StepOutcome o : done.steps()) steps.add(Json.convert(o, Map.class));
        result.put("steps", steps);
        tracker.onReturn(RUNNER, new MinionMessage.JobReturn(jid, done.success(), done.success() ? 0 : 1, result,
                System.currentTimeMillis() - started));
    }

    private static Consumer<OrchestrateEvent> synchronizedSink(Consumer<OrchestrateEvent> events) {
        Object lock = new Object();
        return e -> {
            if (events == null) return;
            synchronized (lock) {
                try {
                    events.accept(e);
                } catch (RuntimeException ex) {
                    // a client that went away must not stop a migration half-way
                    log.debug("orchestration listener failed: {}", ex.toString());
                }
            }
        };
    }
}
