package dev.jsalt.e2e.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One lab host. Every command runs through {@code nsenter} into the host's net + mount + uts + pid namespaces,
 * so it sees the host's network, private paths and hostname, and daemons it starts stay in the host. For a booted
 * host ({@link Boot#SYSTEMD}) that is its own root file system and its systemd's pid namespace, with a clean
 * environment ({@code env -i PATH=... HOME=/root}), like a root shell on the machine.
 */
public final class LabHost {
    private static final Logger LOG = LoggerFactory.getLogger(LabHost.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern DAEMON_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");

    private final HostState state;
    private final Path dir;

    LabHost(HostState state, Path dir) {
        this.state = state;
        this.dir = dir;
    }

    public String name() { return state.name(); }

    public int index() { return state.spec().index(); }

    /** Its address on the lab subnet, e.g. 10.77.0.10. */
    public String address() { return state.address(); }

    public Map<String, Object> grains() { return state.grains(); }

    public String netns() { return state.netns(); }

    /** Host pid of its init (PID 1 of its pid namespace). */
    public long initPid() { return state.initPid(); }

    /** Its directory in the lab's state dir: private trees, init.log, daemon logs under logs/. */
    public Path dir() { return dir; }

    public boolean up() { return state.initAlive(); }

    /** Whether it boots with systemd ({@link Boot#SYSTEMD}) rather than sharing this machine's file system. */
    public boolean booted() { return state.booted(); }

    /**
     * Where {@code pathInHost} is on this machine, for reading and writing the host's files from outside: a light
     * host's private trees, a booted host's overlay (everything but its own /run, /proc, /sys and /dev).
     */
    public Path hostSide(String pathInHost) {
        return booted() ? Machines.hostSide(dir, pathInHost) : PrivateTree.hostSide(dir, pathInHost);
    }

    /** Where {@link #spawnDaemon} keeps pid files inside the host. */
    String pidDir() { return booted() ? Machines.PID_DIR : PrivateTree.PID_DIR; }

    public ExecResult exec(String... argv) {
        return exec(List.of(argv), DEFAULT_TIMEOUT, null);
    }

    public ExecResult exec(List<String> argv, Duration timeout) {
        return exec(argv, timeout, null);
    }

    /** Runs {@code argv} in the host; {@code stdin} may be null. Never throws for a non-zero exit: check {@link ExecResult#ok()}. */
    public ExecResult exec(List<String> argv, Duration timeout, byte[] stdin) {
        ExecResult r = Cmd.run(enter(argv), timeout, stdin);
        // Report the command as the caller wrote it, not the nsenter prefix.
        return new ExecResult(argv, r.exit(), r.stdout(), r.stderr());
    }

    /** Runs {@code argv} in the host with this process's stdin/stdout/stderr (for {@code jsalt lab exec}); returns its exit code. */
    public int execInteractive(List<String> argv) {
        try {
            return new ProcessBuilder(enter(argv)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new LabException("host " + name() + ": cannot start nsenter: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }

    /** Like {@link #exec(String...)} but throws a {@link LabException} naming the host unless it exits 0. */
    public ExecResult check(String... argv) {
        return exec(argv).orThrow("host " + name());
    }

    public String readFile(String path) {
        return check("cat", "--", path).stdout();
    }

    public boolean exists(String path) {
        return exec("test", "-e", path).ok();
    }

    /** Writes {@code content} to {@code path} inside the host (parent directories must exist). */
    public void writeFile(String path, String content) {
        exec(List.of("/bin/sh", "-c", "cat > \"$1\"", "sh", path), DEFAULT_TIMEOUT, content.getBytes(StandardCharsets.UTF_8))
                .orThrow("host " + name() + ": writing " + path);
    }

    /**
     * Starts {@code argv} as a daemon inside the host: in its own session, reparented to the host's init, with
     * stdout+stderr appended to {@code dir()/logs/NAME.log}. Returns once its pid file exists.
     */
    public Daemon spawnDaemon(String name, List<String> argv) {
        if (!DAEMON_NAME.matcher(name).matches()) throw new IllegalArgumentException("daemon name '" + name + "' must match " + DAEMON_NAME);
        String pidFile = pidDir() + "/" + name + ".pid";
        Path hostPidFile = hostSide(pidFile);
        Path log = dir.resolve("logs").resolve(name + ".log");
        try {
            Files.deleteIfExists(hostPidFile);
        } catch (IOException e) {
            throw new LabException("cannot clear " + hostPidFile, e);
        }
        // setsid -f forks, so nsenter returns at once; the fixed script records the daemon's namespace pid, then execs it.
        List<String> inner = new ArrayList<>(List.of("setsid", "-f", "/bin/sh", "-c", "echo $$ > \"$0\"; exec \"$@\"", pidFile));
        inner.addAll(argv);
        try {
            Process p = new ProcessBuilder(enter(inner))
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                Cmd.killTree(p.toHandle());
                throw new LabException("host " + name() + ": could not start daemon " + name + ": " + HostInit.tail(log));
            }
        } catch (IOException e) {
            throw new LabException("host " + name() + ": cannot start nsenter: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                String pid = Files.exists(hostPidFile) ? Files.readString(hostPidFile).strip() : "";
                if (!pid.isEmpty()) {
                    Daemon d = new Daemon(name(), name, Long.parseLong(pid), log);
                    LOG.debug("host {}: daemon {} is pid {} in the host", name(), name, d.nsPid());
                    return d;
                }
            } catch (IOException | NumberFormatException e) {
                // being written; try again
            }
            if (System.nanoTime() > deadline) throw new LabException("host " + name() + ": daemon " + name + " wrote no pid file: " + HostInit.tail(log));
            Pause.briefly();
        }
    }

    /** Whether the daemon's process still exists (and is not a zombie) inside the host. */
    public boolean running(Daemon d) {
        ExecResult r = exec("cat", "/proc/" + d.nsPid() + "/stat");
        if (!r.ok()) return false;
        String s = r.stdout();
        char st = s.charAt(s.lastIndexOf(')') + 2);
        return st != 'Z' && st != 'X';
    }

    /** Sends {@code signal} (e.g. TERM, KILL) to the daemon from inside the host. */
    public ExecResult signal(Daemon d, String signal) {
        return exec("kill", "-" + signal, Long.toString(d.nsPid()));
    }

    /** The last {@code lines} journal lines of {@code unit} in a booted host (empty for a light host). */
    public String journal(String unit, int lines) {
        if (!booted() || !up()) return "";
        ExecResult r = exec(List.of("journalctl", "--no-pager", "-q", "-n", Integer.toString(lines), "-u", unit), Duration.ofSeconds(30));
        return r.stdout() + r.stderr();
    }

    /** Tries a TCP connection from this host to {@code address:port}. */
    public TcpProbe probeTcp(String address, int port, Duration timeout) {
        long secs = Math.max(1, timeout.toSeconds());
        ExecResult r = exec(List.of("timeout", Long.toString(secs), "bash", "-c", "exec 3<>\"/dev/tcp/$1/$2\"", "probe", address,
                Integer.toString(port)), timeout.plusSeconds(5));
        return switch (r.exit()) {
            case 0 -> TcpProbe.OPEN;
            case 124 -> TcpProbe.TIMEOUT;
            default -> r.stderr().contains("refused") ? TcpProbe.REFUSED : TcpProbe.TIMEOUT;
        };
    }

    private List<String> enter(List<String> argv) {
        if (!state.initAlive()) throw new LabException("host " + name() + " is not up (its init, pid " + initPid() + ", is gone)");
        List<String> all = new ArrayList<>(List.of("nsenter", "-t", Long.toString(state.initPid()), "-n", "-m", "-u", "-p"));
        if (booted()) {
            // Its ipc and cgroup namespaces too, and none of this JVM's environment (a root login's PATH and HOME).
            // -r -w: the root and working directory of its systemd. (--wd=/ would open this machine's / before entering.)
            all.addAll(List.of("-i", "-C", "-r", "-w", "--", "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "HOME=/root", "LANG=C.UTF-8"));
        } else {
            all.addAll(List.of("--wd=/", "--"));
        }
        all.addAll(argv);
        return all;
    }

    @Override
    public String toString() { return name() + "(" + address() + ")"; }
}
