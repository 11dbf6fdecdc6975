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
    static final Params MASKED = Params.of("service.masked", "name", "runtime");
    static final Params UNMASKED = Params.of("service.unmasked", "name", "runtime");
    /** Salt's systemd VALID_UNIT_TYPES: a name ending in none of these is a .service. */
    static final List<String> UNIT_TYPES = List.of("service", "socket", "device", "mount", "automount", "swap", "target", "path", "timer");

    private final Path root;
    private final java.util.function.BooleanSupplier systemd;

    public ServiceModule() { this(Path.of("/"), ServiceModule::systemdIsInit); }

    /** Masks are looked for under {@code root} (etc/ and run/systemd/system), systemd is init if {@code systemd} says so (tests). */
    ServiceModule(Path root, java.util.function.BooleanSupplier systemd) {
        this.root = root;
        this.systemd = systemd;
    }

    @Override
    public String name() { return "service"; }

    @Override
    public Set<String> functions() { return Set.of("running", "dead", "enabled", "disabled", "masked", "unmasked"); }

    private static Params params(Resource r) {
        return switch (r.function()) {
            case "running" -> RUNNING;
            case "dead" -> DEAD;
            case "enabled" -> ENABLED;
            case "disabled" -> DISABLED;
            case "masked" -> MASKED;
            case "unmasked" -> UNMASKED;
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
        if (r.function().equals("masked") || r.function().equals("unmasked")) return mask(r.function().equals("masked"), name, args, ctx);
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

    /** Salt's _canonical_unit_name: foo is foo.service, a name ending in a unit type stays. */
    static String unit(String name) {
        for (String t : UNIT_TYPES) if (name.endsWith(t)) return name;
        return name + ".service";
    }

    /** Salt's systemd masked(): the unit's file in /etc (or /run for a runtime mask) is a link to /dev/null. */
    boolean isMasked(String name, boolean runtime) {
        Path link = root.resolve(runtime ? "run" : "etc").resolve("systemd/system").resolve(unit(name));
        try {
            return Files.isSymbolicLink(link) && Files.readSymbolicLink(link).toString().equals("/dev/null");
        } catch (IOException e) {
            return false;
        }
    }

    /** Salt's service.masked / service.unmasked (systemctl mask / unmask, with --runtime for runtime). */
    private Plan mask(boolean want, String name, Args args, RunContext ctx) {
        if (!systemd.getAsBoolean()) return Plan.failed("Service masking not available on this minion");
        boolean runtime = args.bool("runtime", false);
        String type = runtime ? "runtime masked" : "masked";
        String action = want ? type : runtime ? "runtime unmasked" : "unmasked";
        if (isMasked(name, runtime) == want) {
            return Plan.inSync(want ? "Service " + name + " is already " + type : "Service " + name + " was already " + action);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("old", !want);
        c.put("new", want);
        Map<String, Object> changes = Map.of(type, c);
        return Plan.change(changes, "Service " + name + " would be " + action, () -> {
            List<String> argv = new ArrayList<>(List.of("systemctl", want ? "mask" : "unmask"));
            if (runtime) argv.add("--runtime");
            argv.addAll(List.of("--", name));
            CommandResult res = ctx.run(CommandSpec.of(argv));
            manager(ctx).forget(name);
            if (!res.ok()) return Plan.Done.failed("Failed to " + (want ? "mask" : "unmask") + " service " + name + ": " + res.lastLine());
            if (isMasked(name, runtime) != want) return Plan.Done.failed("Failed to " + (want ? "mask" : "unmask") + " service " + name);
            return Plan.Done.ok(changes, "Service " + name + " was " + action);
        });
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
