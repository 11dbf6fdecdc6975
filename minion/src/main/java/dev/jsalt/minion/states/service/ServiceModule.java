package dev.jsalt.minion.states.service;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.StateOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code service.running / dead / enabled / disabled}. systemd when PID 1 is systemd, init scripts otherwise.
 * A watched change restarts a running service ({@code reload: true} reloads instead).
 */
public final class ServiceModule implements StateModule {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9@_:.\\\\-]+");

    @Override
    public String name() { return "service"; }

    @Override
    public Set<String> functions() { return Set.of("running", "dead", "enabled", "disabled"); }

    @Override
    public StateOutcome apply(Resource r, RunContext ctx) {
        Args args = Args.of(r);
        String name = serviceName(r, args);
        ServiceManager sm = manager(ctx);
        sm.forget(name);
        String missing = sm.missing(name);
        if (missing != null) return StateOutcome.failed("Service " + name + " is not available: " + missing);
        return switch (r.function()) {
            case "running" -> merge(runState(name, true, sm, ctx), args.has("enable") ? boot(name, args.bool("enable", true), sm, ctx) : null);
            case "dead" -> merge(runState(name, false, sm, ctx), args.has("enable") ? boot(name, args.bool("enable", false), sm, ctx) : null);
            case "enabled" -> boot(name, true, sm, ctx);
            case "disabled" -> boot(name, false, sm, ctx);
            default -> throw new IllegalArgumentException("service has no function " + r.function());
        };
    }

    @Override
    public StateOutcome onWatch(Resource r, RunContext ctx, StateOutcome applied) {
        if (!r.function().equals("running")) return applied;
        if (applied.changes().containsKey("service")) return applied; // just started: already runs the new config
        Args args = Args.of(r);
        String name = serviceName(r, args);
        String action = args.bool("reload", false) ? "reload" : "restart";
        String done = action.equals("reload") ? "reloaded" : "restarted";
        Map<String, Object> changes = new LinkedHashMap<>(applied.changes());
        changes.put("service", done);
        if (ctx.test()) return StateOutcome.wouldChange(changes, "Service " + name + " would be " + done + " (watched state changed)");
        ServiceManager sm = manager(ctx);
        CommandResult res = sm.control(action, name);
        if (!res.ok()) return StateOutcome.failed("Service " + name + " failed to " + action + ": " + res.lastLine());
        if (!sm.startedAndStays(name)) {
            return StateOutcome.failed(changes, "Service " + name + " " + done + " (watched state changed) but it is " + sm.state(name));
        }
        return StateOutcome.changed(changes, "Service " + name + " " + done + " (watched state changed)");
    }

    static StateOutcome runState(String name, boolean wantRunning, ServiceManager sm, RunContext ctx) {
        boolean running = sm.running(name);
        if (running == wantRunning) {
            return StateOutcome.unchanged("Service " + name + " is " + (running ? "running" : "not running"));
        }
        String action = wantRunning ? "start" : "stop";
        String done = wantRunning ? "started" : "stopped";
        Map<String, Object> changes = Map.of("service", done);
        // Says why a service that should run does not (e.g. a crash loop), before and after the action.
        String was = wantRunning ? " (" + sm.state(name) + ")" : "";
        if (ctx.test()) return StateOutcome.wouldChange(changes, "Service " + name + " would be " + done + was);
        CommandResult res = sm.control(action, name);
        if (!res.ok()) return StateOutcome.failed("Service " + name + " failed to " + action + ": " + res.lastLine());
        boolean nowRunning = wantRunning ? sm.startedAndStays(name) : sm.running(name);
        if (nowRunning != wantRunning) {
            return StateOutcome.failed("Service " + name + " " + action + " returned success but it is "
                    + (wantRunning ? sm.state(name) : "still running"));
        }
        return StateOutcome.changed(changes, "Service " + name + " " + done);
    }

    private static StateOutcome boot(String name, boolean wantEnabled, ServiceManager sm, RunContext ctx) {
        String want = wantEnabled ? "enabled" : "disabled";
        if (!sm.managesBoot()) {
            return StateOutcome.unchanged("Service " + name + " not " + want + " at boot: " + sm.describe()
                    + " manages no boot-time enablement here");
        }
        Boolean enabled = sm.enabled(name);
        if (enabled != null && enabled == wantEnabled) return StateOutcome.unchanged("Service " + name + " is " + want);
        Map<String, Object> changes = Map.of("enabled", wantEnabled);
        if (ctx.test()) return StateOutcome.wouldChange(changes, "Service " + name + " would be " + want);
        CommandResult res = sm.control(wantEnabled ? "enable" : "disable", name);
        if (!res.ok()) return StateOutcome.failed("Service " + name + " could not be " + want + ": " + res.lastLine());
        return StateOutcome.changed(changes, "Service " + name + " " + want);
    }

    /** Combines the run-state and boot-state outcomes of running/dead with {@code enable:}. */
    private static StateOutcome merge(StateOutcome a, StateOutcome b) {
        if (b == null) return a;
        Outcome o = worst(a.outcome(), b.outcome());
        Map<String, Object> changes = new LinkedHashMap<>(a.changes());
        changes.putAll(b.changes());
        List<String> comments = new ArrayList<>(List.of(a.comment(), b.comment()));
        return new StateOutcome(o, changes, String.join("; ", comments));
    }

    private static Outcome worst(Outcome a, Outcome b) {
        for (Outcome o : List.of(Outcome.FAILED, Outcome.CHANGED, Outcome.WOULD_CHANGE)) {
            if (a == o || b == o) return o;
        }
        return Outcome.UNCHANGED;
    }

    private static String serviceName(Resource r, Args args) {
        String name = args.string("name", r.name());
        if (!NAME.matcher(name).matches() || name.startsWith("-")) {
            throw args.bad("name", "is invalid: not a service name: '" + name + "'");
        }
        return name;
    }

    /** systemd if it is the init system, init scripts otherwise. */
    static ServiceManager manager(RunContext ctx) {
        return ctx.memo("service.manager", () -> systemdIsInit() ? new Systemd(ctx) : new InitScripts(ctx, pid1()));
    }

    /**
     * Debian's own test: PID 1 is systemd, or /run/systemd/system exists. Also decides how the tinc module runs
     * tincd.
     */
    public static boolean systemdIsInit() {
        return pid1().equals("systemd") || Files.isDirectory(Path.of("/run/systemd/system"));
    }

    private static String pid1() {
        try {
            return Files.readString(Path.of("/proc/1/comm")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
