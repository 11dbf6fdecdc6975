package dev.jsalt.master.compile.render;

import com.hubspot.jinjava.el.ext.AbstractCallableMethod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Python-style callable for templates: positional and keyword arguments are matched to declared names with
 * defaults, exactly as Jinjava does for macros, so {@code salt['pillar.get']('a:b', default='x')} works.
 */
final class CallableFn extends AbstractCallableMethod {
    private final Function<Args, Object> body;

    /** Declared arguments and defaults, in order: {@code "key", null, "default", ""}. */
    CallableFn(String name, Function<Args, Object> body, Object... namesAndDefaults) {
        super(name, declare(namesAndDefaults));
        this.body = body;
    }

    @Override
    public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
        return body.apply(new Args(getName(), argMap, kwargMap, varArgs));
    }

    private static LinkedHashMap<String, Object> declare(Object[] namesAndDefaults) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndDefaults.length; i += 2) m.put((String) namesAndDefaults[i], namesAndDefaults[i + 1]);
        return m;
    }

    /** The arguments of one call. */
    record Args(String function, Map<String, Object> named, Map<String, Object> extraKw, List<Object> extra) {
        Object get(String name) {
            return named.get(name);
        }

        String string(String name) {
            Object v = named.get(name);
            return v == null ? null : String.valueOf(v);
        }

        boolean truthy(String name) {
            Object v = named.get(name);
            return v != null && !Boolean.FALSE.equals(v) && !"".equals(v) && !Integer.valueOf(0).equals(v) && !Long.valueOf(0).equals(v);
        }

        RuntimeException fail(String problem) {
            return new TemplateFailure(function + ": " + problem);
        }
    }
}
