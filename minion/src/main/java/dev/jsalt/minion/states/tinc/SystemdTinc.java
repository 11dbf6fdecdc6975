package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * tincd under Debian's {@code tinc@NET} unit: {@code systemctl enable --now}, reload = the unit's {@code tincd -kHUP}.
 *
 * <p>The unit is {@code Type=simple} with {@code Restart=on-failure}: {@code systemctl start} succeeds as soon as
 * tincd is forked, also when it dies a moment later (no private key, a bad Interface, tinc-up failing) and the unit
 * goes to {@code activating (auto-restart)}. So a start or restart counts as done only when tincd of this very
 * activation (its InvocationID) logged {@code Ready} to the journal, the same proof the pid-file path waits for in
 * tincd's log file; if the unit leaves {@code active} first, the failure carries the journal's last lines.
 */
final class SystemdTinc implements TincService {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(100);
    private final String unit;
    private final RunContext ctx;
    private final Duration readyTimeout;

    SystemdTinc(String net, RunContext ctx) { this(net, ctx, READY_TIMEOUT); }

    SystemdTinc(String net, RunContext ctx, Duration readyTimeout) {
        this.unit = "tinc@" + TincNames.net(net);
        this.ctx = ctx;
        this.readyTimeout = readyTimeout;
    }

    @Override
    public String describe() { return "systemd (" + unit + ")"; }

    /** Active and not waiting for a restart; {@code is-active} already says "activating" for a unit in auto-restart. */
    @Override
    public boolean running() { return query("is-active", "--quiet", unit).ok(); }

    @Override
    public Boolean enabled() { return query("is-enabled", "--quiet", unit).ok(); }

    @Override
    public String start() {
        String failed = why(systemctl("enable", "--now", unit));
        return failed != null ? failed : awaitReady();
    }

    @Override
    public String reload() { return why(systemctl("reload", unit)); }

    @Override
    public String restart() {
        String failed = why(systemctl("restart", unit));
        return failed != null ? failed : awaitReady();
    }

    /** Null once tincd of the current activation logged Ready; else why not (it died, or it took too long). */
    String awaitReady() {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (true) {
            Map<String, String> p = show();
            String active = p.getOrDefault("ActiveState", "");
            String sub = p.getOrDefault("SubState", "");
            String invocation = p.getOrDefault("InvocationID", "");
            List<String> journal = invocation.isEmpty() ? List.of() : journal(invocation);
            if (active.equals("active") && journal.stream().anyMatch(l -> l.strip().endsWith("Ready"))) return null;
            boolean starting = active.equals("active") || active.equals("activating") && !sub.equals("auto-restart");
            if (!starting) {
                return "tincd exited during setup (" + unit + " is " + active + (sub.isEmpty() ? "" : " (" + sub + ")")
                        + "): " + tail(journal);
            }
            if (System.nanoTime() > deadline) {
                return "tincd was not ready within " + readyTimeout.toSeconds() + " s (" + unit + " is " + active + " (" + sub + ")): " + tail(journal);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private Map<String, String> show() {
        CommandResult r = query("show", "-p", "ActiveState", "-p", "SubState", "-p", "InvocationID", "--", unit);
        Map<String, String> props = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) props.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        return props;
    }

    /** What tincd of this activation wrote to stdout/stderr (tincd -D logs there, so it is in the journal). */
    private List<String> journal(String invocation) {
        CommandResult r = ctx.run(CommandSpec.of("journalctl", "--no-pager", "-q", "-o", "cat",
                "_SYSTEMD_INVOCATION_ID=" + invocation).withTimeout(TIMEOUT).unscoped());
        return r.ok() ? r.stdout().lines().toList() : List.of();
    }

    private static String tail(List<String> journal) {
        List<String> lines = journal.stream().filter(l -> !l.isBlank()).toList();
        String t = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        return t.isEmpty() ? "nothing in its journal" : t;
    }

    private CommandResult systemctl(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "systemctl";
        System.arraycopy(args, 0, argv, 1, args.length);
        return ctx.run(CommandSpec.of(argv).withTimeout(TIMEOUT));
    }

    /** A read-only systemctl: no scope of its own. */
    private CommandResult query(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "systemctl";
        System.arraycopy(args, 0, argv, 1, args.length);
        return ctx.run(CommandSpec.of(argv).withTimeout(TIMEOUT).unscoped());
    }

    private static String why(CommandResult r) {
        return r.ok() ? null : (r.timedOut() ? "systemctl timed out" : r.lastLine());
    }
}
