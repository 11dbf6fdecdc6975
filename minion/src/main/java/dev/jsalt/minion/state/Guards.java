package dev.jsalt.minion.state;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.exec.RunAs;
import dev.jsalt.minion.exec.ShellWords;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The global guards every state accepts ({@code creates}, {@code onlyif}, {@code unless}) and the global
 * {@code check_cmd}. Guards only look, so they run in test runs too.
 *
 * <p>How a guard command is read: for {@code cmd.*} states exactly like the state's own command (a string is split into
 * words without a shell unless {@code shell: true}; a list is one argv; a list of lists is several), with the state's
 * {@code cwd}, {@code env}, {@code runas} and {@code timeout}. For every other state as Salt runs them: a string is
 * given to {@code /bin/sh -c}, a list holds several commands (strings for the shell, or argv lists).
 */
final class Guards {
    /** Arguments of cmd states that guards share (the engine copies them as {@code __NAME} into its own arguments). */
    static final List<String> COMMAND_OPTIONS = List.of("cwd", "env", "shell", "runas", "timeout");

    private Guards() {
    }

    /** Why the state is skipped (Salt's comment), or null if it runs. */
    static String skip(StateEngine.Call call, RunContext ctx) {
        Map<String, Object> a = call.engineArgs;
        if (a.get("creates") == null && a.get("onlyif") == null && a.get("unless") == null) return null;
        boolean cmd = call.resource.module().equals("cmd");
        Object cwd = a.get("__cwd");
        if (cwd != null && !Files.isDirectory(Path.of(cwd.toString()))) return null; // the state itself reports it
        Object creates = a.get("creates");
        if (creates != null) {
            List<String> paths = new ArrayList<>();
            for (Object o : creates instanceof List<?> l ? l : List.of(creates)) paths.add(String.valueOf(o));
            if (!paths.isEmpty() && paths.stream().allMatch(p -> Files.exists(Path.of(p), LinkOption.NOFOLLOW_LINKS))) {
                return paths.size() == 1 ? paths.get(0) + " exists" : "all of " + paths + " exist";
            }
        }
        for (Object guard : commands(a.get("onlyif"), "onlyif", cmd)) {
            if (!run(guard, "onlyif", call, ctx).ok()) return "onlyif condition is false: " + display(guard);
        }
        // Salt: the state is skipped only when every unless command succeeds.
        List<Object> unless = commands(a.get("unless"), "unless", cmd);
        if (unless.isEmpty()) return null;
        for (Object guard : unless) {
            if (!run(guard, "unless", call, ctx).ok()) return null;
        }
        return "unless condition is true: " + display(a.get("unless"));
    }

    /** The global {@code check_cmd} after a successful real run: null if every command exits 0, else Salt's comment. */
    static String checkCmd(StateEngine.Call call, RunContext ctx) {
        for (Object c : commands(call.engineArgs.get("check_cmd"), "check_cmd", false)) {
            CommandResult r = run(c, "check_cmd", call, ctx);
            if (!r.ok()) {
                String out = (r.stdout() + r.stderr()).strip();
                return "check_cmd determined the state failed" + (out.isEmpty() ? "" : ": " + last(out));
            }
        }
        return null;
    }

    private static String last(String text) {
        String[] lines = text.split("\n");
        return lines[lines.length - 1];
    }

    /**
     * The guard commands of one argument. For cmd states a list of strings is one argv, and one whose program
     * contains a space is refused (it would exec a program called "test -f /x"); elsewhere a list holds commands.
     */
    static List<Object> commands(Object raw, String what, boolean cmd) {
        if (raw == null) return List.of();
        if (raw instanceof Map) throw dictForm(what);
        if (raw instanceof List<?> l) {
            if (l.isEmpty()) return List.of();
            for (Object o : l) if (o instanceof Map) throw dictForm(what);
            if (l.stream().allMatch(o -> o instanceof List)) return List.copyOf(l);
            if (!cmd) return List.copyOf(l);
            if (l.get(0) instanceof String first && first.strip().contains(" ")) {
                throw new IllegalArgumentException(what + ": a list is one argv; write several commands as a list of lists"
                        + " or one string");
            }
        }
        return List.of(raw);
    }

    private static IllegalArgumentException dictForm(String what) {
        return new IllegalArgumentException(what + ": Salt's {fun: ..., args: ...} form is not supported by jsalt; write a command");
    }

    private static CommandResult run(Object guard, String what, StateEngine.Call call, RunContext ctx) {
        Map<String, Object> a = call.engineArgs;
        boolean cmd = call.resource.module().equals("cmd");
        List<String> argv;
        if (guard instanceof List<?> l) {
            argv = new ArrayList<>();
            for (Object o : l) argv.add(String.valueOf(o));
            if (argv.isEmpty()) throw new IllegalArgumentException(what + " is an empty list");
        } else if (!cmd || Boolean.TRUE.equals(Args.truth(a.get("__shell")))) {
            argv = List.of("/bin/sh", "-c", String.valueOf(guard));
        } else {
            try {
                argv = ShellWords.split(String.valueOf(guard));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
            }
        }
        Path cwd = a.get("__cwd") == null ? null : Path.of(a.get("__cwd").toString());
        Map<String, String> env = new java.util.LinkedHashMap<>();
        Object e = a.get("__env");
        if (e instanceof Map<?, ?> m) m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        if (e instanceof List<?> l) for (Object o : l) if (o instanceof Map<?, ?> m) m.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        Duration timeout = CommandSpec.DEFAULT_TIMEOUT;
        if (a.get("__timeout") != null) timeout = Duration.ofSeconds(Long.parseLong(a.get("__timeout").toString().trim()));
        // Guards only look (they run in test mode too): no systemd scope of their own.
        CommandSpec spec = new CommandSpec(argv, cwd, env, timeout, null).unscoped();
        if (a.get("__runas") != null) spec = RunAs.as(a.get("__runas").toString(), spec);
        return ctx.run(spec);
    }

    /** How a guard is shown in comments: the way it was written. */
    static String display(Object value) {
        if (value instanceof List<?> list) return String.join(" ", list.stream().map(String::valueOf).toList());
        return String.valueOf(value);
    }
}
