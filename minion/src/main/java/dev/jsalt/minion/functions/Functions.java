package dev.jsalt.minion.functions;

import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Args;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The allow-list of remote-execution functions. A job naming anything else is refused; nothing is looked up by
 * reflection or by name beyond this table.
 */
public final class Functions {
    private final Map<String, ExecFunction> table = new TreeMap<>();

    public Functions() {
        table.put("test.ping", (job, ctx) -> FunctionResult.ok(true));
        table.put("test.echo", (job, ctx) -> FunctionResult.ok(job.args().isEmpty() ? "" : String.valueOf(job.args().get(0))));
        table.put("test.sleep", Functions::sleep);
        table.put("cmd.run", Functions::cmdRun);
        table.put("grains.items", (job, ctx) -> FunctionResult.ok(ctx.grains().get()));
        table.put("grains.get", Functions::grainsGet);
        table.put("dns.query", Functions::dnsQuery);
    }

    /** Adds a function (used for state.apply and modules' check functions, wired by the daemon). */
    public void register(String name, ExecFunction f) { table.put(name, f); }

    /**
     * A function made on its first call: its classes (and their static tables) are loaded when a job first needs it,
     * not when an idle minion starts.
     */
    public static ExecFunction lazily(Supplier<? extends ExecFunction> make) {
        Supplier<? extends ExecFunction> made = once(make);
        return (job, ctx) -> made.get().call(job, ctx);
    }

    /** {@code make}'s value, made on the first {@code get()} (by one thread; the others wait) and kept. */
    public static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v != null) return v;
                synchronized (this) {
                    if (value == null) value = java.util.Objects.requireNonNull(make.get());
                    return value;
                }
            }
        };
    }

    public Optional<ExecFunction> get(String name) { return Optional.ofNullable(table.get(name)); }

    public Set<String> names() { return table.keySet(); }

    private static FunctionResult sleep(JobRequest job, FunctionContext ctx) throws InterruptedException {
        double seconds;
        try {
            seconds = job.args().isEmpty() ? 1 : Double.parseDouble(String.valueOf(job.args().get(0)));
        } catch (NumberFormatException e) {
            seconds = -1; // reported below
        }
        if (!(seconds >= 0 && seconds <= 86400)) {
            throw new IllegalArgumentException("test.sleep takes 0 to 86400 seconds, got '" + job.args().get(0) + "'");
        }
        Thread.sleep((long) (seconds * 1000));
        return FunctionResult.ok(true);
    }

    /**
     * {@code dns.query NAME [TYPE] [@SERVER]}: what a name server answers, as {@code dig} asks it (TYPE defaults to A;
     * without @SERVER the minion's own resolver is asked). For runbooks: {@code jsalt.wait} with
     * {@code until: ['answer == 192.0.2.1']}. See docs/states/dns.md.
     */
    private static FunctionResult dnsQuery(JobRequest job, FunctionContext ctx) {
        List<Object> args = job.args();
        if (args.isEmpty() || args.size() > 3) throw new IllegalArgumentException("dns.query takes NAME [TYPE] [@SERVER], e.g. dns.query blog.example.test A @192.0.2.53");
        String name = String.valueOf(args.get(0));
        String type = "A";
        java.net.InetSocketAddress server = null;
        for (Object o : args.subList(1, args.size())) {
            String s = String.valueOf(o);
            if (s.startsWith("@")) {
                if (server != null) throw new IllegalArgumentException("dns.query: two servers given");
                server = dev.jsalt.cloud.dns.DnsVerifier.server(s.substring(1));
            } else {
                type = s;
            }
        }
        return FunctionResult.ok(new dev.jsalt.cloud.dns.DnsVerifier(Duration.ofSeconds(5)).query(server, name, type));
    }

    private static FunctionResult grainsGet(JobRequest job, FunctionContext ctx) {
        if (job.args().isEmpty()) throw new IllegalArgumentException("grains.get needs a key, e.g. grains.get role");
        String key = String.valueOf(job.args().get(0));
        Object cur = ctx.grains().get();
        for (String part : key.split(":")) {
            if (!(cur instanceof Map<?, ?> m)) {
                cur = null;
                break;
            }
            cur = m.get(part);
        }
        Object def = job.args().size() > 1 ? job.args().get(1) : "";
        return FunctionResult.ok(cur == null ? def : cur);
    }

    private static FunctionResult cmdRun(JobRequest job, FunctionContext ctx) throws Exception {
        if (job.args().isEmpty()) throw new IllegalArgumentException("cmd.run needs a command");
        boolean shell = flag(job, "shell");
        List<String> argv;
        if (job.args().size() > 1) {
            argv = job.args().stream().map(String::valueOf).toList();
        } else {
            String line = String.valueOf(job.args().get(0));
            argv = shell ? List.of("/bin/sh", "-c", line) : dev.jsalt.minion.exec.ShellWords.split(line);
        }
        Duration timeout = job.kwargs().containsKey("timeout") ? seconds(job, "timeout") : CommandSpec.DEFAULT_TIMEOUT;
        // Like a state's command, in a scope of its own where systemd runs: a restart of the minion (even one this very
        // command causes) neither kills it nor loses its result.
        CommandResult r = ctx.commands().run(CommandSpec.of(argv).withTimeout(timeout).withScope(CommandSpec.Scope.TRANSIENT));
        return cmdResult(r);
    }

    /** cmd.run's return for a finished command (also for one a previous minion process started). */
    public static FunctionResult cmdResult(CommandResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("retcode", r.exitCode());
        out.put("stdout", r.stdout());
        out.put("stderr", r.stderr());
        if (r.timedOut()) out.put("timed_out", true);
        return r.ok() ? FunctionResult.ok(out) : FunctionResult.failed(r.timedOut() ? 124 : r.exitCode(), out);
    }

    /**
     * A yes/no kwarg ({@code test=true}), read like a state's boolean args; absent is false, and a word that is
     * neither fails naming the kwarg (so {@code test=on} is a test run, and {@code test=maybe} no real one).
     */
    static boolean flag(JobRequest job, String key) {
        Object v = job.kwargs().get(key);
        if (v == null) return false;
        Boolean b = Args.truth(v);
        if (b == null) throw new IllegalArgumentException(job.fun() + ": " + key + " must be true or false, got '" + v + "'");
        return b;
    }

    /** A kwarg holding whole seconds (0 or more), failing with a message naming it. */
    static Duration seconds(JobRequest job, String key) {
        Object v = job.kwargs().get(key);
        try {
            long n = Long.parseLong(String.valueOf(v).trim());
            if (n >= 0) return Duration.ofSeconds(n);
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(job.fun() + ": " + key + " must be a number of seconds, got '" + v + "'");
    }
}
