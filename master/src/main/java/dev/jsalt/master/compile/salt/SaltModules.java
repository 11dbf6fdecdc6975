package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.JinjaObject;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyStr;
import dev.jsalt.jinja.value.PyTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code salt} object of Salt templates. As Salt's jinja renderer builds it ({@code _split_module_dicts}), it is
 * a dict of {@code module.function} callables that also holds each module as an object with the functions as
 * attributes, so {@code salt['pillar.get']('a:b')}, {@code salt.pillar.get('a:b')} and {@code 'pillar.get' in salt}
 * all work.
 *
 * <p>Functions Salt answers from data the master has (pillar, grains, config, the state tree, the mine, pure helpers)
 * are answered here, with Salt 3006.1's signatures and semantics ({@link MasterFunctions}). Functions Salt runs on
 * the minion while rendering ({@code user.info}, {@code file.file_exists}, {@code cmd.run}, ...) go to
 * {@link SaltContext#minion()} ({@link MinionFunctions}). Any other {@code salt['mod.fun']} is an error naming it
 * and listing what is available.
 */
public final class SaltModules {
    private static final Logger TEMPLATE_LOG = LoggerFactory.getLogger("jsalt.template");

    private SaltModules() {
    }

    /** The {@code salt} object for one minion's compile. */
    public static Map<String, Object> salt(SaltContext ctx) {
        Map<String, JinjaCallable> fns = new TreeMap<>();
        MasterFunctions.register(ctx, fns);
        MinionFunctions.register(ctx, fns);
        return new SaltDict(fns);
    }

    /** Names of the functions answered on the master. */
    public static Set<String> masterFunctions() {
        Map<String, JinjaCallable> fns = new TreeMap<>();
        MasterFunctions.register(new SaltContext("x", Map.of(), Map.of(), Map.of(), null, null, null), fns);
        return Collections.unmodifiableSet(fns.keySet());
    }

    /** Names of the functions answered by the minion. */
    public static Set<String> minionFunctions() {
        return MinionFunctions.SPECS.keySet();
    }

    static Logger templateLog() {
        return TEMPLATE_LOG;
    }

    /** One {@code module.function}. */
    static final class SaltFunction implements JinjaCallable, JinjaObject {
        private final String name;
        private final JinjaCallable body;

        SaltFunction(String name, JinjaCallable body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public Object call(Invocation call) {
            return body.call(call);
        }

        @Override
        public String typeName() {
            return "function";
        }

        @Override
        public String repr() {
            return "<function " + name + ">";
        }
    }

    /** {@code salt.pillar}: the functions of one module as attributes (Salt: an empty function object). */
    static final class SaltModule implements JinjaObject, JinjaCallable {
        private final String module;
        private final Map<String, Object> functions;

        SaltModule(String module, Map<String, Object> functions) {
            this.module = module;
            this.functions = functions;
        }

        @Override
        public Object getAttr(String name) {
            Object f = functions.get(name);
            if (f != null) {
                return f;
            }
            return unavailable(module + "." + name, functions.keySet().stream().map(n -> module + "." + n).toList());
        }

        @Override
        public Object call(Invocation call) {
            return null;
        }

        @Override
        public String typeName() {
            return "function";
        }

        @Override
        public String repr() {
            return "<function _split_module_dicts.<locals>.<lambda>>";
        }
    }

    static JinjaCallable unavailable(String name, java.util.Collection<String> known) {
        return c -> {
            throw new TemplateRuntimeError("salt['" + name + "'] is not available in jsalt (available: " + String.join(", ", new TreeSet<>(known)) + ")");
        };
    }

    /** The dict: {@code module.function} keys and {@code module} keys. */
    static final class SaltDict extends AbstractMap<String, Object> {
        private final Map<String, Object> entries = new LinkedHashMap<>();
        private final Set<String> functionNames;

        SaltDict(Map<String, JinjaCallable> fns) {
            Map<String, Map<String, Object>> modules = new TreeMap<>();
            fns.forEach((name, fn) -> {
                SaltFunction f = new SaltFunction(name, fn);
                entries.put(name, f);
                int dot = name.indexOf('.');
                modules.computeIfAbsent(name.substring(0, dot), k -> new TreeMap<>()).put(name.substring(dot + 1), f);
            });
            modules.forEach((m, f) -> entries.put(m, new SaltModule(m, f)));
            functionNames = Collections.unmodifiableSet(new TreeSet<>(fns.keySet()));
        }

        @Override
        public Object get(Object key) {
            Object v = entries.get(key);
            if (v != null) {
                return v;
            }
            if (key instanceof String s && s.indexOf('.') > 0) {
                return new SaltFunction(s, unavailable(s, functionNames));
            }
            return null;
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Collections.unmodifiableMap(entries).entrySet();
        }
    }

    // ---- helpers shared by the function tables ---------------------------------------------------------------

    /** copy.deepcopy: dicts keep their kind (dict / OrderedDict), lists and tuples are copied. */
    public static Object deepCopy(Object v) {
        if (v instanceof PyDict d) {
            PyDict out = new PyDict();
            for (Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(d); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                out.put(e.getKey(), deepCopy(e.getValue()));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, deepCopy(x)));
            return out;
        }
        if (v instanceof PyTuple t) {
            List<Object> items = new ArrayList<>();
            for (Object x : t) {
                items.add(deepCopy(x));
            }
            return PyTuple.ofList(items);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(deepCopy(x));
            }
            return out;
        }
        return v;
    }

    /** salt.utils.dictupdate.update: merges {@code upd} into {@code dest} in place and returns it. */
    static Object update(Object dest, Object upd, boolean recursiveUpdate, boolean mergeLists) {
        if (!(dest instanceof Map<?, ?> d) || !(upd instanceof Map<?, ?> u)) {
            throw Py.typeError("Cannot update using non-dict types in dictupdate.update()");
        }
        List<Object> updKeys = new ArrayList<>(u.keySet());
        boolean overlap = false;
        for (Object k : updKeys) {
            if (Py.mapGet(d, k) != Missing.MISSING) {
                overlap = true;
                break;
            }
        }
        if (!overlap) {
            recursiveUpdate = false;
        }
        if (recursiveUpdate) {
            for (Object key : updKeys) {
                Object val = Py.mapGet(u, key);
                Object sub = Py.mapGet(d, key);
                if (sub == Missing.MISSING) {
                    sub = null;
                }
                if (sub instanceof Map<?, ?> && val instanceof Map<?, ?>) {
                    Py.mapPut(d, key, update(sub, val, true, mergeLists));
                } else if (sub instanceof List<?> sl && !(sub instanceof PyTuple) && val instanceof List<?> vl && !(val instanceof PyTuple)) {
                    if (mergeLists) {
                        @SuppressWarnings("unchecked")
                        List<Object> merged = (List<Object>) deepCopy(sl);
                        for (Object x : vl) {
                            if (!Py.contains(merged, x)) {
                                merged.add(x);
                            }
                        }
                        Py.mapPut(d, key, merged);
                    } else {
                        Py.mapPut(d, key, val);
                    }
                } else {
                    Py.mapPut(d, key, val);
                }
            }
            return dest;
        }
        for (Object k : updKeys) {
            Py.mapPut(d, k, Py.mapGet(u, k));
        }
        return dest;
    }

    /** salt.utils.dictupdate.merge. */
    static Object merge(Object a, Object b, String strategy, String renderer, boolean mergeLists) {
        String s = strategy;
        if (s.equals("smart")) {
            String[] parts = renderer.split("\\|");
            s = parts[parts.length - 1].equals("yamlex") || renderer.startsWith("yamlex_") ? "aggregate" : "recurse";
        }
        switch (s) {
            case "list": {
                if (!(a instanceof Map<?, ?> ma) || !(b instanceof Map<?, ?> mb)) {
                    throw Py.typeError("merge strategy 'list' needs two dicts");
                }
                PyDict ret = new PyDict();
                for (Map.Entry<?, ?> e : ma.entrySet()) {
                    Object other = Py.mapGet(mb, e.getKey());
                    ret.put(e.getKey(), other != Missing.MISSING ? new ArrayList<>(java.util.Arrays.asList(e.getValue(), other)) : e.getValue());
                }
                return ret;
            }
            case "overwrite": {
                if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
                    for (Object k : new ArrayList<>(mb.keySet())) {
                        if (Py.mapGet(ma, k) != Missing.MISSING) {
                            Py.mapPut(ma, k, Py.mapGet(mb, k));
                        }
                    }
                }
                return update(deepCopy(a), b, true, mergeLists);
            }
            case "aggregate":
                throw new TemplateRuntimeError("the 'aggregate' merge strategy (yamlex) is not available in jsalt");
            case "recurse":
                return update(deepCopy(a), b, true, mergeLists);
            case "none":
                return update(deepCopy(a), b, true, false);
            default:
                TEMPLATE_LOG.warn("Unknown merging strategy '{}', fallback to recurse", strategy);
                return update(deepCopy(a), b, true, false);
        }
    }

    /** A JSON-able copy of a template value for the minion ({@code Markup} → str, tuples → lists, dicts → maps). */
    static Object plain(Object v) {
        if (v instanceof Markup m) {
            return m.text();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(m); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                out.put(Py.str(e.getKey()), plain(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(plain(x));
            }
            return out;
        }
        if (v == null || v instanceof Boolean || v instanceof String || Num.isNumber(v)) {
            return v;
        }
        if (v instanceof JinjaObject o) {
            return o.str();
        }
        return Py.str(v);
    }

    /** A minion's JSON answer as template values: objects become plain dicts (Salt returns dicts). */
    static Object fromJson(Object v) {
        if (v instanceof Map<?, ?> m) {
            PyDict out = new PyDict();
            m.forEach((k, x) -> out.put(k, fromJson(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(fromJson(x));
            }
            return out;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        return v;
    }

    static String text(Object v) {
        return v == null ? null : v instanceof String s ? s : v instanceof Markup m ? m.text() : Py.str(v);
    }

    static String lower(String s) {
        return PyStr.lower(s);
    }
}
