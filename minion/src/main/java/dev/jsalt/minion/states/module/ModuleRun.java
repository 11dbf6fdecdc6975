package dev.jsalt.minion.states.module;

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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code module.run} in Salt's new-style syntax: each execution function is a key with its arguments (positional
 * values and {@code key: value} keyword arguments). The master ships them as {@code functions: [{fun, args, kwargs}]}.
 * A test run reports "Function X to be executed." and calls nothing. The functions it can call are listed in
 * {@link #FUNCTIONS}; the master refuses others.
 */
public final class ModuleRun implements StateModule {
    static final Params RUN = Params.of("module.run", "name", "functions");
    /** The execution functions module.run calls (the catalog's module.run doc lists them too). */
    public static final Set<String> FUNCTIONS = dev.jsalt.common.catalog.Catalog.MODULE_RUN_FUNCTIONS;

    @Override
    public String name() { return "module"; }

    @Override
    public Set<String> functions() { return Set.of("run"); }

    /** One call. */
    record Call(String fun, List<Object> args, Map<String, Object> kwargs) {
    }

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        Args a = Args.of(r, RUN);
        List<Call> calls = new ArrayList<>();
        for (Object o : a.list("functions")) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("fun") instanceof String fun)) throw a.bad("functions", "must be a list of {fun, args, kwargs}");
            if (!FUNCTIONS.contains(fun)) {
                throw a.bad("functions", "names " + fun + ", which module.run cannot call in jsalt (it calls: "
                        + String.join(", ", new java.util.TreeSet<>(FUNCTIONS)) + ")");
            }
            List<Object> args = m.get("args") instanceof List<?> l ? new ArrayList<>(l) : List.of();
            Map<String, Object> kwargs = new LinkedHashMap<>();
            if (m.get("kwargs") instanceof Map<?, ?> k) k.forEach((x, y) -> kwargs.put(String.valueOf(x), y));
            calls.add(new Call(fun, args, kwargs));
        }
        if (calls.isEmpty()) return Plan.failed("module.run names no function (Salt's new style: - test.ping: [])");
        List<String> would = calls.stream().map(c -> "Function " + c.fun() + " to be executed.").toList();
        return Plan.change(Map.of(), String.join(" ", would), () -> {
            Map<String, Object> changes = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            List<String> success = new ArrayList<>();
            for (Call c : calls) {
                Object ret;
                boolean ok;
                try {
                    Result res = call(c, ctx);
                    ret = res.value();
                    ok = res.ok();
                } catch (IllegalArgumentException e) {
                    ret = e.getMessage();
                    ok = false;
                }
                if (ok) {
                    changes.put(c.fun(), ret);
                    success.add(c.fun() + ": " + ret);
                } else {
                    failures.add("'" + c.fun() + "': " + ret);
                }
            }
            List<String> all = new ArrayList<>(failures);
            all.addAll(success);
            String comment = String.join(", ", all);
            return failures.isEmpty() ? Plan.Done.ok(changes, comment) : Plan.Done.failed(changes, comment);
        });
    }

    record Result(Object value, boolean ok) {
    }

    private static Result call(Call c, RunContext ctx) throws Exception {
        return switch (c.fun()) {
            case "test.ping", "test.true" -> new Result(true, true);
            case "test.false" -> new Result(false, false);
            case "test.echo" -> new Result(String.valueOf(arg(c, 0, "text", "")), true);
            case "test.sleep" -> {
                double s = Double.parseDouble(String.valueOf(arg(c, 0, "length", 1)));
                if (!(s >= 0 && s <= 86400)) throw new IllegalArgumentException("test.sleep takes 0 to 86400 seconds");
                Thread.sleep((long) (s * 1000));
                yield new Result(true, true);
            }
            case "cmd.run", "cmd.retcode" -> {
                CommandResult res = command(c, ctx);
                if (c.fun().equals("cmd.retcode")) yield new Result(res.exitCode(), true);
                yield new Result(res.stdout().stripTrailing(), res.ok());
            }
            case "grains.get" -> {
                Object cur = ctx.grains();
                for (String part : String.valueOf(arg(c, 0, "key", "")).split(":")) {
                    cur = cur instanceof Map<?, ?> m ? m.get(part) : null;
                }
                yield new Result(cur == null ? arg(c, 1, "default", "") : cur, true);
            }
            case "grains.items" -> new Result(ctx.grains(), true);
            default -> throw new IllegalArgumentException("module.run cannot call " + c.fun());
        };
    }

    private static Object arg(Call c, int i, String kw, Object dflt) {
        if (c.kwargs().containsKey(kw)) return c.kwargs().get(kw);
        return c.args().size() > i ? c.args().get(i) : dflt;
    }

    /** cmd.run / cmd.retcode: argv without a shell unless {@code python_shell: true}, as jsalt's cmd.run state. */
    private static CommandResult command(Call c, RunContext ctx) throws Exception {
        Object cmd = arg(c, 0, "cmd", null);
        if (cmd == null) throw new IllegalArgumentException(c.fun() + " needs cmd");
        boolean shell = Boolean.TRUE.equals(Args.truth(c.kwargs().get("python_shell")));
        List<String> argv;
        if (cmd instanceof List<?> l) argv = l.stream().map(String::valueOf).toList();
        else argv = shell ? List.of("/bin/sh", "-c", cmd.toString()) : ShellWords.split(cmd.toString());
        Path cwd = c.kwargs().get("cwd") == null ? null : Path.of(c.kwargs().get("cwd").toString());
        Duration timeout = c.kwargs().get("timeout") == null ? CommandSpec.DEFAULT_TIMEOUT
                : Duration.ofSeconds(Long.parseLong(c.kwargs().get("timeout").toString().trim()));
        Map<String, String> env = new LinkedHashMap<>();
        if (c.kwargs().get("env") instanceof Map<?, ?> m) m.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        CommandSpec spec = new CommandSpec(argv, cwd, env, timeout, null);
        if (c.kwargs().get("runas") != null) spec = RunAs.as(c.kwargs().get("runas").toString(), spec);
        return ctx.run(spec);
    }
}
