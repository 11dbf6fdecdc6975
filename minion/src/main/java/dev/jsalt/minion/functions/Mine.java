package dev.jsalt.minion.functions;

import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.common.wire.MinionMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The minion's mine: runs the functions named in {@code mine_functions} and sends their values to the master, at
 * start, every {@code mine_interval}, after a state run, and on request ({@code mine.update}). Only a change is sent,
 * so a converged fleet costs the master nothing.
 *
 * <p>Config forms (as in Salt): {@code alias: {mine_function: fun, arg: value...}} or {@code fun: [args]}.
 */
public final class Mine {
    private static final Logger log = LoggerFactory.getLogger(Mine.class);
    private static final long INTERVAL_MILLIS = 60 * 60_000;

    private final Map<String, Object> definitions;
    private final Functions functions;
    private final FunctionContext ctx;
    private final Consumer<MinionMessage> send;
    private Map<String, Object> lastSent;
    private volatile long nextRun;

    public Mine(Map<String, Object> definitions, Functions functions, FunctionContext ctx, Consumer<MinionMessage> send) {
        this.definitions = definitions == null ? Map.of() : definitions;
        this.functions = functions;
        this.ctx = ctx;
        this.send = send;
    }

    /** Asks for an update at the next tick. */
    public void refreshSoon() { nextRun = 0; }

    /** Called every second on the connection thread; the work runs on {@code pool}. */
    public void tick(Executor pool) {
        if (definitions.isEmpty() || System.currentTimeMillis() < nextRun) return;
        nextRun = System.currentTimeMillis() + INTERVAL_MILLIS;
        pool.execute(() -> update(false));
    }

    /** Evaluates every mine function; sends the values if they changed (or always, when {@code force}). */
    public synchronized Map<String, Object> update(boolean force) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : definitions.entrySet()) {
            try {
                data.put(e.getKey(), evaluate(e.getKey(), e.getValue()));
            } catch (Exception ex) {
                log.warn("mine function {} failed: {}", e.getKey(), ex.getMessage());
            }
        }
        if (force || !data.equals(lastSent)) {
            send.accept(new MinionMessage.MineUpdate(data));
            lastSent = data;
        }
        return data;
    }

    @SuppressWarnings("unchecked")
    private Object evaluate(String alias, Object def) throws Exception {
        String fun = alias;
        List<Object> args = List.of();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        if (def instanceof Map<?, ?> m) {
            kwargs.putAll((Map<String, Object>) m);
            Object f = kwargs.remove("mine_function");
            if (f != null) fun = String.valueOf(f);
            Object a = kwargs.remove("args");
            if (a instanceof List<?> l) args = (List<Object>) l;
        } else if (def instanceof List<?> l) {
            args = (List<Object>) l;
        }
        String name = fun;
        ExecFunction f = functions.get(name).orElseThrow(() -> new IllegalArgumentException("unknown function " + name));
        if (fun.equals("state.apply") || fun.equals("mine.update")) throw new IllegalArgumentException(fun + " cannot be a mine function");
        JobRequest job = new JobRequest("00000000000000000000", ctx.minionId(), fun, args, kwargs, 0, 0, "mine");
        FunctionResult r = f.call(job, ctx);
        if (!r.success()) throw new IllegalStateException(String.valueOf(r.result()));
        return r.result();
    }
}
