package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * tincd without an init system to run it (containers, the lab): {@code tincd -n NET --pidfile --logfile} daemonizes;
 * it is running while the pid file's process is alive and is a tincd (a stale pid file whose pid was reused by
 * something else does not count). A start counts as done only when tincd logged "Ready" (the tun device is up and
 * tinc-up ran); if it dies first, the failure carries the tail of its log.
 */
final class PidfileTincd implements TincService {
    private static final Logger log = LoggerFactory.getLogger(PidfileTincd.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Path DEFAULT_ETC = Path.of("/etc/tinc");

    private final String net;
    private final TincPaths paths;
    private final RunContext ctx;

    PidfileTincd(String net, TincPaths paths, RunContext ctx) {
        this.net = TincNames.net(net);
        this.paths = paths;
        this.ctx = ctx;
    }

    @Override
    public String describe() { return "tincd with " + paths.pidFile(net); }

    @Override
    public boolean running() { return process().isPresent(); }

    @Override
    public Boolean enabled() { return null; }

    @Override
    public String start() {
        long logStart = logSize();
        List<String> argv = tincd();
        argv.add("--logfile=" + paths.logFile(net));
        CommandResult r = ctx.run(CommandSpec.of(argv).withStdin("").withTimeout(COMMAND_TIMEOUT));
        if (!r.ok()) return "tincd did not start: " + r.lastLine();
        return awaitReady(logStart);
    }

    @Override
    public String reload() {
        if (process().isEmpty()) return "tincd is not running";
        return signal("HUP");
    }

    @Override
    public String restart() {
        Optional<ProcessHandle> p = process();
        if (p.isPresent()) {
            // SIGTERM: tincd runs tinc-down and removes the tun device before it exits
            String failed = signal("TERM");
            if (failed != null) return failed;
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (alive(p.get().pid())) {
                if (System.nanoTime() > deadline) return "tincd (pid " + p.get().pid() + ") did not stop within " + STOP_TIMEOUT.toSeconds() + " s";
                pause();
            }
        }
        return start();
    }

    /** The live tincd of the pid file, if any. */
    Optional<ProcessHandle> process() {
        try {
            Path pidFile = paths.pidFile(net);
            if (!Files.isRegularFile(pidFile)) return Optional.empty();
            String text = Files.readString(pidFile).strip();
            if (!text.matches("\\d{1,10}")) return Optional.empty();
            long pid = Long.parseLong(text);
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !alive(pid)) return Optional.empty();
            // /proc/PID/comm guards against a recycled pid
            String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
            return comm.equals("tincd") ? h : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Exists and has not exited. A zombie has exited: where PID 1 is not an init that reaps (a container's shell),
     * a stopped tincd can stay one for a while, and waiting for it to vanish would time out.
     */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private String signal(String sig) {
        List<String> argv = tincd();
        argv.add("-k" + sig);
        CommandResult r = ctx.run(CommandSpec.of(argv).withTimeout(COMMAND_TIMEOUT));
        return r.ok() ? null : "tincd -k" + sig + " failed: " + r.lastLine();
    }

    /** {@code tincd -n NET --pidfile=...}, plus {@code -c DIR} only where the config is not in the standard place. */
    private List<String> tincd() {
        List<String> argv = new ArrayList<>(List.of("tincd", "-n", net));
        if (!paths.etc().equals(DEFAULT_ETC)) argv.addAll(List.of("-c", paths.netDir(net).toString()));
        argv.add("--pidfile=" + paths.pidFile(net));
        return argv;
    }

    private String awaitReady(long logStart) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            String logged = logSince(logStart);
            Optional<ProcessHandle> p = process();
            if (p.isPresent() && logged.lines().anyMatch(l -> l.endsWith(": Ready"))) {
                log.debug("tincd for {} is ready as pid {}", net, p.get().pid());
                return null;
            }
            // tincd daemonizes before it sets up the tun device; a setup failure only shows in its log
            if (p.isEmpty() && logged.contains("Terminating")) {
                return "tincd exited during setup: " + tail(logged);
            }
            if (System.nanoTime() > deadline) {
                return "tincd was not ready within " + READY_TIMEOUT.toSeconds() + " s: " + tail(logged);
            }
            pause();
        }
    }

    private long logSize() {
        try {
            return Files.size(paths.logFile(net));
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(long offset) {
        try (RandomAccessFile f = new RandomAccessFile(paths.logFile(net).toFile(), "r")) {
            long len = f.length();
            if (len < offset) offset = 0; // rotated
            byte[] buf = new byte[(int) Math.min(len - offset, 1 << 16)];
            f.seek(offset);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String tail(String logged) {
        List<String> lines = logged.lines().toList();
        String t = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        return t.isEmpty() ? "nothing in " + paths.logFile(net) : t;
    }

    private static void pause() {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
}
