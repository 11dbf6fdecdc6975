package dev.jsalt.master.compile.salt;

import dev.jsalt.common.target.Globs;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.JinjaObject;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.master.compile.render.DeepMerge;
import dev.jsalt.master.compile.render.Lookup;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code salt} object of Salt's templates: {@code salt['pillar.get']('a:b')} and {@code salt.pillar.get('a:b')}
 * (Salt builds both forms with {@code _split_module_dicts}). A first set answered on the master: pillar, grains,
 * config, mine, defaults. Anything else is an error naming the function and what is available.
 */
public final class SaltModules {
    private SaltModules() {
    }

    public static Map<String, Object> salt(SaltContext ctx) {
        Map<String, JinjaCallable> fns = new TreeMap<>();
        Map<String, Object> grains = ctx.grains();
        Map<String, Object> pillar = ctx.pillar();
        fns.put("pillar.get", c -> {
            Object[] a = c.bind("pillar.get", new String[] {"key", "default", "merge", "merge_nested_lists", "delimiter", "pillarenv", "saltenv"},
                    "", false, null, ":", null, null);
            return get(pillar, a[0], a[1], Py.truthy(a[2]), a[4]);
        });
        fns.put("pillar.items", c -> pillar);
        fns.put("pillar.raw", c -> pillar);
        fns.put("grains.get", c -> {
            Object[] a = c.bind("grains.get", new String[] {"key", "default", "delimiter", "ordered"}, "", ":", true);
            return get(grains, a[0], a[1], false, a[2]);
        });
        fns.put("grains.items", c -> grains);
        fns.put("grains.filter_by", c -> {
            Object[] a = c.bind("grains.filter_by", new String[] {"lookup_dict", "grain", "merge", "default", "base"},
                    "os_family", null, "default", null);
            return filterBy(grains, a);
        });
        fns.put("config.get", c -> {
            Object[] a = c.bind("config.get", new String[] {"key", "default", "delimiter", "merge", "omit_opts", "omit_pillar",
                    "omit_master", "omit_grains"}, "", ":", null, false, false, false, false);
            String key = Py.str(a[0]);
            Object v = Lookup.path(ctx.opts(), key, Py.str(a[2]));
            if (v == Lookup.MISSING) v = Lookup.path(grains, key, Py.str(a[2]));
            if (v == Lookup.MISSING) v = Lookup.path(pillar, key, Py.str(a[2]));
            return v == Lookup.MISSING ? a[1] : v;
        });
        fns.put("mine.get", c -> {
            Object[] a = c.bind("mine.get", new String[] {"tgt", "fun", "tgt_type", "exclude_minion"}, "glob", false);
            String type = Py.str(a[2]);
            Object tgt = a[0];
            String expr = switch (type) {
                case "glob", "compound" -> Py.str(tgt);
                case "list" -> "L@" + (tgt instanceof Collection<?> l ? String.join(",", l.stream().map(Py::str).toList()) : Py.str(tgt));
                case "grain" -> "G@" + Py.str(tgt);
                case "pcre" -> "E@" + Py.str(tgt);
                default -> throw new TemplateRuntimeError("mine.get: tgt_type '" + type + "' is not supported (glob, compound, list, grain, pcre)");
            };
            return ctx.mine().get(expr, Py.str(a[1]));
        });
        fns.put("defaults.deepcopy", c -> deepCopy(c.args().get(0)));
        return new SaltDict(fns);
    }

    private static Object get(Map<String, Object> data, Object key, Object fallback, boolean merge, Object delimiter) {
        Object v = Lookup.path(data, Py.str(key), Py.str(delimiter));
        if (v == Lookup.MISSING) return fallback;
        if (merge && fallback instanceof Map<?, ?> fm && v instanceof Map<?, ?> vm) return DeepMerge.merge(stringKeys(fm), vm);
        return v;
    }

    private static Object filterBy(Map<String, Object> grains, Object[] a) {
        if (!(a[0] instanceof Map<?, ?> lookup)) throw new TemplateRuntimeError("grains.filter_by: lookup_dict must be a dict");
        Object grain = Lookup.path(grains, Py.str(a[1]), ":");
        List<Object> candidates = grain instanceof List<?> l ? new ArrayList<>(l) : grain == Lookup.MISSING ? List.of() : List.of(grain);
        Object ret = null;
        outer:
        for (Object each : candidates) {
            for (Map.Entry<?, ?> e : lookup.entrySet()) {
                if (Globs.compile(Py.str(e.getKey())).matcher(Py.str(each)).matches()) {
                    ret = e.getValue();
                    break outer;
                }
            }
        }
        if (ret == null) ret = lookup.get(Py.str(a[3]));
        Object base = a[4] == null ? null : lookup.get(Py.str(a[4]));
        if (base instanceof Map<?, ?> bm) ret = ret instanceof Map<?, ?> rm ? DeepMerge.merge(stringKeys(bm), rm) : ret == null ? base : ret;
        if (a[2] instanceof Map<?, ?> mm) ret = ret instanceof Map<?, ?> rm ? DeepMerge.merge(stringKeys(rm), mm) : ret == null ? mm : ret;
        return ret;
    }

    static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, deepCopy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(deepCopy(x));
            return out;
        }
        return v;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(Py.str(k), v));
        return out;
    }

    /** {@code salt}: "module.function" keys, and module names whose attributes are the functions. */
    private static final class SaltDict extends AbstractMap<String, Object> {
        private final Map<String, Object> entries = new TreeMap<>();
        private final Set<String> names;

        SaltDict(Map<String, JinjaCallable> fns) {
            names = fns.keySet();
            Map<String, Map<String, JinjaCallable>> modules = new TreeMap<>();
            fns.forEach((name, fn) -> {
                entries.put(name, fn);
                int dot = name.indexOf('.');
                modules.computeIfAbsent(name.substring(0, dot), k -> new TreeMap<>()).put(name.substring(dot + 1), fn);
            });
            modules.forEach((mod, funs) -> entries.put(mod, new Module(mod, funs, this)));
        }

        @Override
        public Object get(Object key) {
            Object v = entries.get(key);
            if (v != null || !(key instanceof String s) || s.indexOf('.') <= 0) return v;
            return unavailable(s);
        }

        JinjaCallable unavailable(String name) {
            return c -> {
                throw new TemplateRuntimeError("salt['" + name + "'] is not available in jsalt (available: " + String.join(", ", names) + ")");
            };
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key) || (key instanceof String s && s.indexOf('.') > 0);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }
    }

    private record Module(String name, Map<String, JinjaCallable> functions, SaltDict salt) implements JinjaObject {
        @Override
        public Object getAttr(String attr) {
            JinjaCallable fn = functions.get(attr);
            return fn != null ? fn : salt.unavailable(name + "." + attr);
        }

        @Override
        public String str() {
            return "<function <lambda>>";
        }
    }
}
