package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyTuple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code salt[...]} functions jsalt answers on the master, from what Salt would read on the minion but the master
 * holds: the minion's pillar, grains and options, the state tree, the mine; and pure helpers. Signatures, defaults
 * and behaviour are Salt 3006.1's ({@code salt/modules/pillar.py, grains.py, config.py, slsutil.py, defaults.py,
 * log.py, file.py, cp.py, match.py, mine.py}; key paths through {@link Traverse}).
 */
final class MasterFunctions {
    private MasterFunctions() {
    }

    private static final String DELIM = ":";

    static void register(SaltContext ctx, Map<String, JinjaCallable> m) {
        Map<String, Object> pillar = ctx.pillar() == null ? Map.of() : ctx.pillar();
        Map<String, Object> grains = ctx.grains() == null ? Map.of() : ctx.grains();
        Map<String, Object> opts = ctx.opts() == null ? Map.of() : ctx.opts();

        // ---- pillar -------------------------------------------------------------------------------------------------
        JinjaCallable pillarGet = c -> {
            Object[] a = c.bind("get", new String[] {"key", "default", "merge", "merge_nested_lists", "delimiter", "pillarenv", "saltenv"},
                    "", false, null, DELIM, null, null);
            return pillarGet(pillar, a[0], a[1], Py.truthy(a[2]), Py.truthy(a[3]), a[4]);
        };
        m.put("pillar.get", pillarGet);
        m.put("pillar.fetch", pillarGet);
        m.put("pillar.item", c -> item(pillar, c));
        m.put("pillar.items", c -> c.args().isEmpty() ? pillar : item(pillar, c));
        m.put("pillar.raw", c -> {
            Object key = c.bind("raw", new String[] {"key"}, (Object) null)[0];
            return key == null ? pillar : Traverse.traverse(pillar, key, null, DELIM);
        });
        m.put("pillar.ls", c -> new ArrayList<Object>(pillar.keySet()));
        m.put("pillar.keys", c -> {
            Object[] a = c.bind("keys", new String[] {"key", "delimiter"}, DELIM);
            Object v = Traverse.lookup(pillar, a[0], a[1]);
            if (v == Traverse.MISSING) {
                throw new PythonError(PythonError.Kind.KeyError, "Pillar key not found: " + Py.str(a[0]));
            }
            if (!(v instanceof Map<?, ?> mv)) {
                throw Py.valueError("Pillar value in key " + Py.str(a[0]) + " is not a dict");
            }
            return new ArrayList<Object>(mv.keySet());
        });

        // ---- grains -------------------------------------------------------------------------------------------------
        m.put("grains.get", c -> {
            Object[] a = c.bind("get", new String[] {"key", "default", "delimiter", "ordered"}, "", DELIM, true);
            return Traverse.traverse(grains, a[0], a[1], a[2]);
        });
        m.put("grains.item", c -> item(grains, c));
        m.put("grains.items", c -> grains);
        m.put("grains.ls", c -> new ArrayList<Object>(new TreeSet<>(grains.keySet())));
        m.put("grains.has_value", c -> {
            Object[] a = c.bind("has_value", new String[] {"key"});
            Object v = Traverse.lookup(grains, a[0], DELIM);
            return v != Traverse.MISSING && Py.truthy(v);
        });
        m.put("grains.filter_by", c -> {
            Object[] a = c.bind("filter_by", new String[] {"lookup_dict", "grain", "merge", "default", "base"}, "os_family", null, "default", null);
            return filterBy(a[0], a[1], grains, a[2], a[3], a[4]);
        });

        // ---- config -------------------------------------------------------------------------------------------------
        m.put("config.get", c -> {
            Object[] a = c.bind("get", new String[] {"key", "default", "delimiter", "merge", "omit_opts", "omit_pillar", "omit_master",
                "omit_grains"}, "", DELIM, null, false, false, false, false);
            return configGet(opts, grains, pillar, a);
        });
        m.put("config.option", c -> {
            Object[] a = c.bind("option", new String[] {"value", "default", "omit_opts", "omit_master", "omit_pillar", "delimiter"},
                    "", false, false, false, DELIM);
            for (int i = 0; i < 3; i++) {
                if (i == 0 && Py.truthy(a[2]) || i == 1 && Py.truthy(a[3]) || i == 2 && Py.truthy(a[4])) {
                    continue;
                }
                Object src = i == 0 ? opts : i == 1 ? Traverse.traverse(pillar, "master", new PyDict(), DELIM) : pillar;
                Object v = Traverse.lookup(src, a[0], a[5]);
                if (v != Traverse.MISSING) {
                    return v;
                }
            }
            return a[1];
        });

        // ---- slsutil ------------------------------------------------------------------------------------------------
        m.put("slsutil.merge", c -> {
            Object[] a = c.bind("merge", new String[] {"obj_a", "obj_b", "strategy", "renderer", "merge_lists"}, "smart", "yaml", false);
            return SaltModules.merge(a[0], a[1], SaltModules.text(a[2]), SaltModules.text(a[3]), Py.truthy(a[4]));
        });
        m.put("slsutil.merge_all", c -> {
            Object[] a = c.bind("merge_all", new String[] {"lst", "strategy", "renderer", "merge_lists"}, "smart", "yaml", false);
            Object ret = new PyDict();
            for (Iterator<Object> it = Py.iter(a[0]); it.hasNext(); ) {
                ret = SaltModules.merge(ret, it.next(), SaltModules.text(a[1]), SaltModules.text(a[2]), Py.truthy(a[3]));
            }
            return ret;
        });
        m.put("slsutil.update", c -> {
            Object[] a = c.bind("update", new String[] {"dest", "upd", "recursive_update", "merge_lists"}, true, false);
            return SaltModules.update(a[0], a[1], Py.truthy(a[2]), Py.truthy(a[3]));
        });
        m.put("slsutil.boolstr", c -> {
            Object[] a = c.bind("boolstr", new String[] {"value", "true", "false"}, "true", "false");
            return Py.truthy(a[0]) ? a[1] : a[2];
        });
        m.put("slsutil.serialize", MasterFunctions::serialize);
        m.put("slsutil.deserialize", c -> {
            Object[] a = c.bind("deserialize", new String[] {"serializer", "stream_or_string"});
            String s = SaltModules.text(a[0]);
            String text = SaltModules.text(a[1]);
            switch (s) {
                case "yaml":
                    try {
                        return SaltYaml.safeLoad(text, false);
                    } catch (SaltYaml.YamlLoadException e) {
                        throw new TemplateRuntimeError("slsutil.deserialize: " + e.getMessage());
                    }
                case "json":
                    try {
                        return PyJson.loads(text);
                    } catch (PyJson.JsonError e) {
                        throw new TemplateRuntimeError("slsutil.deserialize: " + e.getMessage());
                    }
                default:
                    throw new TemplateRuntimeError("slsutil.deserialize: serializer '" + s + "' is not available in jsalt (yaml, json)");
            }
        });
        m.put("slsutil.renderer", c -> {
            throw new TemplateRuntimeError("salt['slsutil.renderer'] is not available in jsalt: templates cannot run another renderer");
        });
        m.put("slsutil.file_exists", c -> {
            Object[] a = c.bind("file_exists", new String[] {"path", "saltenv"}, (Object) null);
            return ctx.tree() != null && ctx.tree().exists(SaltModules.text(a[0]));
        });
        m.put("slsutil.dir_exists", c -> {
            Object[] a = c.bind("dir_exists", new String[] {"path", "saltenv"}, (Object) null);
            String p = SaltModules.text(a[0]).replaceAll("/+$", "");
            return ctx.tree() != null && !ctx.tree().list(p).isEmpty();
        });
        m.put("slsutil.path_exists", c -> {
            Object[] a = c.bind("path_exists", new String[] {"path", "saltenv"}, (Object) null);
            String p = SaltModules.text(a[0]);
            return ctx.tree() != null && (ctx.tree().exists(p) || !ctx.tree().list(p.replaceAll("/+$", "")).isEmpty());
        });

        // ---- log ----------------------------------------------------------------------------------------------------
        for (String level : List.of("debug", "info", "warning", "warn", "error", "critical", "exception")) {
            m.put("log." + level, c -> {
                Object msg = c.bind(level, new String[] {"message"})[0];
                String where = c.callerContext().templateName();
                String line = "[" + ctx.minionId() + (where == null ? "" : " " + where) + "] " + Py.str(msg);
                switch (level) {
                    case "debug" -> SaltModules.templateLog().debug("{}", line);
                    case "info" -> SaltModules.templateLog().info("{}", line);
                    case "warning", "warn" -> SaltModules.templateLog().warn("{}", line);
                    default -> SaltModules.templateLog().error("{}", line);
                }
                return null;
            });
        }

        // ---- file (pure path helpers) -------------------------------------------------------------------------------
        m.put("file.dirname", c -> PyPath.dirname(SaltModules.text(c.bind("dirname", new String[] {"path"})[0])));
        m.put("file.basename", c -> PyPath.basename(SaltModules.text(c.bind("basename", new String[] {"path"})[0])));
        m.put("file.normpath", c -> PyPath.normpath(SaltModules.text(c.bind("normpath", new String[] {"path"})[0])));
        m.put("file.join", c -> {
            List<String> parts = new ArrayList<>();
            for (Object o : c.args()) {
                parts.add(SaltModules.text(o));
            }
            return PyPath.join(parts);
        });

        // ---- cp (the state tree) ------------------------------------------------------------------------------------
        m.put("cp.list_master", c -> {
            Object[] a = c.bind("list_master", new String[] {"saltenv", "prefix"}, "base", "");
            List<Object> out = new ArrayList<>();
            for (String f : files(ctx)) {
                if (f.startsWith(SaltModules.text(a[1]))) {
                    out.add(f);
                }
            }
            return out;
        });
        m.put("cp.list_master_dirs", c -> {
            Object[] a = c.bind("list_master_dirs", new String[] {"saltenv", "prefix"}, "base", "");
            TreeSet<String> dirs = new TreeSet<>();
            for (String f : files(ctx)) {
                String d = f;
                while (d.lastIndexOf('/') > 0) {
                    d = d.substring(0, d.lastIndexOf('/'));
                    dirs.add(d);
                }
            }
            List<Object> out = new ArrayList<>();
            for (String d : dirs) {
                if (d.startsWith(SaltModules.text(a[1]))) {
                    out.add(d);
                }
            }
            return out;
        });
        m.put("cp.list_states", c -> {
            c.bind("list_states", new String[] {"saltenv"}, "base");
            TreeSet<String> states = new TreeSet<>();
            for (String f : files(ctx)) {
                if (f.endsWith(".sls")) {
                    String s = f.substring(0, f.length() - 4);
                    if (s.endsWith("/init")) {
                        s = s.substring(0, s.length() - 5);
                    }
                    states.add(s.replace('/', '.'));
                }
            }
            return new ArrayList<Object>(states);
        });

        // ---- match (against the minion being compiled) --------------------------------------------------------------
        m.put("match.glob", c -> {
            Object[] a = c.bind("glob", new String[] {"tgt", "minion_id"}, (Object) null);
            return Fnmatch.fnmatch(a[1] == null ? ctx.minionId() : SaltModules.text(a[1]), SaltModules.text(a[0]));
        });
        m.put("match.list", c -> {
            Object[] a = c.bind("list_", new String[] {"tgt", "minion_id"}, (Object) null);
            return SaltMatch.listMatch(a[0], a[1] == null ? ctx.minionId() : SaltModules.text(a[1]));
        });
        m.put("match.pcre", c -> {
            Object[] a = c.bind("pcre", new String[] {"tgt", "minion_id"}, (Object) null);
            return SaltMatch.pcre(SaltModules.text(a[0]), a[1] == null ? ctx.minionId() : SaltModules.text(a[1]));
        });
        m.put("match.grain", c -> {
            Object[] a = c.bind("grain", new String[] {"tgt", "delimiter"}, DELIM);
            return SaltMatch.subdictMatch(grains, SaltModules.text(a[0]), SaltModules.text(a[1]), false);
        });
        m.put("match.grain_pcre", c -> {
            Object[] a = c.bind("grain_pcre", new String[] {"tgt", "delimiter"}, DELIM);
            return SaltMatch.subdictMatch(grains, SaltModules.text(a[0]), SaltModules.text(a[1]), true);
        });
        m.put("match.pillar", c -> {
            Object[] a = c.bind("pillar", new String[] {"tgt", "delimiter"}, DELIM);
            return SaltMatch.subdictMatch(pillar, SaltModules.text(a[0]), SaltModules.text(a[1]), false);
        });
        m.put("match.pillar_pcre", c -> {
            Object[] a = c.bind("pillar_pcre", new String[] {"tgt", "delimiter"}, DELIM);
            return SaltMatch.subdictMatch(pillar, SaltModules.text(a[0]), SaltModules.text(a[1]), true);
        });
        m.put("match.compound", c -> {
            Object[] a = c.bind("compound", new String[] {"tgt", "minion_id"}, (Object) null);
            String id = a[1] == null ? ctx.minionId() : SaltModules.text(a[1]);
            return new SaltMatch(id, grains, pillar).compound(SaltModules.text(a[0]));
        });

        // ---- mine ---------------------------------------------------------------------------------------------------
        m.put("mine.get", c -> {
            Object[] a = c.bind("get", new String[] {"tgt", "fun", "tgt_type", "exclude_minion"}, "glob", false);
            return mineGet(ctx, a);
        });

        // ---- defaults -----------------------------------------------------------------------------------------------
        m.put("defaults.merge", c -> {
            Object[] a = c.bind("merge", new String[] {"dest", "src", "merge_lists", "in_place", "convert_none"}, false, true, true);
            Object dest = a[0];
            Object src = a[1];
            if (Py.truthy(a[4])) {
                dest = dest == null ? new PyDict() : dest;
                src = src == null ? new PyDict() : src;
            }
            Object merged = Py.truthy(a[3]) ? dest : SaltModules.deepCopy(dest);
            return SaltModules.update(merged, src, true, Py.truthy(a[2]));
        });
        m.put("defaults.deepcopy", c -> SaltModules.deepCopy(c.bind("deepcopy", new String[] {"source"})[0]));
        m.put("defaults.update", c -> {
            Object[] a = c.bind("update", new String[] {"dest", "defaults", "merge_lists", "in_place", "convert_none"}, true, true, true);
            Object nodes = Py.truthy(a[3]) ? a[0] : SaltModules.deepCopy(a[0]);
            if (!(nodes instanceof Map<?, ?> nm)) {
                throw Py.typeError("defaults.update needs a dict of dicts");
            }
            for (Object name : new ArrayList<>(nm.keySet())) {
                Object vars = Py.mapGet(nm, name);
                Object dflt = SaltModules.deepCopy(a[1]);
                if (Py.truthy(a[4])) {
                    dflt = dflt == null ? new PyDict() : dflt;
                    vars = vars == null ? new PyDict() : vars;
                }
                Py.mapPut(nm, name, SaltModules.update(dflt, vars, true, Py.truthy(a[2])));
            }
            return nodes;
        });

        // ---- test ---------------------------------------------------------------------------------------------------
        m.put("test.ping", c -> true);
        m.put("test.true", c -> true);
        m.put("test.false", c -> false);
    }

