package dev.jsalt.minion.states.cmd;

import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.exec.RunAs;
import dev.jsalt.minion.exec.ShellWords;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.StateOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code cmd.run}, {@code cmd.wait}, {@code cmd.script}: run a command (without a shell unless {@code shell: true}).
 * The guards that keep them idempotent ({@code creates}, {@code onlyif}, {@code unless}) are the engine's, as for every
 * state; they run with this state's cwd, env, runas and timeout. {@code cmd.wait} runs only as a watch reaction.
 */
public final class CmdModule implements StateModule {
    private static final Logger log = LoggerFactory.getLogger(CmdModule.class);
    private static final List<String> COMMON = List.of("cwd", "runas", "shell", "env", "stateful", "output_loglevel",
            "hide_output", "success_retcodes", "timeout");
    static final Params RUN = Params.of("cmd.run", "name", COMMON);
    static final Params WAIT = Params.of("cmd.wait", "name", COMMON);
    static final Params SCRIPT = Params.of("cmd.script", "name", "args", "script_contents", "script_path", COMMON);

    @Override
    public String name() { return "cmd"; }

    @Override
    public Set<String> functions() { return Set.of("run", "wait", "script"); }

    private static Params params(Resource r) {
        return switch (r.function()) {
            case "run" -> RUN;
            case "wait" -> WAIT;
            case "script" -> SCRIPT;
            default -> throw new IllegalArgumentException("cmd has no function " + r.function());
        };
    }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws IOException {
        Args args = Args.of(r, params(r));
        if (r.function().equals("wait")) {
            Command c = Command.of(args, ctx); // checks the arguments now, runs only on a watch
            return Plan.inSync("cmd.wait runs " + c.shown + " only when a watched state changes");
        }
        return Command.of(args, ctx).plan(ctx);
    }

    @Override
    public Plan onWatch(Resource r, RunContext ctx, StateOutcome result) throws IOException {
        if (!r.function().equals("wait")) return null;
        return Command.of(Args.of(r, WAIT), ctx).plan(ctx);
    }

    /** Never runs the command a second time: it ran to its end while the minion restarted, its result is the outcome. */
    @Override
    public Plan.Done afterRestart(Resource r, RunContext ctx, CommandResult finished) throws IOException {
        return Command.of(Args.of(r, params(r)), ctx).judge(finished);
    }

    /** One command to run, read from the state's arguments. */
    private static final class Command {
        final Object command;
        final String shown;
        final boolean shell;
        final Path cwd;
        final Map<String, String> env;
        final Duration timeout;
        final String runas;
        final boolean stateful;
        final String loglevel;
        final boolean hide;
        final List<Integer> okCodes;
        final String script;
        final List<String> scriptArgs;
        final Args args;

        private Command(Args args, boolean script) {
            this.args = args;
            Object sh = args.raw("shell");
            if (sh != null && Args.truth(sh) == null) {
                throw args.bad("shell", "is true or false in jsalt (true runs the command with /bin/sh -c); a shell program"
                        + " such as '" + sh + "' is not supported");
            }
            shell = args.bool("shell", false);
            cwd = args.string("cwd").map(Path::of).orElse(null);
            if (cwd != null && !cwd.isAbsolute()) throw args.bad("cwd", "must be an absolute path");
            env = args.stringMap("env");
            timeout = args.number("timeout").map(Duration::ofSeconds).orElse(CommandSpec.DEFAULT_TIMEOUT);
            runas = args.string("runas").orElse(null);
            Object st = args.raw("stateful");
            if (st instanceof Map) throw args.bad("stateful", "with test_name is not supported; use stateful: true");
            stateful = args.bool("stateful", false);
            loglevel = args.string("output_loglevel", "debug").toLowerCase(Locale.ROOT);
            hide = args.bool("hide_output", false);
            okCodes = new ArrayList<>(List.of(0));
            for (Object o : args.list("success_retcodes")) {
                try {
                    okCodes.add(Integer.parseInt(o.toString().trim()));
                } catch (NumberFormatException e) {
                    throw args.bad("success_retcodes", "must be a list of exit codes, got '" + o + "'");
                }
            }
            if (script) {
                this.script = args.string("script_contents").orElseThrow(() -> args.bad("script_contents",
                        "is missing: the master ships the script (cmd.script needs a salt:// source)"));
                String shownPath = args.string("script_path", args.name());
                this.scriptArgs = args.has("args") ? ShellWords.split(args.required("args")) : List.of();
                this.command = null;
                this.shown = shownPath + (scriptArgs.isEmpty() ? "" : " " + String.join(" ", scriptArgs));
            } else {
                this.script = null;
                this.scriptArgs = List.of();
                this.command = args.has("name") ? args.raw("name") : args.name();
                CommandForm.argv(command, shell, "name"); // refuses a bad command line before anything runs
                this.shown = CommandForm.display(command);
            }
        }

        static Command of(Args args, RunContext ctx) {
            return new Command(args, args.resource().function().equals("script"));
        }

