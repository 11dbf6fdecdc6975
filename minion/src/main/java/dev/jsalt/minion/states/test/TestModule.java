package dev.jsalt.minion.states.test;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Salt's {@code test} states: results on demand, for requisite wiring and for trying the engine. Nothing on the
 * machine is looked at or changed; a "change" is only reported. As in Salt, a test run reports the states that would
 * fail or change as "would change" (None), unless {@code allow_test_mode_failure}.
 */
public final class TestModule implements StateModule {
    private static final Map<String, Params> PARAMS = Map.of(
            "nop", Params.of("test.nop", "name"),
            "succeed_without_changes", Params.of("test.succeed_without_changes", "name", "comment"),
            "succeed_with_changes", Params.of("test.succeed_with_changes", "name", "comment"),
            "fail_without_changes", Params.of("test.fail_without_changes", "name", "comment"),
            "fail_with_changes", Params.of("test.fail_with_changes", "name", "comment"),
            "show_notification", Params.of("test.show_notification", "name", "text"),
            "check_pillar", Params.of("test.check_pillar", "name", "verbose", "pillar_failures", "pillar_passed"),
            "configurable_test_state", Params.of("test.configurable_test_state", "name", "changes", "result", "comment",
                    "allow_test_mode_failure"));

    /** Salt's pretend change. */
    static Map<String, Object> testing() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", "Unchanged");
        m.put("new", "Something pretended to change");
        return Map.of("testing", m);
    }

    @Override
    public String name() { return "test"; }

    @Override
    public Set<String> functions() { return PARAMS.keySet(); }

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        Params p = PARAMS.get(r.function());
        if (p == null) throw new IllegalArgumentException("test has no function " + r.function());
        Args a = Args.of(r, p);
        return switch (r.function()) {
            case "nop" -> Plan.inSync("Success!");
            case "succeed_without_changes" -> Plan.inSync(a.string("comment", "Success!"));
            case "succeed_with_changes" -> Plan.change(testing(), "If we weren't testing, this would be successful with changes",
                    () -> Plan.Done.ok(a.string("comment", "Success!")));
            case "fail_without_changes" -> Plan.change(Map.of(), "If we weren't testing, this would be a failure!",
                    () -> Plan.Done.failed(a.string("comment", "Failure!")));
            case "fail_with_changes" -> Plan.change(testing(), "If we weren't testing, this would be a failure!",
                    () -> Plan.Done.failed(testing(), a.string("comment", "Failure!")));
            case "show_notification" -> Plan.inSync(a.string("text", r.name()));
            case "check_pillar" -> checkPillar(a);
            default -> configurable(a);
        };
    }

    private static Plan checkPillar(Args a) {
        List<String> failures = a.strings("pillar_failures");
        List<String> passed = a.strings("pillar_passed");
        if (!failures.isEmpty()) return Plan.failed(String.join("\n", failures));
        if (a.bool("verbose", false) && !passed.isEmpty()) return Plan.inSync(String.join("\n", passed));
        return Plan.inSync("All pillar checks passed");
    }

    private static Plan configurable(Args a) {
        boolean changes = pick(a, "changes");
        boolean result = pick(a, "result");
        String comment = a.string("comment", "");
        Map<String, Object> ch = changes ? testing() : Map.of();
        if (!result && a.bool("allow_test_mode_failure", false)) return Plan.failed(ch, comment);
        if (!result) {
            return Plan.change(ch, comment.isEmpty() ? "This is a test" : comment, () -> Plan.Done.failed(ch, comment));
        }
        if (!changes) return Plan.inSync(comment);
        return Plan.change(ch, comment.isEmpty() ? "This is a test" : comment, () -> Plan.Done.ok(ch, comment));
    }

    /** True, False or Random (Salt's words). */
    private static boolean pick(Args a, String key) {
        Object v = a.raw(key);
        if (v == null) return true;
        if ("random".equalsIgnoreCase(v.toString().strip())) return ThreadLocalRandom.current().nextBoolean();
        Boolean b = Args.truth(v);
        if (b == null) throw a.bad(key, "must be True, False or Random, got '" + v + "'");
        return b;
    }
}
