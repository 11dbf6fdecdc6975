package dev.jsalt.minion.states.ufw;

import dev.jsalt.minion.state.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code ufw.rule} (one rule, added if missing) and {@code ufw.rules_exact} (the host holds exactly these rules). */
final class RuleStates {
    private static final Logger log = LoggerFactory.getLogger(RuleStates.class);
    private static final Set<String> EXACT_ARGS = Set.of("rules", "ssh_port", "master_port", "allow_lockout");
    private static final Set<String> GUARD_ARGS = Set.of("ssh_port", "master_port", "allow_lockout");

    private RuleStates() {
    }

    static Plan rule(UfwRun run) throws Exception {
        Map<String, Object> ruleArgs = new LinkedHashMap<>(run.args());
        GUARD_ARGS.forEach(ruleArgs::remove);
        UfwState host = run.host();
        List<UfwRule> declared = RuleDeclaration.expand(ruleArgs, run.where(), host.ipv6());
        run.plan().declare(declared);
        RuleDiff diff = RuleDiff.of(host.rules(), declared, false);
        if (diff.isEmpty()) {
            return Plan.inSync("ufw rule present: " + summary(declared));
        }
        return apply(run, host, diff);
    }

    static Plan rulesExact(UfwRun run) throws Exception {
        run.allowArgs(EXACT_ARGS);
        UfwState host = run.host();
        Object raw = run.args().get("rules");
        if (!(raw instanceof List<?> list)) throw run.bad("rules", "must be a list of rules (maps of rule arguments)");
        List<UfwRule> own = new ArrayList<>();
        int n = 0;
        for (Object o : list) {
            n++;
            if (!(o instanceof Map<?, ?> m)) throw run.bad("rules", "entry " + n + " must be a map of rule arguments");
            Map<String, Object> ruleArgs = new LinkedHashMap<>();
            m.forEach((k, v) -> ruleArgs.put(k.toString(), v));
            own.addAll(RuleDeclaration.expand(ruleArgs, run.where() + " rule " + n, host.ipv6()));
        }
        run.plan().declare(own);
        // exactly what this run declares: these rules plus any ufw.rule states that ran before (required ones)
        RuleDiff diff = RuleDiff.of(host.rules(), run.plan().rules(), true);
        if (diff.isEmpty()) {
            return Plan.inSync("ufw holds exactly the " + host.rules().size() + " declared rules");
        }
        return apply(run, host, diff);
    }

    /** Applies {@code diff} unless test mode, after checking it does not lock the operator out of an active firewall. */
    static Plan apply(UfwRun run, UfwState host, RuleDiff diff) {
        if (host.enabled() && !run.bool("allow_lockout", false)) {
            LockoutGuard guard = run.guard();
            String in = host.policy("incoming");
            String out = host.policy("outgoing");
            Optional<String> after = guard.check(diff.result(host.rules()), in, out);
            // only refuse what this change introduces; an already-locked host is the enabled/default states' concern
            if (after.isPresent() && guard.check(host.rules(), in, out).isEmpty()) {
                return Plan.failed(after.get());
            }
        }
        Map<String, Object> planned = new LinkedHashMap<>();
        UfwRun.put(planned, "added", diff.add());
        UfwRun.put(planned, "removed", diff.remove());
        UfwRun.put(planned, "comment", diff.comments());
        Plan.Changes plan = Plan.change(planned, counts(true, diff.add().size(), diff.remove().size(), diff.comments().size()), () -> {
            Map<String, Object> changes = new LinkedHashMap<>();
            List<UfwRule> added = new ArrayList<>();
            List<UfwRule> removed = new ArrayList<>();
            List<UfwRule> commented = new ArrayList<>();
            try {
                run.ufw().apply(diff, removed::add, commented::add, added::add);
            } catch (UfwCommands.UfwFailure e) {
                fill(changes, added, removed, commented);
                return Plan.Done.failed(changes, e.getMessage());
            }
            fill(changes, added, removed, commented);
            String what = counts(false, added.size(), removed.size(), commented.size());
            log.info("{}: {}", run.where(), what);
            return Plan.Done.ok(changes, what);
        });
        // what a test run does not add, later states (ufw.enabled's lockout guard) must still count on
        for (UfwRule r : diff.add()) plan = plan.promising(UfwRun.PENDING_RULES, r);
        return plan;
    }

    private static void fill(Map<String, Object> changes, List<UfwRule> added, List<UfwRule> removed,
                             List<UfwRule> commented) {
        UfwRun.put(changes, "added", added);
        UfwRun.put(changes, "removed", removed);
        UfwRun.put(changes, "comment", commented);
    }

    /** "added 2 rules, removed 1 rule", or in test mode "would add 2 rules, remove 1 rule". */
    static String counts(boolean test, int added, int removed, int commented) {
        List<String> parts = new ArrayList<>();
        if (added > 0) parts.add((test ? "add " : "added ") + plural(added, "rule"));
        if (removed > 0) parts.add((test ? "remove " : "removed ") + plural(removed, "rule"));
        if (commented > 0) parts.add((test ? "update " : "updated ") + plural(commented, "comment"));
        return (test ? "would " : "") + String.join(", ", parts);
    }

    static String plural(int n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }

    /** One line for a declared rule and its families: {@code allow in proto tcp from any to any port 22 (v4, v6)}. */
    static String summary(List<UfwRule> rules) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (UfwRule r : rules) {
            String text = r.describe();
            text = text.substring(0, text.lastIndexOf(" ("));
            if (seen.add(text)) out.add(text);
        }
        String fams = rules.stream().map(r -> r.v6() ? "v6" : "v4").distinct().reduce((a, b) -> a + ", " + b).orElse("");
        return String.join("; ", out) + " (" + fams + ")";
    }
}
