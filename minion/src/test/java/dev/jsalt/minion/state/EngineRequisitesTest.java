package dev.jsalt.minion.state;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jsalt.common.state.RequisiteKind.LISTEN;
import static dev.jsalt.common.state.RequisiteKind.ONCHANGES_ANY;
import static dev.jsalt.common.state.RequisiteKind.ONFAIL_ALL;
import static dev.jsalt.common.state.RequisiteKind.ONFAIL_ANY;
import static dev.jsalt.common.state.RequisiteKind.PREREQ;
import static dev.jsalt.common.state.RequisiteKind.PREREQUIRED;
import static dev.jsalt.common.state.RequisiteKind.REQUIRE_ANY;
import static dev.jsalt.common.state.RequisiteKind.WATCH_ANY;
import static dev.jsalt.minion.state.Res.args;
import static dev.jsalt.minion.state.Res.doc;
import static dev.jsalt.minion.state.Res.outcomes;
import static dev.jsalt.minion.state.Res.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Salt's requisites beyond require/watch/onchanges/onfail, the global arguments, and the plan contract's rules. */
class EngineRequisitesTest {
    /** Records what it observes ("plan:id") and what it changes ("act:id"). */
    static final class Probe implements StateModule {
        final List<String> calls = new ArrayList<>();
        int failures;

        @Override
        public String name() { return "probe"; }

        @Override
        public Set<String> functions() { return Set.of("changed", "unchanged", "fail", "flaky", "assume", "prepare", "promise", "pending"); }

        @Override
        public Plan plan(Resource r, RunContext ctx) {
            calls.add("plan:" + r.id());
            return switch (r.function()) {
                case "changed" -> Plan.change(Map.of("x", 1), "would change " + r.id(), () -> {
                    calls.add("act:" + r.id());
                    return Plan.Done.ok("changed " + r.id());
                });
                case "unchanged" -> Plan.inSync("fine");
                case "fail" -> Plan.change(Map.of(), "would fail", () -> {
                    calls.add("act:" + r.id());
                    return Plan.Done.failed("it broke");
                });
                case "flaky" -> Plan.change(Map.of("x", 1), "would try", () -> {
                    calls.add("act:" + r.id());
                    return failures++ < 1 ? Plan.Done.failed("not yet") : Plan.Done.ok("made it");
                });
                case "assume" -> Plan.change(Map.of("x", 1), "would do it", () -> {
                    calls.add("act:" + r.id());
                    return Plan.Done.ok("done");
                }).assuming("user bob does not exist");
                case "prepare" -> Plan.prepare("refresh", () -> {
                    calls.add("prepare:" + r.id());
                    return Plan.Done.ok(null);
                }, () -> Plan.inSync("looked after the refresh"));
                case "promise" -> Plan.change(Map.of("x", 1), "would add", () -> Plan.Done.ok("added")).promising("probe.things", r.id());
                default -> Plan.inSync("pending: " + ctx.pending("probe.things"));
            };
        }

        @Override
        public Plan onWatch(Resource r, RunContext ctx, StateOutcome applied) {
            calls.add("watch:" + r.id());
            return Plan.change(Map.of("restarted", true), "would restart", () -> Plan.Done.ok("restarted"));
        }
    }

    private final Probe probe = new Probe();
    private final StateEngine engine = new StateEngine(StateModules.standard().with(probe), SecretOpener.refusing());

    private static Resource p(String fn, String id, Requisite... reqs) { return Res.of("probe", fn, id, Map.of(), reqs); }

    private List<StateResult> run(boolean test, Resource... rs) {
        return engine.run(doc(rs), new RunContext(test, new CommandRunner(), Map.of()));
    }

