package dev.jsalt.minion.states.git;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.exec.RunAs;
import dev.jsalt.minion.state.RunContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * git commands of one {@code git.latest} state: argv lists run in {@code cwd} as {@code user} (setpriv) when given,
 * never prompting for credentials (a prompt would hang the run), with C-locale output.
 */
record GitRun(RunContext ctx, String user, Path cwd) {
    static final Map<String, String> ENV = Map.of("GIT_TERMINAL_PROMPT", "0", "LC_ALL", "C", "GIT_ASKPASS", "/bin/true");
    static final Duration TIMEOUT = Duration.ofMinutes(30);

    GitRun in(Path dir) { return new GitRun(ctx, user, dir); }

    CommandSpec spec(List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(args);
        CommandSpec s = new CommandSpec(argv, cwd, ENV, TIMEOUT, null);
        return user == null ? s : RunAs.as(user, s);
    }

    /** A command that only looks. */
    CommandResult look(String... args) { return ctx.run(spec(List.of(args)).unscoped()); }

    /** A command that changes the checkout. */
    CommandResult change(List<String> args) { return ctx.run(spec(args)); }

    /** stdout, stripped, of a looking command that succeeded; null if it exited non-zero. */
    String value(String... args) {
        CommandResult r = look(args);
        if (r.timedOut()) throw new IllegalStateException("git " + String.join(" ", args) + " timed out");
        return r.ok() ? r.stdout().strip() : null;
    }

    /** Why a git command failed: its first fatal:/error: line (git puts the cause first, hints after), else its last line. */
    static String why(CommandResult r) {
        String err = r.stderr() == null ? "" : r.stderr();
        for (String line : err.split("\n")) {
            String l = line.strip();
            if (l.startsWith("fatal:") || l.startsWith("error:")) return l;
        }
        return r.timedOut() ? "timed out" : r.lastLine();
    }
}
