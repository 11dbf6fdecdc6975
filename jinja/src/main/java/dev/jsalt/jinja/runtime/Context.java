package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Undefined;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jinja2's template Context: the variables a template was rendered with ({@code parent}: globals under the
 * render's variables), the top-level names it set ({@code vars}), which of those it exports, and the block
 * stacks of its inheritance chain. Host functions get it through {@link dev.jsalt.jinja.Invocation#context()}.
 */
public final class Context {
    private final RenderState state;
    final Map<String, Object> parent;
    final Map<String, Object> vars = new HashMap<>();
    final Set<String> exportedVars = new LinkedHashSet<>();
    private final String name;
    final Set<String> globalsKeys;
    final Map<String, List<BlockFn>> blocks;

    private Context(RenderState state, Map<String, Object> parent, String name, Map<String, BlockFn> blocks, Set<String> globalsKeys) {
        this.state = state;
        this.parent = parent;
        this.name = name;
        this.globalsKeys = globalsKeys;
        this.blocks = new LinkedHashMap<>();
        for (Map.Entry<String, BlockFn> e : blocks.entrySet()) {
            List<BlockFn> stack = new ArrayList<>();
            stack.add(e.getValue());
            this.blocks.put(e.getKey(), stack);
        }
    }

    /** Jinja2's new_context(). {@code globals} may be null; {@code locals} values that are missing are skipped. */
    public static Context create(RenderState state, String templateName, Map<String, BlockFn> blocks, Map<String, Object> vars,
                                 boolean shared, Map<String, Object> globals, Map<String, Object> locals) {
        if (vars == null) {
            vars = new HashMap<>();
        }
        Map<String, Object> parent;
        if (shared) {
            parent = vars;
        } else {
            parent = new HashMap<>();
            if (globals != null) {
                parent.putAll(globals);
            }
            parent.putAll(vars);
        }
        if (locals != null && !locals.isEmpty()) {
            if (shared) {
                parent = new HashMap<>(parent);
            }
            for (Map.Entry<String, Object> e : locals.entrySet()) {
                if (e.getValue() != Missing.MISSING) {
                    parent.put(e.getKey(), e.getValue());
                }
            }
        }
        Set<String> globalsKeys = globals == null ? Collections.emptySet() : globals.keySet();
        return new Context(state, parent, templateName, blocks, globalsKeys);
    }

    public RenderState state() {
        return state;
    }

    public Environment environment() {
        return state.env;
    }

    /** The name of the template this context renders (null for one made from a string). */
    public String templateName() {
        return name;
    }

    /** A variable's value, or {@link Missing#MISSING}. */
    public Object resolveOrMissing(String key) {
        Object v = vars.get(key);
        if (v != null || vars.containsKey(key)) {
            return v;
        }
        v = parent.get(key);
        if (v != null || parent.containsKey(key)) {
            return v;
        }
        return Missing.MISSING;
    }

    /** A variable's value, or an Undefined for it (Jinja2's Context.resolve). */
    public Object resolve(String key) {
        Object v = resolveOrMissing(key);
        return v == Missing.MISSING ? Undefined.name(key) : v;
    }

    /** Every variable (render variables and globals under the template's own top-level names). */
    public Map<String, Object> getAll() {
        if (vars.isEmpty()) {
            return parent;
        }
        if (parent.isEmpty()) {
            return vars;
        }
        Map<String, Object> all = new HashMap<>(parent);
        all.putAll(vars);
        return all;
    }

    /** The top-level names the template exports ({@code set} and macros not starting with an underscore). */
    public Map<String, Object> getExported() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : exportedVars) {
            out.put(k, vars.get(k));
        }
        return out;
    }

    /** Jinja2's Context.derived(locals): an independent context seeing this one's variables plus locals. */
    public Context derived(Map<String, Object> locals) {
        Context c = create(state, name, Map.of(), getAll(), true, null, locals);
        for (Map.Entry<String, List<BlockFn>> e : blocks.entrySet()) {
            c.blocks.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        return c;
    }

    void setVar(String key, Object value) {
        vars.put(key, value);
    }
}
