package dev.jsalt.minion.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command to run as an argv list; no shell is involved unless argv itself names one.
 *
 * @param argv    program and arguments
 * @param cwd     working directory, or null for the minion's
 * @param env     extra environment variables (added to the minion's)
 * @param timeout wall-clock limit; the process is killed when it passes
 * @param stdin   text fed to standard input, or null for none
 * @param scope   whether it runs in a transient systemd scope of its own (see {@link Scope})
 */
public record CommandSpec(List<String> argv, Path cwd, Map<String, String> env, Duration timeout, String stdin, Scope scope) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Where systemd is PID 1, a command that changes the machine runs in a transient scope unit
     * ({@code systemd-run --scope}), outside the minion service's cgroup, with its output in files: stopping or
     * restarting the minion (a package upgrading jsalt-minion restarts it from its postinst) then neither kills it nor
     * breaks its output pipes, and the new minion can collect its exit code (see {@link ScopedCommands}).
     */
    public enum Scope {
        /** The runner decides: state commands run in a scope ({@code RunContext}), other callers' do not. */
        DEFAULT,
        /** In a transient scope where systemd runs (no-op elsewhere). */
        TRANSIENT,
        /** In the minion's own cgroup: read-only queries, whose loss at a restart costs nothing (and saves a D-Bus round trip). */
        NONE
    }

    public CommandSpec {
        if (argv == null || argv.isEmpty()) throw new IllegalArgumentException("empty command");
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        scope = scope == null ? Scope.DEFAULT : scope;
    }

    public CommandSpec(List<String> argv, Path cwd, Map<String, String> env, Duration timeout, String stdin) {
        this(argv, cwd, env, timeout, stdin, Scope.DEFAULT);
    }

    public static CommandSpec of(String... argv) {
        return new CommandSpec(List.of(argv), null, null, null, null);
    }

    public static CommandSpec of(List<String> argv) {
        return new CommandSpec(argv, null, null, null, null);
    }

    public CommandSpec withTimeout(Duration t) { return new CommandSpec(argv, cwd, env, t, stdin, scope); }

    public CommandSpec withStdin(String in) { return new CommandSpec(argv, cwd, env, timeout, in, scope); }

    public CommandSpec withEnv(Map<String, String> e) { return new CommandSpec(argv, cwd, e, timeout, stdin, scope); }

    public CommandSpec withCwd(Path dir) { return new CommandSpec(argv, dir, env, timeout, stdin, scope); }

    public CommandSpec withScope(Scope s) { return new CommandSpec(argv, cwd, env, timeout, stdin, s); }

    /** A read-only query: never worth a scope of its own. */
    public CommandSpec unscoped() { return withScope(Scope.NONE); }
}
