package dev.jsalt.minion.states.service;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * systemd via systemctl; one {@code systemctl show} answers existence, activity and enablement. It is kept in the
 * run's memo per unit while one state looks (a converged {@code service.running} with {@code enable:} asks once),
 * and forgotten after every action on the unit and before the next state looks.
 *
 * <p>Running means ActiveState {@code active} or {@code reloading}. {@code activating} is judged by its SubState:
 * {@code auto-restart} is a unit whose process died and that systemd will try again (a crash loop), so it is not
 * running; any other {@code activating} (or {@code deactivating}) is waited out for at most {@link #SETTLE}. A unit
 * systemd has restarted before is looked at twice, {@link #STABLE} apart: if it restarted again in between (or its
 * main process changed), it is crash-looping, not running.
 */
final class Systemd implements ServiceManager {
    static final Duration SETTLE = Duration.ofSeconds(30);
    static final Duration STABLE = Duration.ofMillis(500);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(120);
    private static final Set<String> RUNNING = Set.of("active", "reloading");
    private static final Set<String> ENABLED = Set.of("enabled", "enabled-runtime", "alias", "static", "indirect", "generated");

    private final RunContext ctx;
    private final Duration settle;
    private final Duration stable;

    Systemd(RunContext ctx) { this(ctx, SETTLE, STABLE); }

    Systemd(RunContext ctx, Duration settle, Duration stable) {
        this.ctx = ctx;
        this.settle = settle;
        this.stable = stable;
    }

    /** What one {@code systemctl show} said about a unit's activity. */
    record UnitState(String active, String sub, String result, long restarts, long mainPid) {
        static UnitState of(Map<String, String> p) {
            return new UnitState(p.getOrDefault("ActiveState", ""), p.getOrDefault("SubState", ""), p.getOrDefault("Result", ""),
                    number(p.get("NRestarts")), number(p.get("MainPID")));
        }

        boolean runs() { return RUNNING.contains(active); }

        /** On its way somewhere: wait before judging. A unit waiting to be restarted after a crash is not on its way. */
        boolean transitional() {
            return active.equals("activating") && !sub.equals("auto-restart") || active.equals("deactivating");
        }

        String describe() {
            StringBuilder sb = new StringBuilder(active.isEmpty() ? "unknown" : active);
            if (!sub.isEmpty()) sb.append(" (").append(sub).append(')');
            if (restarts > 0) sb.append(", restarted ").append(restarts).append(restarts == 1 ? " time" : " times").append(" by systemd");
            if (!result.isEmpty() && !result.equals("success")) sb.append(", last result: ").append(result);
            return sb.toString();
        }

        private static long number(String s) {
            try {
                return s == null || s.isEmpty() ? 0 : Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

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
                "-p", "SubState", "-p", "Result", "-p", "NRestarts", "-p", "MainPID", "-p", "UnitFileState", "--", name).unscoped());
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
    public boolean running(String name) { return judge(name).runs(); }

    @Override
    public String state(String name) {
        UnitState s = judge(name);
        return s.runs() ? "running" : "not running: " + s.describe();
    }

    /**
     * The unit's state once it is not on its way somewhere (bounded by the settle time), reported as not running
     * if it crash-loops. The answer is memoized like every show.
     */
    UnitState judge(String name) {
        UnitState s = settled(name);
        if (!s.runs() || s.restarts() == 0) return s;
        // systemd restarted it before: make sure it is not in the middle of a crash loop right now.
        pause(stable);
        forget(name);
        UnitState again = settled(name);
        if (again.runs() && (again.restarts() != s.restarts() || again.mainPid() != s.mainPid())) {
            UnitState looping = new UnitState("activating", "auto-restart", again.result(), again.restarts(), again.mainPid());
            return looping;
        }
        return again;
    }

    private UnitState settled(String name) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            UnitState s = UnitState.of(show(name));
            if (!s.transitional() || System.nanoTime() > deadline) return s;
            pause(POLL);
            forget(name);
        }
    }

    @Override
    public boolean startedAndStays(String name) {
        UnitState first = settled(name);
        if (!first.runs()) return false;
        // Type=simple units count as started once forked: a process that dies at once shows only a moment later,
        // as a restart (Restart=) or as failed/inactive.
        pause(stable);
        forget(name);
        UnitState later = settled(name);
        return later.runs() && later.restarts() == first.restarts() && later.mainPid() == first.mainPid();
    }

    @Override
    public Boolean enabled(String name) { return ENABLED.contains(show(name).getOrDefault("UnitFileState", "")); }

    @Override
    public boolean managesBoot() { return true; }

    @Override
    public CommandResult control(String action, String name) {
        try {
            return ctx.run(CommandSpec.of("systemctl", action, "--", name).withTimeout(ACTION_TIMEOUT));
        } finally {
            forget(name);
        }
    }

    private static void pause(Duration d) {
        if (!d.isZero()) LockSupport.parkNanos(d.toNanos());
    }
}
