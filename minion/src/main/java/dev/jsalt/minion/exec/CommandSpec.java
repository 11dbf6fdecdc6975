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
 */
public record CommandSpec(List<String> argv, Path cwd, Map<String, String> env, Duration timeout, String stdin) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public CommandSpec {
        if (argv == null || argv.isEmpty()) throw new IllegalArgumentException("empty command");
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static CommandSpec of(String... argv) {
        return new CommandSpec(List.of(argv), null, null, null, null);
    }

    public static CommandSpec of(List<String> argv) {
        return new CommandSpec(argv, null, null, null, null);
    }

    public CommandSpec withTimeout(Duration t) { return new CommandSpec(argv, cwd, env, t, stdin); }

    public CommandSpec withStdin(String in) { return new CommandSpec(argv, cwd, env, timeout, in); }

    public CommandSpec withEnv(Map<String, String> e) { return new CommandSpec(argv, cwd, e, timeout, stdin); }

    public CommandSpec withCwd(Path dir) { return new CommandSpec(argv, dir, env, timeout, stdin); }
}
