package dev.jsalt.minion.states.ufw;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;

import java.util.Set;

/**
 * The {@code ufw} state module: firewall enabled/disabled, default policies, logging, rules and exact rule sets.
 * It reads ufw's files once per run, compares rules by what they filter, runs ufw only for the difference, and
 * refuses changes that would lock the operator out. Reference: docs/states/ufw.md.
 */
public final class UfwModule implements StateModule {
    /** Memo key of the host's {@link UfwState}; forgotten after every ufw command. */
    static final String STATE_KEY = "ufw.state";

    private final UfwPaths paths;
    private static final java.util.List<String> GUARD = java.util.List.of("ssh_port", "master_port", "allow_lockout");
    /** What each function reads (ufw.rule passes its arguments on to {@link RuleDeclaration}). */
    static final java.util.List<Params> PARAMS = java.util.List.of(
            Params.of("ufw.enabled", "name", "exact", GUARD),
            Params.of("ufw.disabled", "name"),
            Params.of("ufw.default", "name", "incoming", "outgoing", "routed", GUARD),
            Params.of("ufw.logging", "name", "level"),
            Params.of("ufw.rule", "name", "action", "direction", "interface", "on", "interface_in", "interface_out",
                    "route", "from", "src", "to", "dst", "port", "to_port", "dport", "from_port", "sport", "proto",
                    "protocol", "comment", "log", "family", GUARD),
            Params.of("ufw.rules_exact", "name", "rules", GUARD));

    public UfwModule() { this(UfwPaths.system()); }

    public UfwModule(UfwPaths paths) { this.paths = paths; }

    @Override
    public String name() { return "ufw"; }

    @Override
    public Set<String> functions() {
        return Set.of("enabled", "disabled", "default", "logging", "rule", "rules_exact");
    }

    @Override
    public Plan plan(Resource resource, RunContext ctx) throws Exception {
        UfwRun run = new UfwRun(resource, ctx, paths);
        return switch (resource.function()) {
            case "enabled" -> EnableStates.enabled(run);
            case "disabled" -> EnableStates.disabled(run);
            case "default" -> PolicyStates.defaults(run);
            case "logging" -> PolicyStates.logging(run);
            case "rule" -> RuleStates.rule(run);
            case "rules_exact" -> RuleStates.rulesExact(run);
            default -> throw new IllegalArgumentException("ufw has no function '" + resource.function() + "'");
        };
    }
}
