package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.TemplateNotFound;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.UndefinedError;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.Undefined;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the compiled code calls at runtime: context updates, blocks, template loading, includes and imports. */
public final class Runtime {
    private Runtime() {
    }

    /** A Java exception escaping an operation, as a template error (never a raw ClassCastException). */
    public static JinjaException internal(RuntimeException e) {
        if (e instanceof JinjaException j) {
            return j;
        }
        if (e instanceof ConcurrentModificationException) {
            return Py.error(PythonError.Kind.RuntimeError, "dictionary changed size during iteration");
        }
        if (e instanceof UnsupportedOperationException) {
            return Py.typeError("a host collection is read-only");
        }
        return new TemplateRuntimeError("internal error in jsalt's Jinja engine: " + e, e);
    }

    /**
     * Calls a host function, filter or test. A JinjaException passes through; any other exception the host code
     * throws becomes a TemplateRuntimeError with the host's message, the exception kept as the cause.
     */
    public static Object callHost(dev.jsalt.jinja.JinjaCallable fn, dev.jsalt.jinja.Invocation call) {
        try {
            return fn.call(call);
        } catch (JinjaException e) {
            throw e;
        } catch (RuntimeException e) {
            String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new TemplateRuntimeError(msg, e);
        }
    }

    public static void setVar(Context ctx, String name, Object value) {
        ctx.vars.put(name, value);
    }

    public static void export(Context ctx, String name) {
        ctx.exportedVars.add(name);
    }

    public static void unexport(Context ctx, String name) {
        ctx.exportedVars.remove(name);
    }

    // ---- blocks -----------------------------------------------------------------------------------------------

    /** Jinja2's Context.super(name, current). */
    public static Object superBlock(Context ctx, String name, BlockFn current) {
        List<BlockFn> blocks = ctx.blocks.get(name);
        int index = -1;
        if (blocks != null) {
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i) == current) {
                    index = i;
                    break;
                }
            }
        }
        if (blocks == null || index < 0 || index + 1 >= blocks.size()) {
            return Undefined.hint("there is no parent block called " + Py.repr(name) + ".", "super");
        }
        return new BlockReference(name, ctx, blocks, index + 1);
    }

    public static void renderBlock(Context lookup, Context ctx, String name, boolean required, Out out) {
        List<BlockFn> stack = ctx.blocks.get(name);
        if (required && (stack == null || stack.size() <= 1)) {
            throw new TemplateRuntimeError("Required block " + Py.repr(name) + " not found");
        }
        stack.get(0).runner.run(ctx, out);
    }

    public static void addParentBlocks(Context ctx, CompiledTemplate parent) {
        for (Map.Entry<String, BlockFn> e : parent.blocks().entrySet()) {
            ctx.blocks.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    // ---- loading ----------------------------------------------------------------------------------------------

    /** Environment.get_template(name, parent). */
    public static CompiledTemplate getTemplate(RenderState state, Object name, String parent) {
        if (name instanceof Undefined u) {
            throw u.error();
        }
        if (name instanceof List || name instanceof Map || name instanceof Set) {
            throw Py.typeError("unhashable type: '" + Py.typeName(name) + "'");
        }
        String n = Py.isStr(name) ? Py.strValue(name) : null;
        CompiledTemplate t = n == null ? null : state.env.load(state.loader, n, parent);
        if (t == null) {
            throw new TemplateNotFound(Py.str(name), List.of(Py.str(name)), false);
        }
        return t;
    }

    /** Environment.select_template(names, parent). */
    public static CompiledTemplate selectTemplate(RenderState state, Object names, String parent) {
        if (names instanceof Undefined u) {
            throw u.error();
        }
        if (!Py.truthy(names)) {
            throw new TemplateNotFound("Tried to select from an empty list of templates.", List.of(), true);
        }
        List<Object> all = new ArrayList<>();
        for (Iterator<Object> it = Py.iter(names); it.hasNext(); ) {
            Object name = it.next();
            all.add(name);
            try {
                return getTemplate(state, name, parent);
            } catch (TemplateNotFound | UndefinedError ignored) {
                // try the next one
            }
        }
        List<String> parts = new ArrayList<>();
        for (Object name : all) {
            parts.add(name instanceof Undefined u ? u.message() : Py.str(name));
        }
        throw new TemplateNotFound("none of the templates given were found: " + String.join(", ", parts), parts, true);
    }

    public enum Select { GET, SELECT, GET_OR_SELECT }

    /** The template an include names, or null when it is missing and the include says {@code ignore missing}. */
    public static CompiledTemplate loadForInclude(RenderState state, Object name, String parent, Select mode, boolean ignoreMissing) {
        try {
            return switch (mode) {
                case GET -> getTemplate(state, name, parent);
                case SELECT -> selectTemplate(state, name, parent);
                case GET_OR_SELECT -> Py.isStr(name) || name instanceof Undefined ? getTemplate(state, name, parent)
                        : selectTemplate(state, name, parent);
            };
        } catch (TemplateNotFound e) {
            if (ignoreMissing) {
                return null;
            }
            throw e;
        }
    }

    private static void run(RenderState state, CompiledTemplate t, Context ctx, Out out) {
        state.chain.add(t.name());
        state.enter();
        try {
            t.root(ctx, out);
        } finally {
            state.leave();
            state.chain.remove(state.chain.size() - 1);
        }
    }

    public static void includeWithContext(Frame f, CompiledTemplate t, Map<String, Object> locals, Out out) {
        RenderState state = f.state;
        Context ctx = Context.create(state, t.name(), t.blocks(), f.ctx.getAll(), true, state.globals, locals);
        run(state, t, ctx, out);
    }

    public static void includeWithoutContext(Frame f, CompiledTemplate t, Out out) {
        out.write(cachedModule(f.state, t).body());
    }

    /** Template.make_module(vars, shared, locals). */
    public static TemplateModule makeModule(RenderState state, CompiledTemplate t, Map<String, Object> vars, boolean shared,
                                            Map<String, Object> locals) {
        Context ctx = Context.create(state, t.name(), t.blocks(), vars, shared, state.globals, locals);
        Out out = state.newOut();
        run(state, t, ctx, out);
        return new TemplateModule(t.name(), ctx.getExported(), out.result());
    }

    private static TemplateModule cachedModule(RenderState state, CompiledTemplate t) {
        TemplateModule m = state.defaultModules.get(t);
        if (m == null) {
            m = makeModule(state, t, null, false, null);
            state.defaultModules.put(t, m);
        }
        return m;
    }

    /** Template._get_default_module(ctx): the importer's extra globals make a fresh module, else the cached one. */
    public static TemplateModule defaultModule(RenderState state, CompiledTemplate t, Context ctx) {
        Map<String, Object> extra = new TreeMap<>();
        for (String k : ctx.globalsKeys) {
            if (!state.globals.containsKey(k)) {
                extra.put(k, ctx.parent.get(k));
            }
        }
        if (!extra.isEmpty()) {
            return makeModule(state, t, new java.util.HashMap<>(extra), false, null);
        }
        return cachedModule(state, t);
    }
}
