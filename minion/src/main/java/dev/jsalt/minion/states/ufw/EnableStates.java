package dev.jsalt.minion.states.ufw;

import dev.jsalt.minion.state.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code ufw.enabled} (with the lockout guard and optional {@code exact: true}) and {@code ufw.disabled}. */
final class EnableStates {
    private static final Logger log = LoggerFactory.getLogger(EnableStates.class);
    private static final Set<String> ENABLED_ARGS = Set.of("exact", "ssh_port", "master_port", "allow_lockout");

    private EnableStates() {
    }

    static Plan enabled(UfwRun run) {
        run.allowArgs(ENABLED_ARGS);
        UfwState host = run.host();
        UfwPlan plan = run.plan();
        // exact: every rule no earlier ufw state of this run declared goes; adding declared ones is their job
        List<UfwRule> strays = run.bool("exact", false)
                ? RuleDiff.of(host.rules(), plan.rules(), true).remove() : List.of();
        boolean enabling = !host.enabled();
        if (!enabling && strays.isEmpty()) return Plan.inSync("ufw is enabled");

        if (!run.bool("allow_lockout", false)) {
            List<UfwRule> after = new ArrayList<>(host.rules());
            after.removeAll(strays);
            // in a test run the declared rules were not added, but they would have been by now
            after.addAll(run.pendingRules());
            Optional<String> lockout = run.guard().check(after, plan.policy("incoming", host),
                    plan.policy("outgoing", host));
            if (lockout.isPresent()) return Plan.failed(lockout.get());
        }

        Map<String, Object> changes = new LinkedHashMap<>();
        if (enabling) changes.put("enabled", UfwRun.oldNew(false, true));
        UfwRun.put(changes, "removed", strays);
        String what = describe(false, enabling, strays.size());
        return Plan.change(changes, describe(true, enabling, strays.size()), () -> {
            List<UfwRule> removed = new ArrayList<>();
            String kept = "";
            try {
                run.ufw().apply(new RuleDiff(List.of(), strays, List.of()), removed::add, r -> { }, r -> { });
                if (enabling) {
                    try (ConntrackSeed.Session tracking = run.conntrackSeed().start()) {
                        kept = tracking.seed().note();
                        run.ufw().enable();
                    }
                }
            } catch (UfwCommands.UfwFailure e) {
                Map<String, Object> partial = new LinkedHashMap<>();
                UfwRun.put(partial, "removed", removed);
                return Plan.Done.failed(partial, e.getMessage());
            }
            log.info("{}: {}{}", run.where(), what, kept);
            return Plan.Done.ok(changes, what + kept);
        });
    }

    static Plan disabled(UfwRun run) {
        run.allowArgs(Set.of());
        if (!run.host().enabled()) return Plan.inSync("ufw is disabled");
        Map<String, Object> changes = Map.of("enabled", UfwRun.oldNew(true, false));
        return Plan.change(changes, "would disable ufw", () -> {
            try {
                run.ufw().disable();
            } catch (UfwCommands.UfwFailure e) {
                return Plan.Done.failed(e.getMessage());
            }
            return Plan.Done.ok("disabled ufw");
        });
    }

    private static String describe(boolean test, boolean enabling, int removed) {
        List<String> parts = new ArrayList<>();
        if (removed > 0) parts.add((test ? "remove " : "removed ") + RuleStates.plural(removed, "undeclared rule"));
        if (enabling) parts.add(test ? "enable ufw" : "enabled ufw");
        return (test ? "would " : "") + String.join(", ", parts);
    }
}
