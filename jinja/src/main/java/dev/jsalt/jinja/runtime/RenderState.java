package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.CancelToken;
import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.LimitExceededError;
import dev.jsalt.jinja.Limits;
import dev.jsalt.jinja.RenderCancelledError;
import dev.jsalt.jinja.TemplateLoader;
import dev.jsalt.jinja.value.Ops;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Everything one render owns: counters for the limits, the clock, cancellation, imported modules. */
public final class RenderState {
    public final Environment env;
    public final Limits limits;
    public final TemplateLoader loader;
    /**
     * The environment-level globals of this render: the environment's own, or, when the host supplies a map for this
     * render ({@link dev.jsalt.jinja.RenderRequest#withEnvironmentGlobals}), that live map over them. Templates loaded
     * during the render (imports, includes) see it as it is when they are loaded, so a host loader may update it.
     */
    public final Map<String, Object> globals;
    private final long deadline;
    private final CancelToken cancel;
    private long iterations;
    private int depth;
    private int sinceClock;
    /** Modules of templates imported without context, per render (Jinja2 caches them on the Template). */
    final Map<CompiledTemplate, TemplateModule> defaultModules = new IdentityHashMap<>();
    /** Templates being included/imported/extended, outermost first (for cycle messages). */
    final List<String> chain = new ArrayList<>();
    public final Ops.SizeCheck size;

    public RenderState(Environment env, Limits limits, TemplateLoader loader, CancelToken cancel) {
        this(env, limits, loader, cancel, null);
    }

    public RenderState(Environment env, Limits limits, TemplateLoader loader, CancelToken cancel, Map<String, Object> envGlobals) {
        this.env = env;
        this.globals = envGlobals == null ? env.globals() : new LayeredMap(envGlobals, env.globals());
        this.limits = limits;
        this.loader = loader;
        this.cancel = cancel;
        long timeout = limits.timeout().toNanos();
        this.deadline = System.nanoTime() + (timeout <= 0 ? Long.MAX_VALUE / 4 : timeout);
        long max = limits.maxOutputChars();
        this.size = n -> {
            if (n > max) {
                throw new LimitExceededError("max output characters", max);
            }
        };
    }

    /** One loop iteration. */
    public void tick() {
        if (++iterations > limits.maxLoopIterations()) {
            throw new LimitExceededError("max loop iterations", limits.maxLoopIterations());
        }
        if (++sinceClock >= 256) {
            checkClock();
        }
    }

    /** The deadline, the cancel token and the thread's interrupt flag. */
    public void checkClock() {
        sinceClock = 0;
        if (cancel != null && cancel.isCancelled()) {
            throw new RenderCancelledError("render cancelled");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new RenderCancelledError("render interrupted");
        }
        if (System.nanoTime() - deadline > 0) {
            throw new LimitExceededError("render timeout in milliseconds", limits.timeout().toMillis());
        }
    }

    /** Entering a macro call, include, import, extends or recursive loop level. */
    public void enter() {
        if (++depth > limits.maxRecursionDepth()) {
            depth--;
            String detail = chain.isEmpty() ? null : "template chain " + String.join(" -> ", chain);
            throw detail == null ? new LimitExceededError("max recursion depth", limits.maxRecursionDepth())
                    : new LimitExceededError("max recursion depth", limits.maxRecursionDepth(), detail);
        }
        checkClock();
    }

    public void leave() {
        depth--;
    }

    public Out newOut() {
        return new Out(limits.maxOutputChars());
    }
}