    @Test
    void prereqRunsTheStateBeforeItsTargetOnlyIfTheTargetWouldChange() {
        Resource upgrade = p("changed", "upgrade");
        Resource stop = p("changed", "stop", req(PREREQ, upgrade));
        Resource upgrade2 = Res.of("probe", "changed", "upgrade", Map.of(), req(PREREQUIRED, stop));
        List<StateResult> res = run(false, stop, upgrade2);
        assertEquals(List.of("stop=CHANGED", "upgrade=CHANGED"), outcomes(res));
        assertEquals(List.of("plan:upgrade", "plan:stop", "act:stop", "plan:upgrade", "act:upgrade"), probe.calls);

        Resource nothing = p("unchanged", "nothing");
        Resource stop2 = p("changed", "stop2", req(PREREQ, nothing));
        List<StateResult> skipped = run(false, stop2, Res.of("probe", "unchanged", "nothing", Map.of(), req(PREREQUIRED, stop2)));
        assertEquals(List.of("stop2=SKIPPED", "nothing=UNCHANGED"), outcomes(skipped));
        assertEquals("No changes detected", skipped.get(0).comment());

        Resource target = p("changed", "target");
        Resource failing = p("fail", "failing", req(PREREQ, target));
        List<StateResult> failed = run(false, failing, Res.of("probe", "changed", "target", Map.of(), req(PREREQUIRED, failing)));
        assertEquals(List.of("failing=FAILED", "target=SKIPPED"), outcomes(failed));
    }

    @Test
    void listenReactsAtTheEndOfTheRunAsAListenerResult() {
        Resource svc = p("unchanged", "svc");
        Resource cfg = p("changed", "cfg");
        Resource svcListening = Res.of("probe", "unchanged", "svc", Map.of(), new Requisite(LISTEN, cfg.key()));
        List<StateResult> res = run(false, svcListening, cfg, p("unchanged", "later"));
        assertEquals(List.of("svc=UNCHANGED", "cfg=CHANGED", "later=UNCHANGED", "listener_svc=CHANGED"), outcomes(res));
        assertEquals("probe_|-listener_svc_|-svc_|-mod_watch", res.get(3).key());
        assertEquals("probe.mod_watch", res.get(3).function());
        List<StateResult> quiet = run(false, Res.of("probe", "unchanged", "svc", Map.of(), new Requisite(LISTEN, svc.key())), svc);
        assertEquals(2, quiet.size());
    }

    @Test
    void anyAndAllForms() {
        Resource ok = p("unchanged", "ok");
        Resource bad = p("fail", "bad");
        Resource changed = p("changed", "changed");
        List<StateResult> res = run(false, ok, bad, changed,
                p("changed", "reqAny", req(REQUIRE_ANY, bad), req(REQUIRE_ANY, ok)),
                p("changed", "reqAnyAllBad", req(REQUIRE_ANY, bad)),
                p("unchanged", "watchAny", req(WATCH_ANY, bad), req(WATCH_ANY, changed)),
                p("changed", "onchAny", req(ONCHANGES_ANY, bad), req(ONCHANGES_ANY, changed)),
                p("changed", "onfailAny", req(ONFAIL_ANY, ok), req(ONFAIL_ANY, bad)),
                p("changed", "onfailAll", req(ONFAIL_ALL, ok), req(ONFAIL_ALL, bad)),
                p("changed", "onfailAllBad", req(ONFAIL_ALL, bad)));
        assertEquals(List.of("ok=UNCHANGED", "bad=FAILED", "changed=CHANGED", "reqAny=CHANGED", "reqAnyAllBad=SKIPPED",
                "watchAny=CHANGED", "onchAny=CHANGED", "onfailAny=CHANGED", "onfailAll=SKIPPED", "onfailAllBad=CHANGED"), outcomes(res));
        assertTrue(probe.calls.contains("watch:watchAny"));
        assertEquals("One or more requisite failed: " + bad.key(), res.get(4).comment());
    }

