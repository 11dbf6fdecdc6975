package dev.jsalt.minion.state;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jsalt.common.state.RequisiteKind.ONCHANGES;
import static dev.jsalt.common.state.RequisiteKind.ONFAIL;
import static dev.jsalt.common.state.RequisiteKind.REQUIRE;
import static dev.jsalt.common.state.RequisiteKind.WATCH;
import static dev.jsalt.minion.state.Res.args;
import static dev.jsalt.minion.state.Res.doc;
import static dev.jsalt.minion.state.Res.outcomes;
import static dev.jsalt.minion.state.Res.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateEngineTest {

    /** A real, tiny state module whose function name says what it reports; it records what was called. */
    static final class Probe implements StateModule {
        final List<String> calls = new ArrayList<>();

        @Override
        public String name() { return "probe"; }

        @Override
        public Set<String> functions() { return Set.of("changed", "unchanged", "fail", "boom", "echo"); }

        @Override
        public Plan plan(Resource r, RunContext ctx) {
            calls.add(r.id());
            return switch (r.function()) {
                case "changed" -> Plan.change(Map.of("x", 1), "changed it", () -> Plan.Done.ok("changed it"));
                case "unchanged" -> Plan.inSync("fine");
                case "fail" -> Plan.failed("it broke");
                case "echo" -> Plan.change(Map.of("secret", String.valueOf(r.args().get("password"))),
                        "password is " + r.args().get("password"), () -> Plan.Done.ok("password is " + r.args().get("password")));
                default -> throw new IllegalStateException("kaboom in " + r.id());
            };
        }

        @Override
        public Plan onWatch(Resource r, RunContext ctx, StateOutcome applied) {
            calls.add("watch:" + r.id());
            return Plan.change(Map.of("restarted", true), "restarted", () -> Plan.Done.ok("restarted"));
        }
    }

    private final Probe probe = new Probe();
    private final StateEngine engine = new StateEngine(StateModules.of(probe), SecretOpener.refusing());

    private static Resource p(String fn, String id, dev.jsalt.common.state.Requisite... reqs) {
        return Res.of("probe", fn, id, Map.of(), reqs);
    }

    private List<StateResult> run(boolean test, Resource... rs) {
        return engine.run(doc(rs), new RunContext(test, new CommandRunner(), Map.of()));
    }

    @Test
    void runsInDocumentOrderAndTimesEachResource() {
        List<StateResult> res = run(false, p("unchanged", "a"), p("changed", "b"), p("unchanged", "c"));
        assertEquals(List.of("a", "b", "c"), probe.calls);
        assertEquals(List.of("a=UNCHANGED", "b=CHANGED", "c=UNCHANGED"), outcomes(res));
        assertTrue(res.stream().allMatch(r -> r.durationMillis() >= 0));
        assertEquals("probe.changed", res.get(1).function());
    }

    @Test
    void requireFailurePropagatesTransitivelyButNotToUnrelated() {
        Resource a = p("fail", "a");
        Resource b = p("changed", "b", req(REQUIRE, a));
        Resource c = p("changed", "c", req(WATCH, b));
        Resource d = p("changed", "d");
        List<StateResult> res = run(false, a, b, c, d);
        assertEquals(List.of("a=FAILED", "b=SKIPPED", "c=SKIPPED", "d=CHANGED"), outcomes(res));
        assertEquals("One or more requisite failed: " + a.key(), res.get(1).comment());
        assertEquals("One or more requisite failed: " + b.key(), res.get(2).comment());
        assertEquals(List.of("a", "d"), probe.calls);
    }

    @Test
    void exceptionBecomesFailureWithItsMessage() {
        List<StateResult> res = run(false, p("boom", "a"), p("unchanged", "b"));
        assertEquals(Outcome.FAILED, res.get(0).outcome());
        assertEquals("kaboom in a", res.get(0).comment());
        assertEquals(Outcome.UNCHANGED, res.get(1).outcome());
    }

    @Test
    void watchReactsOnlyWhenTargetChanged() {
        Resource cfg = p("changed", "cfg");
        Resource same = p("unchanged", "same");
        Resource svc1 = p("unchanged", "svc1", req(WATCH, cfg));
        Resource svc2 = p("unchanged", "svc2", req(WATCH, same));
        List<StateResult> res = run(false, cfg, same, svc1, svc2);
        assertEquals(List.of("cfg", "same", "svc1", "watch:svc1", "svc2"), probe.calls);
        assertEquals(Outcome.CHANGED, res.get(2).outcome());
        assertEquals("restarted", res.get(2).comment());
        assertEquals(Outcome.UNCHANGED, res.get(3).outcome());
    }

    @Test
    void watchInTestModeFiresOnWouldChange() {
        Resource cfg = p("changed", "cfg");
        Resource svc = p("unchanged", "svc", req(WATCH, cfg));
        List<StateResult> res = run(true, cfg, svc);
        assertEquals(List.of("cfg=WOULD_CHANGE", "svc=WOULD_CHANGE"), outcomes(res));
        assertTrue(probe.calls.contains("watch:svc"));
    }

    @Test
    void onchangesRunsOnlyIfATargetChanged() {
        Resource a = p("unchanged", "a");
        Resource b = p("changed", "b");
        Resource onA = p("changed", "onA", req(ONCHANGES, a));
        Resource onAorB = p("changed", "onAorB", req(ONCHANGES, a), req(ONCHANGES, b));
        Resource afterOnA = p("changed", "afterOnA", req(REQUIRE, onA));
        List<StateResult> res = run(false, a, b, onA, onAorB, afterOnA);
        assertEquals(List.of("a=UNCHANGED", "b=CHANGED", "onA=SKIPPED", "onAorB=CHANGED", "afterOnA=CHANGED"), outcomes(res));
        assertEquals("no changes in onchanges requisites", res.get(2).comment());
        // As in Salt, a state skipped for an unmet onchanges is not a failure: what requires it still runs.
        assertFalse(probe.calls.contains("onA"));
    }

    @Test
    void onchangesOnFailedTargetIsARequisiteFailure() {
        Resource a = p("fail", "a");
        Resource on = p("changed", "on", req(ONCHANGES, a));
        assertEquals(List.of("a=FAILED", "on=SKIPPED"), outcomes(run(false, a, on)));
    }

    @Test
    void onfailRunsOnlyWhenATargetFailed() {
        Resource ok = p("changed", "ok");
        Resource bad = p("fail", "bad");
        Resource rescueOk = p("changed", "rescueOk", req(ONFAIL, ok));
        Resource rescueBad = p("changed", "rescueBad", req(ONFAIL, ok), req(ONFAIL, bad));
        List<StateResult> res = run(false, ok, bad, rescueOk, rescueBad);
        assertEquals(List.of("ok=CHANGED", "bad=FAILED", "rescueOk=SKIPPED", "rescueBad=CHANGED"), outcomes(res));
        assertEquals("no failure in onfail requisites", res.get(2).comment());
    }

    @Test
    void failhardStopsTheRest() {
        Resource a = p("changed", "a");
        Resource b = Res.failhard(p("fail", "b"));
        Resource c = p("changed", "c");
        Resource d = p("changed", "d");
        List<StateResult> res = run(false, a, b, c, d);
        assertEquals(List.of("a=CHANGED", "b=FAILED", "c=SKIPPED", "d=SKIPPED"), outcomes(res));
        assertEquals("failhard: " + b.key() + " failed", res.get(2).comment());
        assertEquals(List.of("a", "b"), probe.calls);
    }

    @Test
    void failhardOnASucceedingResourceDoesNothing() {
        List<StateResult> res = run(false, Res.failhard(p("changed", "a")), p("fail", "b"), p("changed", "c"));
        assertEquals(List.of("a=CHANGED", "b=FAILED", "c=CHANGED"), outcomes(res));
    }

    @Test
    void unknownModuleFunctionAndMissingTargetFail() {
        Resource a = Res.of("nosuch", "thing", "a", Map.of());
        Resource b = Res.of("probe", "nosuchfn", "b", Map.of());
        Resource c = p("changed", "c", new dev.jsalt.common.state.Requisite(REQUIRE, "probe_|-zz_|-zz_|-changed"));
        List<StateResult> res = run(false, a, b, c);
        assertEquals(List.of("a=FAILED", "b=FAILED", "c=FAILED"), outcomes(res));
        assertTrue(res.get(0).comment().contains("no state module 'nosuch'"), res.get(0).comment());
        assertTrue(res.get(1).comment().contains("no function 'nosuchfn'"), res.get(1).comment());
        assertTrue(res.get(2).comment().contains("probe_|-zz_|-zz_|-changed"), res.get(2).comment());
    }

    @Test
    void sealedArgsAreOpenedAndNeverReported() {
        // A real opener shape without the crypto: the sealed text is base64 of the secret.
        SecretOpener b64 = sealed -> new String(Base64.getDecoder().decode(sealed), StandardCharsets.UTF_8);
        StateEngine e = new StateEngine(StateModules.of(probe), b64);
        String sealed = Base64.getEncoder().encodeToString("hunter2-very-secret".getBytes(StandardCharsets.UTF_8));
        Resource r = Res.of("probe", "echo", "r", args("password", Map.of("$sealed", sealed), "user", "bob"));
        RunContext ctx = new RunContext(false, new CommandRunner(), Map.of());
        StateResult res = e.run(doc(r), ctx).get(0);
        assertEquals(Outcome.CHANGED, res.outcome());
        assertEquals("password is <secret>", res.comment());
        assertEquals("<secret>", res.changes().get("secret"));
        assertTrue(ctx.isSecret(r, "password"));
        assertFalse(ctx.isSecret(r, "user"));
    }

    @Test
    void unopenableSecretFailsOnlyItsResource() {
        Resource r = Res.of("probe", "echo", "r", args("password", Map.of("$sealed", "xyz")));
        List<StateResult> res = run(false, r, p("changed", "b"));
        assertEquals(List.of("r=FAILED", "b=CHANGED"), outcomes(res));
        assertTrue(res.get(0).comment().startsWith("cannot open sealed secret"), res.get(0).comment());
    }

    @Test
    void progressSeesEveryResultInOrder() {
        List<String> seen = new ArrayList<>();
        engine.run(doc(p("changed", "a"), p("unchanged", "b")), new RunContext(false, new CommandRunner(), Map.of()),
                r -> seen.add(r.id()));
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void registryListsModulesAndFunctions() {
        Map<String, Set<String>> known = StateModules.standard().known();
        assertTrue(known.get("pkg").containsAll(Set.of("installed", "latest", "removed", "purged")));
        assertTrue(known.get("file").containsAll(Set.of("managed", "directory", "absent", "symlink", "line", "blockreplace")));
        assertTrue(known.get("cmd").contains("run"));
        assertTrue(known.get("service").containsAll(Set.of("running", "dead", "enabled")));
        assertTrue(known.get("user").contains("present"));
        assertTrue(known.get("group").contains("present"));
        assertTrue(StateModules.standard().with(probe).get("probe").isPresent());
    }
}
