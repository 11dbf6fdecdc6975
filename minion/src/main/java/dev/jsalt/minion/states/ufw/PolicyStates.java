package dev.jsalt.minion.states.ufw;

import dev.jsalt.minion.state.Plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code ufw.default} (default policies) and {@code ufw.logging} (log level). */
final class PolicyStates {
    private static final List<String> DIRECTIONS = List.of("incoming", "outgoing", "routed");
    private static final Set<String> DEFAULT_ARGS = Set.of("incoming", "outgoing", "routed", "ssh_port",
            "master_port", "allow_lockout");
    private static final Set<String> LEVELS = Set.of("off", "low", "medium", "high", "full");

    private PolicyStates() {
    }

    static Plan defaults(UfwRun run) {
        run.allowArgs(DEFAULT_ARGS);
        UfwState host = run.host();
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String dir : DIRECTIONS) {
            Object v = run.args().get(dir);
            if (v != null) wanted.put(dir, policy(run, dir, v));
        }
        if (wanted.isEmpty()) throw run.bad("incoming", "(or outgoing, routed) is required");
        wanted.forEach(run.plan()::declarePolicy);

        Map<String, Object> changes = new LinkedHashMap<>();
        wanted.forEach((dir, p) -> {
            if (!p.equals(host.policy(dir))) changes.put(dir, UfwRun.oldNew(host.policy(dir), p));
        });
        if (changes.isEmpty()) return Plan.inSync("default policies already " + wanted);

        // an active firewall flips at once; an inactive one is checked by ufw.enabled
        if (host.enabled() && !run.bool("allow_lockout", false)) {
            List<UfwRule> rules = new ArrayList<>(host.rules());
            rules.addAll(run.pendingRules()); // a test run: what earlier ufw.rule states would have added
            Optional<String> lockout = run.guard().check(rules, wanted.getOrDefault("incoming", host.policy("incoming")),
                    wanted.getOrDefault("outgoing", host.policy("outgoing")));
            if (lockout.isPresent()) return Plan.failed(lockout.get());
        }
        String what = "default policy " + String.join(", ", changes.keySet().stream()
                .map(d -> d + " " + wanted.get(d)).toList());
        return Plan.change(changes, "would set " + what, () -> {
            Map<String, Object> done = new LinkedHashMap<>();
            for (String dir : changes.keySet()) {
                try {
                    run.ufw().defaultPolicy(dir, wanted.get(dir));
                } catch (UfwCommands.UfwFailure e) {
                    return Plan.Done.failed(done, e.getMessage());
                }
                done.put(dir, changes.get(dir));
            }
            return Plan.Done.ok(changes, "set " + what);
        });
    }

    static Plan logging(UfwRun run) {
        run.allowArgs(Set.of("level"));
        Object raw = run.args().get("level");
        if (raw == null) raw = run.resource.name();
        // YAML 1.1 reads a bare off/on as a boolean
        String level = raw instanceof Boolean b ? (b ? "low" : "off") : raw.toString().trim().toLowerCase(Locale.ROOT);
        if (level.equals("on")) level = "low";
        if (!LEVELS.contains(level)) {
            throw run.bad("level", "must be off, low, medium, high or full, got '" + raw + "'");
        }
        String have = run.host().logLevel();
        if (have.equals(level)) return Plan.inSync("ufw logging already " + level);
        Map<String, Object> changes = Map.of("logging", UfwRun.oldNew(have, level));
        String lvl = level;
        return Plan.change(changes, "would set ufw logging " + level, () -> {
            try {
                run.ufw().logging(lvl);
            } catch (UfwCommands.UfwFailure e) {
                return Plan.Done.failed(e.getMessage());
            }
            return Plan.Done.ok("set ufw logging " + lvl);
        });
    }

    /** allow|deny|reject; also the iptables words ACCEPT/DROP that /etc/default/ufw uses. */
    private static String policy(UfwRun run, String dir, Object v) {
        String p = v.toString().trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "allow", "accept" -> "allow";
            case "deny", "drop" -> "deny";
            case "reject" -> "reject";
            default -> throw run.bad(dir, "must be allow, deny or reject, got '" + v + "'");
        };
    }
}
