package dev.jsalt.minion.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * Runs a command in a transient systemd scope, the way Salt runs package managers ({@code systemd-run --scope}):
 *
 * <pre>
 * systemd-run --scope --collect --quiet --unit=jsalt-JID-XXXXXXXX --description=... -- \
 *     /bin/sh -c WRAPPER jsalt-cmd RC_FILE ARGV...     (stdin, stdout, stderr: files under the runtime dir)
 * </pre>
 *
 * <p>The scope is a cgroup of its own, outside {@code jsalt-minion.service}: stopping or restarting the minion (the
 * postinst of a jsalt-minion upgrade the minion itself is running does exactly that) does not kill it. No pipe ties
 * it to the minion's JVM either — stdin, stdout and stderr are files — so it cannot die of SIGPIPE when that JVM
 * exits. The fixed wrapper runs the argv as given (never joined into a string), then writes its exit status to
 * {@code RC_FILE} (atomically, through a rename), so a minion started after the command began can still learn how it
 * ended ({@link #await}). The wrapper survives a SIGTERM sent to it (a trap that only defers it) and the command keeps
 * the default signal dispositions.
 *
 * <p>A timeout stops the whole scope ({@code systemctl kill --signal=SIGKILL UNIT.scope}).
 */
public final class ScopedCommands {
    private static final Logger log = LoggerFactory.getLogger(ScopedCommands.class);
    /** Inside a machine: where in-flight commands keep their files (a tmpfs under systemd; gone at reboot, as are the commands). */
    public static final Path DEFAULT_DIR = Path.of("/run/jsalt/commands");
    static final String WRAPPER = "rc=$1; shift; trap : TERM HUP INT; \"$@\"; c=$?; echo \"$c\" > \"$rc.tmp\" && mv -f \"$rc.tmp\" \"$rc\"; exit \"$c\"";
    private static final Pattern UNIT_PART = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Path dir;
    private final boolean available;
    private final String systemdRun;
    private final String systemctl;
    /** Units whose result belongs to the next minion process now: their files stay for it to read. */
    private final java.util.Set<String> handedOver = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Runs commands in scopes where systemd is PID 1 and {@code systemd-run} exists; files in {@link #DEFAULT_DIR}. */
    public static ScopedCommands detect() {
        return new ScopedCommands(DEFAULT_DIR, systemdRuns() && onPath("systemd-run"));
    }

    public ScopedCommands(Path dir, boolean available) {
        this(dir, available, "systemd-run", "systemctl");
    }

    /** With other programs in the place of systemd-run and systemctl (tests on machines without systemd). */
    public ScopedCommands(Path dir, boolean available, String systemdRun, String systemctl) {
        this.dir = dir;
        this.available = available;
        this.systemdRun = systemdRun;
        this.systemctl = systemctl;
    }

    /** Never uses scopes (machines without systemd, tests). */
    public static ScopedCommands none() { return new ScopedCommands(DEFAULT_DIR, false); }

    public boolean available() { return available; }

    public Path dir() { return dir; }

    /** sd_booted(): systemd is the init system. */
    static boolean systemdRuns() {
        return Files.isDirectory(Path.of("/run/systemd/system"));
    }

    static boolean onPath(String cmd) {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, cmd))) return true;
        }
        return false;
    }

    /**
     * A command running (or that ran) in a scope: enough for another process to wait for it and read its result.
     *
     * @param unit    the scope unit, e.g. {@code jsalt-20261203...-1a2b3c4d.scope}
     * @param argv    the command as given (for comments)
     * @param started epoch millis
     */
    public record InFlight(String unit, List<String> argv, Path rcFile, Path outFile, Path errFile, Path inFile, long started) {
    }

    /** From now on {@code f}'s files are the next minion process's to read and remove (see {@link #await}). */
    public void handOver(InFlight f) { handedOver.add(f.unit()); }

    /** Runs {@code spec} in a new scope; {@code onStart} sees it once it runs, {@code onEnd} once its result is read. */
    CommandResult run(CommandSpec spec, java.util.function.Consumer<InFlight> onStart, Runnable onEnd) throws IOException {
        InFlight f = prepare(spec);
        List<String> argv = new ArrayList<>(List.of(systemdRun, "--scope", "--collect", "--quiet",
                "--unit=" + f.unit(), "--description=jsalt: " + describe(spec.argv()), "--",
                "/bin/sh", "-c", WRAPPER, "jsalt-cmd", f.rcFile().toString()));
        argv.addAll(spec.argv());
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectInput(spec.stdin() == null ? new File("/dev/null") : f.inFile().toFile())
                .redirectOutput(f.outFile().toFile())
                .redirectError(f.errFile().toFile());
        if (spec.cwd() != null) pb.directory(spec.cwd().toFile());
        Map<String, String> env = pb.environment();
        env.put("LC_ALL", "C");
        env.putAll(spec.env());
        long start = System.nanoTime();
        Process p = pb.start();
        onStart.accept(f);
        try {
            boolean done = p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                kill(f.unit());
                if (!p.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) p.destroyForcibly();
                CommandResult r = collect(f, -1, true, Duration.ofNanos(System.nanoTime() - start));
                onEnd.run();
                cleanupUnlessHandedOver(f);
                return r;
            }
        } catch (InterruptedException e) {
            // Never kill the command because this thread was interrupted: it runs on in its scope, and whoever
            // interrupted (a stopping minion) has recorded it for the next minion to collect.
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + describe(spec.argv()) + " runs on in " + f.unit());
        }
        CommandResult r = collect(f, p.exitValue(), false, Duration.ofNanos(System.nanoTime() - start));
        onEnd.run();
        cleanupUnlessHandedOver(f);
        return r;
    }

    private InFlight prepare(CommandSpec spec) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        String jid = MDC.get("jid");
        String unit = "jsalt-" + (jid != null && UNIT_PART.matcher(jid).matches() ? jid : "cmd") + "-"
                + HexFormat.of().formatHex(randomBytes()) + ".scope";
        String base = unit.substring(0, unit.length() - ".scope".length());
        InFlight f = new InFlight(unit, spec.argv(), dir.resolve(base + ".rc"), dir.resolve(base + ".out"),
                dir.resolve(base + ".err"), dir.resolve(base + ".in"), System.currentTimeMillis());
        if (spec.stdin() != null) Files.writeString(f.inFile(), spec.stdin());
        return f;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /**
     * Waits (at most {@code max}) for a command another minion process started to end, then reads its result. Empty if
     * it is still running when {@code max} is up. A scope that ended without an exit status (killed) counts as exit -1.
     */
    public Optional<CommandResult> await(InFlight f, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (Files.exists(f.rcFile())) break;
            if (!scopeActive(f.unit())) {
                // The wrapper writes the status before the scope empties; one more look closes that window.
                break;
            }
            if (System.nanoTime() > deadline) return Optional.empty();
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        CommandResult r = collect(f, readRc(f).orElse(-1), false, Duration.ofMillis(System.currentTimeMillis() - f.started()));
        cleanup(f);
        return Optional.of(r);
    }

    private boolean scopeActive(String unit) {
        try {
            Process p = new ProcessBuilder(systemctl, "is-active", "--quiet", unit).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Integer> readRc(InFlight f) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(f.rcFile()).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static CommandResult collect(InFlight f, int processExit, boolean timedOut, Duration elapsed) {
        int exit = readRc(f).orElse(processExit);
        Capture out = read(f.outFile());
        Capture err = read(f.errFile());
        return new CommandResult(exit, out.text, err.text, timedOut, out.truncated || err.truncated, elapsed);
    }

    private record Capture(String text, boolean truncated) {
    }

    private static Capture read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(CommandRunner.MAX_CAPTURE);
            boolean more = in.read() >= 0;
            return new Capture(new String(b, StandardCharsets.UTF_8), more);
        } catch (IOException e) {
            return new Capture("", false);
        }
    }

    private void kill(String unit) {
        try {
            Process p = new ProcessBuilder(systemctl, "kill", "--signal=SIGKILL", unit).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("cannot kill {}: {}", unit, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cleanupUnlessHandedOver(InFlight f) {
        if (!handedOver.remove(f.unit())) cleanup(f);
    }

    static void cleanup(InFlight f) {
        for (Path p : List.of(f.rcFile(), f.outFile(), f.errFile(), f.inFile(), f.rcFile().resolveSibling(f.rcFile().getFileName() + ".tmp"))) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.debug("cannot remove {}: {}", p, e.getMessage());
            }
        }
    }

    private static String describe(List<String> argv) {
        String s = String.join(" ", argv);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
