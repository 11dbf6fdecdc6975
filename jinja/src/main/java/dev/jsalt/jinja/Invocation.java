package dev.jsalt.jinja;

import dev.jsalt.jinja.runtime.Context;
import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.Missing;

import java.util.List;
import java.util.Map;

/**
 * One call from a template: the evaluated positional and keyword arguments, and the render context (what a
 * Jinja2 {@code @pass_context} function receives: variables set in the enclosing loop or block are visible).
 * For a filter or a test, the value is {@code args().get(0)}.
 */
public final class Invocation {
    private final Context context;
    private final List<Object> args;
    private final Map<String, Object> kwargs;
    private final Map<String, Object> loopVars;
    private final Map<String, Object> blockVars;
    private Context derived;

    public Invocation(Context context, List<Object> args, Map<String, Object> kwargs, Map<String, Object> loopVars,
                      Map<String, Object> blockVars) {
        this.context = context;
        this.args = args;
        this.kwargs = kwargs;
        this.loopVars = loopVars;
        this.blockVars = blockVars;
    }

    public Invocation(Context context, List<Object> args, Map<String, Object> kwargs) {
        this(context, args, kwargs, null, null);
    }

    /** Positional arguments (unmodifiable from the caller's point of view). */
    public List<Object> args() {
        return args;
    }

    /** Keyword arguments in call order. */
    public Map<String, Object> kwargs() {
        return kwargs;
    }

    /** The i-th positional argument, or {@link Missing#MISSING}. */
    public Object arg(int i) {
        return i < args.size() ? args.get(i) : Missing.MISSING;
    }

    /** The context as Jinja2 passes it to a pass_context function (derived with loop and block variables). */
    public Context context() {
        if (derived == null) {
            Context c = context;
            if (loopVars != null && !loopVars.isEmpty()) {
                c = c.derived(loopVars);
            }
            if (blockVars != null && !blockVars.isEmpty()) {
                c = c.derived(blockVars);
            }
            derived = c;
        }
        return derived;
    }

    /** The context of the calling template, without deriving (cheap; for the engine's own builtins). */
    public Context callerContext() {
        return context;
    }

    public Environment environment() {
        return context.environment();
    }

    /**
     * Binds the arguments like a Python function {@code function(names...)} with the given defaults (one per
     * trailing name; {@link Missing#MISSING} for none), raising Python's TypeError on a mismatch.
     */
    public Object[] bind(String function, String[] names, Object... defaults) {
        return Args.bind(function, args, kwargs, names, defaults);
    }
}