    @Test
    void aTestRunRunsNoActionAndAssumesWhatEarlierStatesWouldEstablish() {
        List<StateResult> test = run(true, p("changed", "a"), p("assume", "b"), p("prepare", "c"), p("fail", "d"));
        assertEquals(List.of("a=WOULD_CHANGE", "b=WOULD_CHANGE", "c=UNCHANGED", "d=WOULD_CHANGE"), outcomes(test));
        assertTrue(probe.calls.stream().noneMatch(c -> c.startsWith("act:") || c.startsWith("prepare:")), probe.calls.toString());
        assertEquals("would change a", test.get(0).comment());

        probe.calls.clear();
        List<StateResult> real = run(false, p("assume", "b"), p("prepare", "c"));
        assertEquals(List.of("b=FAILED", "c=UNCHANGED"), outcomes(real));
        assertEquals("user bob does not exist", real.get(0).comment());
        assertEquals(List.of("plan:b", "plan:c", "prepare:c"), probe.calls, "an unmet assumption runs no action");
    }

    @Test
    void promisesOfATestRunAreVisibleToLaterStatesOnlyInATestRun() {
        assertEquals("pending: [a]", run(true, p("promise", "a"), p("pending", "b")).get(1).comment());
        assertEquals("pending: []", run(false, p("promise", "a"), p("pending", "b")).get(1).comment());
    }

    @Test
    void retryRunsAgainUntilItSucceeds() {
        Resource flaky = Res.of("probe", "flaky", "f", args("retry", Map.of("attempts", 3, "interval", 0)));
        List<StateResult> res = run(false, flaky);
        assertEquals(Outcome.CHANGED, res.get(0).outcome(), res.get(0).comment());
        assertTrue(res.get(0).comment().startsWith("Attempt 1: Returned a result of \"false\""), res.get(0).comment());
        List<StateResult> test = run(true, Res.of("probe", "flaky", "f", args("retry", true)));
        assertTrue(test.get(0).comment().contains("The state would be retried every 30 seconds"), test.get(0).comment());
    }

    @Test
    void globalCheckCmdJudgesARealRun() {
        StateResult ok = Res.apply(Res.of("test", "succeed_with_changes", "t", args("check_cmd", "true")), false, java.nio.file.Path.of("/tmp"));
        assertEquals(Outcome.CHANGED, ok.outcome());
        StateResult bad = Res.apply(Res.of("test", "succeed_with_changes", "t", args("check_cmd", "sh -c 'echo nope; exit 1'")), false, java.nio.file.Path.of("/tmp"));
        assertEquals(Outcome.FAILED, bad.outcome());
        assertEquals("check_cmd determined the state failed: nope", bad.comment());
    }

    @Test
    void anArgumentTheCatalogDoesNotDeclareFailsTheState() {
        StateResult r = Res.apply(Res.of("test", "nop", "t", args("colour", "red")), false, java.nio.file.Path.of("/tmp"));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.comment().startsWith("argument 'colour' is not an argument test.nop takes on the minion"), r.comment());
        StateResult noop = Res.apply(Res.of("test", "nop", "t", args("reload_modules", true, "parallel", true)), false, java.nio.file.Path.of("/tmp"));
        assertEquals(Outcome.UNCHANGED, noop.outcome(), noop.comment());
    }

    @Test
    void aModuleReadingAnUndeclaredArgumentIsABug() {
        StateModule sneaky = new StateModule() {
            @Override
            public String name() { return "test"; }

            @Override
            public Set<String> functions() { return Set.of("nop"); }

            @Override
            public Plan plan(Resource r, RunContext ctx) {
                return Plan.inSync(String.valueOf(r.args().get("text")));
            }
        };
        StateEngine e = new StateEngine(StateModules.standard().with(sneaky), SecretOpener.refusing());
        StateResult r = e.run(doc(Res.of("test", "nop", "t", Map.of())), new RunContext(false, new CommandRunner(), Map.of())).get(0);
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.comment().contains("test.nop reads argument 'text', which the catalog does not declare"), r.comment());
        assertFalse(r.comment().isEmpty());
    }

    @SuppressWarnings("unused")
    private static final RequisiteKind[] ALL = RequisiteKind.values();
}