    private static List<String> files(SaltContext ctx) {
        if (ctx.tree() == null) {
            throw new TemplateRuntimeError("cp functions need a state tree, and this render has none");
        }
        return ctx.tree().list("");
    }

    /** pillar.get. */
    static Object pillarGet(Map<String, Object> pillar, Object key, Object dflt, boolean merge, boolean mergeLists, Object delimiter) {
        if (merge) {
            if (dflt instanceof Map<?, ?>) {
                Object ret = Traverse.traverse(pillar, key, new PyDict(), delimiter);
                if (ret instanceof Map<?, ?>) {
                    return SaltModules.update(SaltModules.deepCopy(dflt), ret, true, mergeLists);
                }
                SaltModules.templateLog().error("pillar.get: Default ({}) is a dict, but the returned pillar value ({}) is of type '{}'. Merge will be skipped.",
                        Py.repr(dflt), Py.repr(ret), Py.typeName(ret));
            } else if (dflt instanceof List<?> && !(dflt instanceof PyTuple)) {
                Object ret = Traverse.traverse(pillar, key, new ArrayList<>(), delimiter);
                if (ret instanceof List<?> rl && !(ret instanceof PyTuple)) {
                    @SuppressWarnings("unchecked")
                    List<Object> d = (List<Object>) SaltModules.deepCopy(dflt);
                    for (Object x : rl) {
                        if (!Py.contains(d, x)) {
                            d.add(x);
                        }
                    }
                    return d;
                }
                SaltModules.templateLog().error("pillar.get: Default ({}) is a list, but the returned pillar value ({}) is of type '{}'. Merge will be skipped.",
                        Py.repr(dflt), Py.repr(ret), Py.typeName(ret));
            } else {
                SaltModules.templateLog().error("pillar.get: Default ({}) is of type '{}', must be a dict or list to merge. Merge will be skipped.",
                        Py.repr(dflt), Py.typeName(dflt));
            }
        }
        return Traverse.traverse(pillar, key, dflt, delimiter);
    }

