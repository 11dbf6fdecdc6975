package dev.jsalt.minion.states.service;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
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
    static final Params RUNNING = Params.of("service.running", "name", "enable", "reload", "init_delay", "unmask",
            "unmask_runtime");
    static final Params DEAD = Params.of("service.dead", "name", "enable", "init_delay");
    static final Params ENABLED = Params.of("service.enabled", "name");
    static final Params DISABLED = Params.of("service.disabled", "name");

    @Override
    public String name() { return "service"; }

    @Override
    public Set<String> functions() { return Set.of("running", "dead", "enabled", "disabled"); }

    private static Params params(Resource r) {
        return switch (r.function()) {
            case "running" -> RUNNING;
            case "dead" -> DEAD;
            case "enabled" -> ENABLED;
            case "disabled" -> DISABLED;
            default -> throw new IllegalArgumentException("service has no function " + r.function());
        };
    }

    /** One part of a service's state: in sync (note only) or a change. */
    private record Part(String note, Plan.Change change) {
        static Part sync(String note) { return new Part(note, null); }
    }

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        Args args = Args.of(r, params(r));
        String name = serviceName(r, args);
        ServiceManager sm = manager(ctx);
        sm.forget(name);
        boolean running = r.function().equals("running");
        long delay = running || r.function().equals("dead") ? args.number("init_delay").orElse(0L) : 0L;
        List<Part> parts = new ArrayList<>();
        boolean unmasking = false;
        if (running && sm.masked(name) && (args.bool("unmask", false) || args.bool("unmask_runtime", false))) {
            boolean runtime = !args.bool("unmask", false);
            unmasking = true;
            parts.add(new Part(null, new Plan.Change("Service " + name + " would be unmasked", Map.of("unmasked", true), () -> {
                CommandResult res = runtime ? ctx.run(CommandSpec.of("systemctl", "unmask", "--runtime", "--", name))
                        : sm.control("unmask", name);
                sm.forget(name);
                if (!res.ok()) return Plan.Done.failed("Service " + name + " could not be unmasked: " + res.lastLine());
                return Plan.Done.ok("Service " + name + " unmasked");
            })));
        }
        String missing = unmasking ? null : sm.missing(name);
        if (missing != null) {
            if (running) {
                // Salt: in a test run, a service an earlier state would install is reported as "would be started"
                Map<String, Object> changes = Map.of("service", "started");
                return Plan.change(changes, "Service " + name + " not present; if created in this state run, it would have been started",
                        () -> Plan.Done.failed("Service " + name + " is not available: " + sm.missing(name)))
                        .assuming("Service " + name + " is not available: " + missing);
            }
            return Plan.failed("Service " + name + " is not available: " + missing);
        }
        switch (r.function()) {
            case "running" -> {
                parts.add(unmasking ? startPart(name, sm, delay) : runPart(name, true, sm, delay));
                if (args.has("enable")) parts.add(bootPart(name, args.bool("enable", true), sm));
            }
            case "dead" -> {
                parts.add(runPart(name, false, sm, delay));
                if (args.has("enable")) parts.add(bootPart(name, args.bool("enable", false), sm));
            }
            case "enabled" -> parts.add(bootPart(name, true, sm));
            case "disabled" -> parts.add(bootPart(name, false, sm));
            default -> throw new IllegalArgumentException("service has no function " + r.function());
        }
        return merge(parts);
    }

    @Override
    public Plan onWatch(Resource r, RunContext ctx, StateOutcome applied) {
        if (!r.function().equals("running")) return null;
        if (applied.changes().containsKey("service")) return null; // just started: already runs the new config
        Args args = Args.of(r, RUNNING);
        String name = serviceName(r, args);
        String action = args.bool("reload", false) ? "reload" : "restart";
        String done = action.equals("reload") ? "reloaded" : "restarted";
        long delay = args.number("init_delay").orElse(0L);
        Map<String, Object> changes = new LinkedHashMap<>(applied.changes());
        changes.put("service", done);
        return Plan.change(changes, "Service " + name + " would be " + done + " (watched state changed)", () -> {
            ServiceManager sm = manager(ctx);
            CommandResult res = sm.control(action, name);
            if (!res.ok()) return Plan.Done.failed("Service " + name + " failed to " + action + ": " + res.lastLine());
            pause(delay);
            if (!sm.startedAndStays(name)) {
                return Plan.Done.failed(changes, "Service " + name + " " + done + " (watched state changed) but it is " + sm.state(name));
            }
            return Plan.Done.ok(changes, "Service " + name + " " + done + " (watched state changed)");
        });
    }

    private static Part runPart(String name, boolean wantRunning, ServiceManager sm, long delay) {
        boolean running = sm.running(name);
        if (running == wantRunning) {
            return Part.sync("Service " + name + " is " + (running ? "running" : "not running"));
        }
        return wantRunning ? startPart(name, sm, delay) : stopPart(name, sm, delay);
    }

    private static Part startPart(String name, ServiceManager sm, long delay) {
        // Says why a service that should run does not (e.g. a crash loop).
        return new Part(null, new Plan.Change("Service " + name + " would be started (" + sm.state(name) + ")", Map.of("service", "started"),
                () -> control(name, true, sm, delay)));
    }

    private static Part stopPart(String name, ServiceManager sm, long delay) {
        return new Part(null, new Plan.Change("Service " + name + " would be stopped", Map.of("service", "stopped"),
                () -> control(name, false, sm, delay)));
    }

    static Plan.Done control(String name, boolean wantRunning, ServiceManager sm, long delay) {
        String action = wantRunning ? "start" : "stop";
        String done = wantRunning ? "started" : "stopped";
        CommandResult res = sm.control(action, name);
        if (!res.ok()) return Plan.Done.failed("Service " + name + " failed to " + action + ": " + res.lastLine());
        pause(delay);
        boolean nowRunning = wantRunning ? sm.startedAndStays(name) : sm.running(name);
        if (nowRunning != wantRunning) {
            return Plan.Done.failed("Service " + name + " " + action + " returned success but it is "
                    + (wantRunning ? sm.state(name) : "still running"));
        }
        return Plan.Done.ok("Service " + name + " " + done);
    }

    private static Part bootPart(String name, boolean wantEnabled, ServiceManager sm) {
        String want = wantEnabled ? "enabled" : "disabled";
        if (!sm.managesBoot()) {
            return Part.sync("Service " + name + " not " + want + " at boot: " + sm.describe()
                    + " manages no boot-time enablement here");
        }
        Boolean enabled = sm.enabled(name);
        if (enabled != null && enabled == wantEnabled) return Part.sync("Service " + name + " is " + want);
        return new Part(null, new Plan.Change("Service " + name + " would be " + want, Map.of("enabled", wantEnabled), () -> {
            CommandResult res = sm.control(wantEnabled ? "enable" : "disable", name);
            if (!res.ok()) return Plan.Done.failed("Service " + name + " could not be " + want + ": " + res.lastLine());
            return Plan.Done.ok("Service " + name + " " + want);
        }));
    }

    /**
     * The parts of running/dead with {@code enable:} as one plan: in sync if every part is; otherwise one change
     * whose action runs every part's action in turn (each runs even if an earlier one failed, as before), and whose
     * comments keep the notes of the parts already in sync.
     */
    private static Plan merge(List<Part> parts) {
        if (parts.stream().allMatch(p -> p.change() == null)) {
            return Plan.inSync(String.join("; ", parts.stream().map(Part::note).toList()));
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        List<String> would = new ArrayList<>();
        for (Part p : parts) {
            if (p.change() != null) {
                changes.putAll(p.change().changes());
                would.add(p.change().description());
            } else {
                would.add(p.note());
            }
        }
        return Plan.change(changes, String.join("; ", would), () -> {
            Map<String, Object> done = new LinkedHashMap<>();
            List<String> comments = new ArrayList<>();
            boolean failed = false;
            for (Part p : parts) {
                if (p.change() == null) {
                    comments.add(p.note());
                    continue;
                }
                if (failed && p.change().changes().containsKey("unmasked")) continue;
                Plan.Done d = p.change().action().run();
                comments.add(d.comment());
                if (d instanceof Plan.Done.Fail) failed = true;
                else done.putAll(d.changes() != null ? d.changes() : p.change().changes());
            }
            String comment = String.join("; ", comments);
            return failed ? Plan.Done.failed(done, comment) : Plan.Done.ok(done, comment);
        });
    }

    private static void pause(long seconds) {
        if (seconds <= 0) return;
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
