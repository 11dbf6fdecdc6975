package dev.jsalt.minion.states.cmd;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.StateOutcome;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cmd.run}: runs a command unless a guard says it is not needed. Guards keep it idempotent:
 * {@code creates} (checked without spawning anything), {@code onlyif} and {@code unless} (commands, run even in
 * test mode because they only look).
 */
public final class CmdModule implements StateModule {

    @Override
    public String name() { return "cmd"; }

    @Override
    public Set<String> functions() { return Set.of("run"); }

    @Override
    public StateOutcome apply(Resource r, RunContext ctx) {
        Args args = Args.of(r);
        boolean shell = args.bool("shell", false);
        Object command = args.has("name") ? args.raw("name") : r.name();
        List<String> argv = CommandForm.argv(command, shell, "name");
        Path cwd = args.string("cwd").map(Path::of).orElse(null);
        if (cwd != null && !cwd.isAbsolute()) throw args.bad("cwd", "must be an absolute path");
        if (cwd != null && !Files.isDirectory(cwd)) {
            // Otherwise the exec error reads as if the program were missing ("Cannot run program ... No such file").
            if (!ctx.test()) throw args.bad("cwd", cwd + " is not a directory on this minion");
            return StateOutcome.wouldChange(Map.of("command", CommandForm.display(command)), "Command \"" + CommandForm.display(command)
                    + "\" would have been executed (its cwd " + cwd + " does not exist yet: an earlier state must create it)");
        }
        Map<String, String> env = args.stringMap("env");
        Duration timeout = args.number("timeout").map(Duration::ofSeconds).orElse(CommandSpec.DEFAULT_TIMEOUT);
        String shown = CommandForm.display(command);

        List<String> creates = args.strings("creates");
        if (!creates.isEmpty() && creates.stream().allMatch(p -> Files.exists(Path.of(p), LinkOption.NOFOLLOW_LINKS))) {
            return StateOutcome.unchanged(creates.size() == 1 ? creates.get(0) + " exists" : "all of " + creates + " exist");
        }
        for (Object guard : guards(args.raw("onlyif"), "onlyif")) {
            CommandResult g = guard(guard, shell, "onlyif", cwd, env, timeout, ctx);
            if (!g.ok()) return StateOutcome.unchanged("onlyif condition is false: " + CommandForm.display(guard));
        }
        // Salt: the state is skipped only when every unless command succeeds.
        List<Object> unless = guards(args.raw("unless"), "unless");
        boolean allTrue = !unless.isEmpty();
        for (Object guard : unless) {
            if (!guard(guard, shell, "unless", cwd, env, timeout, ctx).ok()) {
                allTrue = false;
                break;
            }
        }
        if (allTrue) return StateOutcome.unchanged("unless condition is true: " + CommandForm.display(args.raw("unless")));
        if (ctx.test()) {
            return StateOutcome.wouldChange(Map.of("command", shown), "Command \"" + shown + "\" would have been executed");
        }
        CommandResult res = ctx.run(new CommandSpec(argv, cwd, env, timeout, null));
        return outcome(shown, timeout, res);
    }

    /** Never runs the command a second time: it ran to its end while the minion restarted, its result is the outcome. */
    @Override
    public StateOutcome afterRestart(Resource r, RunContext ctx, CommandResult finished) {
        Args args = Args.of(r);
        Object command = args.has("name") ? args.raw("name") : r.name();
        Duration timeout = args.number("timeout").map(Duration::ofSeconds).orElse(CommandSpec.DEFAULT_TIMEOUT);
        return outcome(CommandForm.display(command), timeout, finished);
    }

    private static StateOutcome outcome(String shown, Duration timeout, CommandResult res) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("retcode", res.exitCode());
        changes.put("stdout", res.stdout());
        changes.put("stderr", res.stderr());
        if (res.timedOut()) {
            return StateOutcome.failed(changes, "Command \"" + shown + "\" timed out after " + timeout.toSeconds() + " s");
        }
        if (res.exitCode() != 0) {
            String last = res.lastLine();
            return StateOutcome.failed(changes, "Command \"" + shown + "\" failed with exit code " + res.exitCode()
                    + (last.isEmpty() ? "" : ": " + last));
        }
        return StateOutcome.changed(changes, "Command \"" + shown + "\" run");
    }

    /**
     * A guard is a string or one argv list; several guards (all must pass) are a list of those. A list of strings
     * whose program contains a space is Salt's "list of command strings" and would exec a program called
     * "test -f /x", so it is refused loudly instead of failing obscurely.
     */
    static List<Object> guards(Object raw, String what) {
        if (raw == null) return List.of();
        if (raw instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(o -> o instanceof List)) return List.copyOf(l);
        if (raw instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String first && first.strip().contains(" ")) {
            throw new IllegalArgumentException(what + ": a list is one argv; write several commands as a list of lists"
                    + " or one string");
        }
        return List.of(raw);
    }

    private static CommandResult guard(Object guard, boolean shell, String what, Path cwd, Map<String, String> env,
                                       Duration timeout, RunContext ctx) {
        List<String> argv = CommandForm.argv(guard, shell, what);
        // Guards only look (they run in test mode too): no scope of their own.
        return ctx.run(new CommandSpec(argv, cwd, env, timeout, null).unscoped());
    }
}