    /** pillar.item / grains.item: {key: value} for each key asked (default '' for a missing one). */
    private static Object item(Map<String, Object> data, Invocation c) {
        Object dflt = c.kwargs().getOrDefault("default", "");
        Object delimiter = c.kwargs().getOrDefault("delimiter", DELIM);
        PyDict out = new PyDict();
        for (Object k : c.args()) {
            out.put(k, Traverse.traverse(data, k, dflt, delimiter));
        }
        return out;
    }

    /** salt.utils.data.filter_by. */
    static Object filterBy(Object lookupDict, Object lookup, Map<String, Object> traverse, Object merge, Object dflt, Object base) {
        if (!(lookupDict instanceof Map<?, ?> ld)) {
            throw new PythonError(PythonError.Kind.AttributeError, "'" + Py.typeName(lookupDict) + "' object has no attribute 'get'");
        }
        Object ret = null;
        Object val = Traverse.traverse(traverse, lookup, new ArrayList<>(), DELIM);
        List<Object> vals = val instanceof List<?> l && !(val instanceof PyTuple) ? new ArrayList<>(l) : List.of(val == null ? "None" : val);
        outer:
        for (Object each : vals) {
            String testEach = each instanceof String s ? s : Py.str(each);
            for (Object key : ld.keySet()) {
                String testKey = key instanceof String s ? s : Py.str(key);
                if (Fnmatch.fnmatch(testEach, testKey)) {
                    ret = Py.mapGet(ld, key);
                    break outer;
                }
            }
        }
        if (ret == null) {
            Object d = Py.mapGet(ld, dflt);
            ret = d == Missing.MISSING ? null : d;
        }
        if (Py.truthy(base) && Py.mapGet(ld, base) != Missing.MISSING) {
            Object baseValues = Py.mapGet(ld, base);
            if (ret == null) {
                ret = baseValues;
            } else if (baseValues instanceof Map<?, ?>) {
                if (!(ret instanceof Map<?, ?>)) {
                    throw new TemplateRuntimeError("filter_by default and look-up values must both be dictionaries.");
                }
                ret = SaltModules.update(SaltModules.deepCopy(baseValues), ret, true, false);
            }
        }
        if (Py.truthy(merge)) {
            if (!(merge instanceof Map<?, ?>)) {
                throw new TemplateRuntimeError("filter_by merge argument must be a dictionary.");
            }
            if (ret == null) {
                ret = merge;
            } else {
                SaltModules.update(ret, SaltModules.deepCopy(merge), true, false);
            }
        }
        return ret;
    }