        Plan plan(RunContext ctx) {
            Plan.Changes p = Plan.change(Map.of("command", shown), "Command \"" + shown + "\" would have been executed",
                    () -> run(ctx));
            if (cwd != null && !Files.isDirectory(cwd)) {
                // Otherwise the exec error reads as if the program were missing ("Cannot run program ... No such file").
                p = Plan.change(Map.of("command", shown), "Command \"" + shown + "\" would have been executed (its cwd "
                        + cwd + " does not exist yet: an earlier state must create it)", () -> run(ctx))
                        .assuming("argument 'cwd' of " + args.resource().fun() + " " + cwd + " is not a directory on this minion");
            }
            if (runas != null && RunAs.lookup(runas).isEmpty()) {
                p = p.assuming("runas: user " + runas + " does not exist");
            }
            return p;
        }

        private Plan.Done run(RunContext ctx) throws IOException {
            Path scriptFile = null;
            try {
                List<String> argv;
                if (script != null) {
                    scriptFile = writeScript(ctx);
                    argv = new ArrayList<>(List.of(scriptFile.toString()));
                    argv.addAll(scriptArgs);
                } else {
                    argv = CommandForm.argv(command, shell, "name");
                }
                CommandSpec spec = new CommandSpec(argv, cwd, env, timeout, null);
                if (runas != null) spec = RunAs.as(runas, spec);
                return judge(ctx.run(spec));
            } finally {
                if (scriptFile != null) {
                    Files.deleteIfExists(scriptFile);
                    Files.deleteIfExists(scriptFile.getParent());
                }
            }
        }

        /** The outcome of the command's run: exit code against success_retcodes, stateful output, timeouts. */
        Plan.Done judge(CommandResult res) {
            logOutput(res);
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("retcode", res.exitCode());
            if (!hide) {
                changes.put("stdout", res.stdout());
                changes.put("stderr", res.stderr());
            }
            String what = (script != null ? "Script " : "Command ") + "\"" + shown + "\"";
            if (res.timedOut()) {
                return Plan.Done.failed(changes, what + " timed out after " + timeout.toSeconds() + " s");
            }
            if (!okCodes.contains(res.exitCode())) {
                String last = hide ? "" : res.lastLine();
                return Plan.Done.failed(changes, what + " failed with exit code " + res.exitCode()
                        + (last.isEmpty() ? "" : ": " + last));
            }
            if (stateful) return Stateful.result(res, changes, what);
            return Plan.Done.ok(changes, what + " run");
        }

        /** The script in a fresh 0700 directory (readable by the runas user when there is one). */
        private Path writeScript(RunContext ctx) throws IOException {
            Path dir = Files.createTempDirectory("jsalt-script-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve(Path.of(args.string("script_path", "script").replaceFirst("^salt://", "")).getFileName());
            Files.writeString(file, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            if (runas != null) {
                RunAs.Account a = RunAs.lookup(runas).orElseThrow(() -> new IllegalArgumentException("runas: user " + runas + " does not exist"));
                for (Path p : List.of(dir, file)) {
                    Files.setAttribute(p, "unix:uid", a.uid());
                    Files.setAttribute(p, "unix:gid", a.gid());
                }
            }
            return file;
        }

        private void logOutput(CommandResult res) {
            if (loglevel.equals("quiet")) return;
            String line = "{} exit {}: stdout: {} stderr: {}";
            Object[] a = {shown, res.exitCode(), res.stdout().strip(), res.stderr().strip()};
            switch (loglevel) {
                case "trace", "garbage", "all" -> log.trace(line, a);
                case "info", "profile" -> log.info(line, a);
                case "warning", "warn" -> log.warn(line, a);
                case "error", "critical" -> log.error(line, a);
                default -> log.debug(line, a);
            }
        }
    }

    /**
     * Salt's stateful commands: the last line of stdout says what happened, as {@code changed=yes comment='...'}
     * (shell words of key=value) or a JSON object; the other lines are the output.
     */
    static final class Stateful {
        private Stateful() {
        }

        static Plan.Done result(CommandResult res, Map<String, Object> changes, String what) {
            String out = res.stdout().stripTrailing();
            int nl = out.lastIndexOf('\n');
            String last = nl < 0 ? out : out.substring(nl + 1);
            Map<String, Object> said = parse(last.strip());
            if (said == null) return Plan.Done.ok(changes, what + " run (stateful, but its last line says nothing: " + last + ")");
            if (changes.containsKey("stdout")) changes.put("stdout", nl < 0 ? "" : out.substring(0, nl));
            String comment = said.get("comment") == null ? what + " run" : String.valueOf(said.get("comment"));
            Boolean changed = Args.truth(said.getOrDefault("changed", "yes"));
            said.forEach((k, v) -> { if (!k.equals("changed") && !k.equals("comment")) changes.put(k, v); });
            if (Boolean.FALSE.equals(changed)) return Plan.Done.same(comment);
            return Plan.Done.ok(changes, comment);
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parse(String line) {
            if (line.startsWith("{")) {
                try {
                    return new LinkedHashMap<>(Json.read(line.getBytes(StandardCharsets.UTF_8), Map.class));
                } catch (RuntimeException e) {
                    return null;
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            try {
                for (String w : ShellWords.split(line)) {
                    int eq = w.indexOf('=');
                    if (eq <= 0) return null;
                    out.put(w.substring(0, eq), w.substring(eq + 1));
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
            return out.containsKey("changed") || out.containsKey("comment") ? out : null;
        }
    }
}
