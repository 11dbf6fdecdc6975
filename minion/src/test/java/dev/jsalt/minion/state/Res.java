package dev.jsalt.minion.state;

import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: resources and documents in one line, and runs of a single resource through the real engine. */
public final class Res {
    private Res() {
    }

    public static Resource of(String module, String function, String name, Map<String, Object> args, Requisite... reqs) {
        return new Resource(Resource.keyOf(module, name, name, function), name, module, function, name,
                args == null ? Map.of() : new LinkedHashMap<>(args), Arrays.asList(reqs), "test", "test.sls", 1, false);
    }

    public static Resource failhard(Resource r) {
        return new Resource(r.key(), r.id(), r.module(), r.function(), r.name(), r.args(), r.requisites(), r.sls(),
                r.file(), r.line(), true);
    }

    public static Requisite req(RequisiteKind kind, Resource target) { return new Requisite(kind, target.key()); }

    public static StateDocument doc(Resource... rs) { return new StateDocument("test-minion", "dir:test", List.of(rs)); }

    /** Mutable args map from alternating key/value pairs. */
    public static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    public static RunContext ctx(boolean test, Path stateDir) {
        return new RunContext(test, new CommandRunner(), Map.of(), stateDir);
    }

    /** Applies one resource with the standard modules, as the engine would. */
    public static StateResult apply(Resource r, boolean test, Path stateDir) {
        List<StateResult> res = new StateEngine(StateModules.standard(), SecretOpener.refusing())
                .run(doc(r), ctx(test, stateDir));
        return res.get(0);
    }

    /** What {@code module}'s plan for {@code r} comes to, applied (or reported, in a test run) as the engine would. */
    public static StateOutcome apply(StateModule module, Resource r, RunContext ctx) throws Exception {
        return StateEngine.realize(module.plan(r, ctx), ctx);
    }

    /** A plan applied (or reported, in a test run) as the engine would. */
    public static StateOutcome realize(Plan plan, RunContext ctx) throws Exception {
        return StateEngine.realize(plan, ctx);
    }

    public static List<String> outcomes(List<StateResult> results) {
        List<String> out = new ArrayList<>();
        for (StateResult r : results) out.add(r.id() + "=" + r.outcome());
        return out;
    }
}