    /** config.get: opts, grains, pillar, the pillar's "master" key, in that order (merge: all of them merged). */
    private static Object configGet(Map<String, Object> opts, Map<String, Object> grains, Map<String, Object> pillar, Object[] a) {
        Object key = a[0];
        Object delimiter = a[2];
        Object master = Traverse.traverse(pillar, "master", new PyDict(), DELIM);
        if (a[3] == null) {
            Object[][] sources = {{opts, a[4]}, {grains, a[7]}, {pillar, a[5]}, {master, a[6]}};
            for (Object[] src : sources) {
                if (Py.truthy(src[1])) {
                    continue;
                }
                Object v = Traverse.lookup(src[0], key, delimiter);
                if (v != Traverse.MISSING) {
                    return v;
                }
            }
            return a[1];
        }
        String strategy = SaltModules.text(a[3]);
        if (!strategy.equals("recurse") && !strategy.equals("overwrite")) {
            SaltModules.templateLog().warn("Unsupported merge strategy '{}'. Falling back to 'recurse'.", strategy);
            strategy = "recurse";
        }
        Object data = new PyDict();
        for (Object src : List.of(master, pillar, grains, opts)) {
            data = SaltModules.merge(data, src, strategy, "yaml", false);
        }
        Object v = Traverse.lookup(data, key, delimiter);
        return v == Traverse.MISSING ? a[1] : v;
    }

