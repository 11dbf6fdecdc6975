package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.DictView;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyTuple;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Python's dict methods, on template dicts and host maps alike ({@code iteritems} does not exist, as in Python 3). */
public final class DictMethods {
    private DictMethods() {
    }

    static final Set<String> NAMES = Set.of("clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault",
            "update", "values");

    static Object attr(Object self, String name) {
        if (!NAMES.contains(name)) {
            return Missing.MISSING;
        }
        return new BoundMethod(self, name, (s, call) -> call(s, name, call));
    }

    @SuppressWarnings("unchecked")
    private static Object call(Object selfObj, String name, Invocation call) {
        Map<Object, Object> self = (Map<Object, Object>) selfObj;
        List<Object> args = call.args();
        Map<String, Object> kw = call.kwargs();
        try {
            switch (name) {
                case "clear" -> {
                    Args.count("dict.clear", args, 0, 0);
                    self.clear();
                    return null;
                }
                case "copy" -> {
                    Args.count("dict.copy", args, 0, 0);
                    return new PyDict(self);
                }
                case "fromkeys" -> {
                    Args.noKwargs("fromkeys", kw);
                    Args.count("fromkeys", args, 1, 2);
                    Object value = args.size() > 1 ? args.get(1) : null;
                    PyDict out = new PyDict();
                    for (Iterator<Object> it = Py.iter(args.get(0)); it.hasNext(); ) {
                        out.put(it.next(), value);
                    }
                    return out;
                }
                case "get" -> {
                    Args.noKwargs("dict.get", kw);
                    Args.count("get", args, 1, 2);
                    Object v = Py.mapGet(self, args.get(0));
                    return v == Missing.MISSING ? (args.size() > 1 ? args.get(1) : null) : v;
                }
                case "items", "keys", "values" -> {
                    Args.count("dict." + name, args, 0, 0);
                    return new DictView(self, name.equals("items") ? DictView.Kind.ITEMS
                            : name.equals("keys") ? DictView.Kind.KEYS : DictView.Kind.VALUES);
                }
                case "pop" -> {
                    Args.noKwargs("dict.pop", kw);
                    Args.count("pop", args, 1, 2);
                    Object key = args.get(0);
                    Object v = Py.mapGet(self, key);
                    if (v == Missing.MISSING) {
                        if (args.size() > 1) {
                            return args.get(1);
                        }
                        throw new PythonError(PythonError.Kind.KeyError, Py.repr(key));
                    }
                    if (self instanceof PyDict d) {
                        d.pop(key);
                    } else {
                        self.remove(Py.mapKey(self, key));
                    }
                    return v;
                }
                case "popitem" -> {
                    Args.count("dict.popitem", args, 0, 0);
                    if (self.isEmpty()) {
                        throw new PythonError(PythonError.Kind.KeyError, "'popitem(): dictionary is empty'");
                    }
                    Map.Entry<Object, Object> last = null;
                    for (Map.Entry<Object, Object> e : self.entrySet()) {
                        last = e;
                    }
                    PyTuple t = PyTuple.of(last.getKey(), last.getValue());
                    if (self instanceof PyDict d) {
                        d.pop(last.getKey());
                    } else {
                        self.remove(last.getKey());
                    }
                    return t;
                }
                case "setdefault" -> {
                    Args.noKwargs("dict.setdefault", kw);
                    Args.count("setdefault", args, 1, 2);
                    Object key = args.get(0);
                    Object v = Py.mapGet(self, key);
                    if (v != Missing.MISSING) {
                        return v;
                    }
                    Object d = args.size() > 1 ? args.get(1) : null;
                    Py.mapPut(self, key, d);
                    return d;
                }
                case "update" -> {
                    if (args.size() > 1) {
                        throw Py.typeError("update expected at most 1 argument, got " + args.size());
                    }
                    if (!args.isEmpty()) {
                        update(self, args.get(0));
                    }
                    for (Map.Entry<String, Object> e : kw.entrySet()) {
                        Py.mapPut(self, e.getKey(), e.getValue());
                    }
                    return null;
                }
                default -> throw Py.unsupported("dict." + name);
            }
        } catch (UnsupportedOperationException e) {
            throw Py.typeError("this dict comes from the host and is read-only");
        }
    }

    /** dict.update(other) / dict(other): a mapping, or an iterable of pairs. */
    public static void update(Map<?, ?> self, Object other) {
        if (other instanceof Map<?, ?> m) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>();
            for (Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(m); it.hasNext(); ) {
                entries.add(it.next());
            }
            for (Map.Entry<?, ?> e : entries) {
                Py.mapPut(self, e.getKey(), e.getValue());
            }
            return;
        }
        if (other instanceof dev.jsalt.jinja.runtime.Namespace || !Py.isIterable(other)) {
            throw Py.typeError("'" + Py.typeName(other) + "' object is not iterable");
        }
        int i = 0;
        for (Iterator<Object> it = Py.iter(other); it.hasNext(); i++) {
            Object pair = it.next();
            if (!Py.isIterable(pair)) {
                throw Py.typeError("cannot convert dictionary update sequence element #" + i + " to a sequence");
            }
            List<Object> kv = Py.toList(pair);
            if (kv.size() != 2) {
                throw Py.valueError("dictionary update sequence element #" + i + " has length " + kv.size() + "; 2 is required");
            }
            Py.mapPut(self, kv.get(0), kv.get(1));
        }
    }
}
