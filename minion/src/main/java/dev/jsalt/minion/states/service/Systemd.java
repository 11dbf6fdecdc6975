package dev.jsalt.minion.states.service;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * systemd via systemctl; one {@code systemctl show} answers existence, activity and enablement. It is kept in the
 * run's memo per unit while one state looks (a converged {@code service.running} with {@code enable:} asks once),
 * and forgotten after every action on the unit and before the next state looks.
 */
final class Systemd implements ServiceManager {
    private static final Set<String> ACTIVE = Set.of("active", "reloading", "activating");
    private static final Set<String> ENABLED = Set.of("enabled", "enabled-runtime", "alias", "static", "indirect", "generated");

    private final RunContext ctx;

    Systemd(RunContext ctx) { this.ctx = ctx; }

    @Override
    public String describe() { return "systemd"; }

    private Map<String, String> show(String name) {
        return ctx.memo(memoKey(name), () -> query(name));
    }

    @Override
    public void forget(String name) { ctx.forget(memoKey(name)); }

    private static String memoKey(String name) { return "service.systemd|" + name; }

    private Map<String, String> query(String name) {
        CommandResult res = ctx.run(CommandSpec.of("systemctl", "show", "-p", "LoadState", "-p", "ActiveState",
                "-p", "UnitFileState", "--", name));
        if (!res.ok()) throw new IllegalStateException("systemctl show " + name + " failed: " + res.lastLine());
        Map<String, String> props = new HashMap<>();
        for (String line : res.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) props.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        return props;
    }

    @Override
    public String missing(String name) {
        String load = show(name).getOrDefault("LoadState", "");
        if (load.equals("not-found")) return "no unit " + name + " known to systemd";
        if (load.equals("masked")) return "unit " + name + " is masked";
        return null;
    }

    @Override
    public boolean masked(String name) { return show(name).getOrDefault("LoadState", "").equals("masked"); }

    @Override
    public boolean running(String name) { return ACTIVE.contains(show(name).getOrDefault("ActiveState", "")); }

    @Override
    public Boolean enabled(String name) { return ENABLED.contains(show(name).getOrDefault("UnitFileState", "")); }

    @Override
    public boolean managesBoot() { return true; }

    @Override
    public CommandResult control(String action, String name) {
        try {
            return ctx.run(CommandSpec.of("systemctl", action, "--", name));
        } finally {
            forget(name);
        }
    }
}
