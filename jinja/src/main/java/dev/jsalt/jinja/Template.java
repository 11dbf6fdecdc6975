package dev.jsalt.jinja;

import dev.jsalt.jinja.runtime.CompiledTemplate;
import dev.jsalt.jinja.runtime.Context;
import dev.jsalt.jinja.runtime.Out;
import dev.jsalt.jinja.runtime.RenderState;
import dev.jsalt.jinja.runtime.Runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * A compiled template. Immutable and safe to render from many threads at once: every render gets its own
 * state. Rendering returns the output (Jinja2's {@code render()}, so without the one trailing newline the lexer
 * drops unless keep_trailing_newline) or throws a {@link JinjaException}.
 */
public final class Template {
    private final Environment env;
    private final CompiledTemplate compiled;

    Template(Environment env, CompiledTemplate compiled) {
        this.env = env;
        this.compiled = compiled;
    }

    /** The compiled form (shared by every Template for the same name and source). */
    public CompiledTemplate compiled() {
        return compiled;
    }

    /** The loader name, or null for a template made from a string. */
    public String name() {
        return compiled.name();
    }

    public String render(Map<String, ?> vars) {
        return render(RenderRequest.of(vars));
    }

    public String render(Map<String, ?> vars, Map<String, ?> globals) {
        return render(RenderRequest.of(vars).withGlobals(globals));
    }

    public String render(RenderRequest request) {
        Limits limits = request.limits() != null ? request.limits() : env.limits();
        TemplateLoader loader = request.loader() != null ? request.loader() : env.loader();
        RenderState state = new RenderState(env, limits, loader, request.cancel(), request.environmentGlobals());
        Map<String, Object> globals = state.globals;
        if (!request.globals().isEmpty()) {
            globals = new HashMap<>(globals);
            globals.putAll(request.globals());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = new HashMap<>((Map<String, Object>) request.vars());
        Out out = state.newOut();
        try {
            state.checkClock();
            Context ctx = Context.create(state, compiled.name(), compiled.blocks(), vars, false, globals, null);
            compiled.root(ctx, out);
        } catch (JinjaException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new LimitExceededError("max recursion depth", limits.maxRecursionDepth(), "Java stack exhausted");
        } catch (RuntimeException e) {
            throw Runtime.internal(e);
        }
        return out.result();
    }
}
