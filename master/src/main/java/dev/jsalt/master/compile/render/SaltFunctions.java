package dev.jsalt.master.compile.render;

import com.hubspot.jinjava.objects.PyWrapper;
import dev.jsalt.common.target.Globs;
import dev.jsalt.master.compile.MineView;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code salt} dict of Salt templates, limited to what can be answered on the master at compile time:
 * {@code pillar.get/items/item}, {@code grains.get/items/item/filter_by}, {@code config.get}, {@code mine.get},
 * {@code defaults.merge/deepcopy}. Anything else ({@code cmd.run}, ...) would need the minion; it fails with the list
 * of what is available rather than yielding an empty value. (It is a {@link PyWrapper} so Jinjava uses it as is
 * instead of copying it into its own map, which would lose that answer.)
 */
final class SaltFunctions extends AbstractMap<String, Object> implements PyWrapper {
    private final Map<String, Object> functions = new TreeMap<>();
    private final Map<String, Object> grains;
    private final Map<String, Object> pillar;
    private final MineView mine;

    SaltFunctions(Map<String, Object> grains, Map<String, Object> pillar, MineView mine) {
        this.grains = grains;
        this.pillar = pillar;
        this.mine = mine;
        add(new CallableFn("pillar.get", a -> get(pillar, a), "key", null, "default", "", "merge", false,
                "delimiter", ":", "saltenv", null, "pillarenv", null));
        add(new CallableFn("pillar.items", a -> pillar));
        add(new CallableFn("pillar.raw", a -> pillar, "key", null));
        add(new CallableFn("pillar.item", a -> items(pillar, a)));
        add(new CallableFn("grains.get", a -> get(grains, a), "key", null, "default", "", "delimiter", ":", "ordered", true));
        add(new CallableFn("grains.items", a -> grains));
        add(new CallableFn("grains.item", a -> items(grains, a)));
        add(new CallableFn("grains.filter_by", this::filterBy, "lookup_dict", null, "grain", "os_family", "merge", null,
                "default", "default", "base", null));
        add(new CallableFn("config.get", this::configGet, "key", null, "default", "", "delimiter", ":", "merge", null));
        add(new CallableFn("mine.get", this::mineGet, "tgt", null, "fun", null, "tgt_type", "glob", "exclude_minion", false));
        add(new CallableFn("defaults.merge", SaltFunctions::defaultsMerge, "dest", null, "upd", null,
                "recursive_update", true, "merge_lists", false, "in_place", true));
        add(new CallableFn("defaults.deepcopy", a -> deepCopy(a.get("source")), "source", null));
    }

    private void add(CallableFn fn) {
        functions.put(fn.getName(), fn);
    }

    @Override
    public Object get(Object key) {
        Object fn = functions.get(key);
        if (fn != null) return fn;
        String name = String.valueOf(key);
        return new CallableFn(name, a -> {
            throw new TemplateFailure("salt['" + name + "'] is not available when compiling on the master (available: "
                    + String.join(", ", functions.keySet()) + ")");
        });
    }

    @Override
    public boolean containsKey(Object key) {
        // Every module.function name "exists", so Jinjava calls get() and the caller hears what is available.
        return functions.containsKey(key) || (key instanceof String s && s.indexOf('.') > 0);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return functions.entrySet();
    }

    /** Salt's {@code pillar.get}/{@code grains.get}: {@code a:b:c} path, default {@code ''}, optional dict merge. */
    static Object get(Map<String, Object> data, CallableFn.Args a) {
        Object fallback = a.get("default");
        Object v = Lookup.path(data, a.string("key"), a.string("delimiter"));
        if (v == Lookup.MISSING) return fallback;
        if (a.named().containsKey("merge") && a.truthy("merge") && fallback instanceof Map<?, ?> fm && v instanceof Map<?, ?> vm) {
            return DeepMerge.merge(stringKeys(fm), vm);
        }
        return v;
    }

    private static Map<String, Object> items(Map<String, Object> data, CallableFn.Args a) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object k : a.extra()) {
            Object v = Lookup.path(data, String.valueOf(k), ":");
            out.put(String.valueOf(k), v == Lookup.MISSING ? "" : v);
        }
        return out;
    }

    private Object configGet(CallableFn.Args a) {
        String key = a.string("key");
        Object v = Lookup.path(grains, key, a.string("delimiter"));
        if (v == Lookup.MISSING) v = Lookup.path(pillar, key, a.string("delimiter"));
        return v == Lookup.MISSING ? a.get("default") : v;
    }

    /** Salt's grains.filter_by: pick the entry whose key glob-matches the grain, then layer base and merge. */
    private Object filterBy(CallableFn.Args a) {
        if (!(a.get("lookup_dict") instanceof Map<?, ?> lookup)) throw a.fail("lookup_dict must be a dict");
        Object grain = Lookup.path(grains, a.string("grain"), ":");
        List<Object> candidates = grain instanceof List<?> l ? new ArrayList<>(l) : grain == Lookup.MISSING ? List.of() : List.of(grain);
        Object ret = null;
        outer:
        for (Object each : candidates) {
            for (Map.Entry<?, ?> e : lookup.entrySet()) {
                if (Globs.compile(String.valueOf(e.getKey())).matcher(String.valueOf(each)).matches()) {
                    ret = e.getValue();
                    break outer;
                }
            }
        }
        if (ret == null) ret = lookup.get(a.string("default"));
        Object base = a.get("base") == null ? null : lookup.get(a.string("base"));
        if (base != null) {
            if (ret == null) {
                ret = base;
            } else if (base instanceof Map<?, ?> bm) {
                if (!(ret instanceof Map<?, ?> rm)) throw a.fail("the selected value must be a dict to merge with base");
                ret = DeepMerge.merge(stringKeys(bm), rm);
            }
        }
        Object merge = a.get("merge");
        if (merge != null) {
            if (!(merge instanceof Map<?, ?> mm)) throw a.fail("merge must be a dict");
            if (ret == null) {
                ret = merge;
            } else if (ret instanceof Map<?, ?> rm) {
                ret = DeepMerge.merge(stringKeys(rm), mm);
            }
        }
        return ret;
    }

    /** Salt's mine.get: Salt target types map onto jsalt target expressions. */
    private Object mineGet(CallableFn.Args a) {
        Object tgt = a.get("tgt");
        String type = a.string("tgt_type");
        String expr = switch (type == null ? "glob" : type) {
            case "glob", "compound" -> String.valueOf(tgt);
            case "list" -> "L@" + (tgt instanceof Collection<?> c ? String.join(",", c.stream().map(String::valueOf).toList()) : tgt);
            case "grain" -> "G@" + tgt;
            case "pcre" -> "E@" + tgt;
            default -> throw a.fail("tgt_type '" + type + "' is not supported (glob, compound, list, grain, pcre)");
        };
        return mine.get(expr, a.string("fun"));
    }

    @SuppressWarnings("unchecked")
    private static Object defaultsMerge(CallableFn.Args a) {
        if (!(a.get("dest") instanceof Map<?, ?> dest) || !(a.get("upd") instanceof Map<?, ?> upd)) {
            throw a.fail("dest and upd must be dicts");
        }
        Map<Object, Object> target = a.truthy("in_place") ? (Map<Object, Object>) dest : new LinkedHashMap<>((Map<Object, Object>) deepCopy(dest));
        if (a.truthy("recursive_update")) return DeepMerge.mergeInPlace(target, upd);
        target.putAll(upd);
        return target;
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
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