    /** slsutil.serialize: yaml (Salt's yaml serializer: safe_dump options) or json. */
    private static Object serialize(Invocation c) {
        if (c.args().size() < 2 && !(c.args().size() == 1 && c.kwargs().containsKey("obj"))) {
            throw Py.typeError("serialize() missing required positional arguments: 'serializer' and 'obj'");
        }
        String serializer = SaltModules.text(c.args().get(0));
        Object obj = c.args().size() > 1 ? c.args().get(1) : c.kwargs().get("obj");
        Map<String, Object> opts = new LinkedHashMap<>(c.kwargs());
        opts.remove("obj");
        switch (serializer) {
            case "yaml": {
                Object flow = opts.containsKey("default_flow_style") ? opts.get("default_flow_style") : null;
                String out = SaltYaml.safeDump(obj, flow == null ? null : Py.truthy(flow));
                if (out.endsWith("\n...\n")) {
                    return out.substring(0, out.length() - 5);
                }
                if (out.endsWith("...\n")) {
                    return out.substring(0, out.length() - 4);
                }
                return out;
            }
            case "json": {
                Object indent = opts.get("indent");
                boolean sort = Py.truthy(opts.getOrDefault("sort_keys", false));
                boolean ascii = Py.truthy(opts.getOrDefault("ensure_ascii", false));
                return PyJson.dumps(obj, sort, indent, ascii);
            }
            default:
                throw new TemplateRuntimeError("slsutil.serialize: serializer '" + serializer + "' is not available in jsalt (yaml, json)");
        }
    }

    /** mine.get: Salt's target types as jsalt target expressions. */
    private static Object mineGet(SaltContext ctx, Object[] a) {
        if (ctx.mine() == null) {
            return new PyDict();
        }
        Object tgt = a[0];
        String type = a[2] == null ? "glob" : SaltModules.text(a[2]);
        String expr = switch (type) {
            case "glob", "compound" -> SaltModules.text(tgt);
            case "list" -> "L@" + (tgt instanceof Collection<?> col ? String.join(",", col.stream().map(SaltModules::text).toList()) : SaltModules.text(tgt));
            case "grain" -> "G@" + SaltModules.text(tgt);
            case "pcre" -> "E@" + SaltModules.text(tgt);
            default -> throw new TemplateRuntimeError("mine.get: tgt_type '" + type + "' is not supported by jsalt (glob, compound, list, grain, pcre)");
        };
        Map<String, Object> found;
        try {
            found = ctx.mine().get(expr, SaltModules.text(a[1]));
        } catch (RuntimeException e) {
            throw new TemplateRuntimeError("mine.get(" + Py.repr(SaltModules.text(tgt)) + ", tgt_type=" + Py.repr(type) + "): " + e.getMessage());
        }
        PyDict out = new PyDict();
        new TreeMap<>(found).forEach((id, v) -> {
            if (!(Py.truthy(a[3]) && id.equals(ctx.minionId()))) {
                out.put(id, v);
            }
        });
        return out;
    }

    static boolean isStr(Object o) {
        return o instanceof String || o instanceof Markup;
    }
}
