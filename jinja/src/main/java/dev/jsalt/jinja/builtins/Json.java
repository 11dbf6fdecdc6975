package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyTuple;
import dev.jsalt.jinja.value.Undefined;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Python's json.dumps (ensure_ascii, allow_nan, optional sort_keys and indent), as Jinja2's tojson uses it. */
public final class Json {
    private Json() {
    }

    public static String dumps(Object value, boolean sortKeys, Object indent) {
        return dumps(value, sortKeys, indent, dev.jsalt.jinja.value.Ops.SizeCheck.NONE);
    }

    /** dumps, refusing output beyond the render's size bound as it grows. */
    public static String dumps(Object value, boolean sortKeys, Object indent, dev.jsalt.jinja.value.Ops.SizeCheck size) {
        String ind = null;
        if (indent != null) {
            if (Num.isIntOrBool(indent)) {
                ind = " ".repeat((int) Math.max(0, Math.min(Num.toLong(indent), 1000)));
            } else if (Py.isStr(indent)) {
                ind = Py.strValue(indent);
            } else {
                throw Py.typeError("can't multiply sequence by non-int of type '" + Py.typeName(indent) + "'");
            }
        }
        StringBuilder b = new StringBuilder();
        encode(value, b, sortKeys, ind, 0, new IdentityHashMap<>(), size);
        return b.toString();
    }

    private static void encode(Object v, StringBuilder b, boolean sortKeys, String indent, int level, IdentityHashMap<Object, Boolean> seen,
                               dev.jsalt.jinja.value.Ops.SizeCheck size) {
        size.check(b.length());
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean x) {
            b.append(x ? "true" : "false");
        } else if (Py.isStr(v)) {
            string(Py.strValue(v), b);
        } else if (Num.isInt(v)) {
            b.append(Num.intStr(v));
        } else if (Num.isFloat(v) || v instanceof java.math.BigDecimal) {
            b.append(floatText(Num.toDouble(v)));
        } else if (v instanceof List<?> l) {
            if (seen.containsKey(v)) {
                throw Py.valueError("Circular reference detected");
            }
            seen.put(v, Boolean.TRUE);
            if (l.isEmpty()) {
                b.append("[]");
            } else {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        b.append(indent == null ? ", " : ",");
                    }
                    newline(b, indent, level + 1);
                    encode(l.get(i), b, sortKeys, indent, level + 1, seen, size);
                }
                newline(b, indent, level);
                b.append(']');
            }
            seen.remove(v);
        } else if (v instanceof Map<?, ?> m) {
            if (seen.containsKey(v)) {
                throw Py.valueError("Circular reference detected");
            }
            seen.put(v, Boolean.TRUE);
            List<Object[]> items = new ArrayList<>();
            for (Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(m); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                items.add(new Object[] {e.getKey(), e.getValue()});
            }
            if (sortKeys) {
                List<Object> keys = new ArrayList<>();
                for (Object[] kv : items) {
                    keys.add(PyTuple.of(kv[0], kv[1]));
                }
                List<Object> sorted = PySort.sorted(keys, null, false);
                items.clear();
                for (Object t : sorted) {
                    PyTuple pt = (PyTuple) t;
                    items.add(new Object[] {pt.get(0), pt.get(1)});
                }
            }
            if (items.isEmpty()) {
                b.append("{}");
            } else {
                b.append('{');
                boolean first = true;
                for (Object[] kv : items) {
                    String key = keyText(kv[0]);
                    if (!first) {
                        b.append(indent == null ? ", " : ",");
                    }
                    first = false;
                    newline(b, indent, level + 1);
                    string(key, b);
                    b.append(": ");
                    encode(kv[1], b, sortKeys, indent, level + 1, seen, size);
                }
                newline(b, indent, level);
                b.append('}');
            }
            seen.remove(v);
        } else if (v instanceof Undefined u) {
            throw Py.typeError("Object of type " + Py.typeName(u) + " is not JSON serializable");
        } else {
            throw Py.typeError("Object of type " + Py.typeName(v) + " is not JSON serializable");
        }
    }

    private static void newline(StringBuilder b, String indent, int level) {
        if (indent != null) {
            b.append('\n');
            for (int i = 0; i < level; i++) {
                b.append(indent);
            }
        }
    }

    private static String keyText(Object k) {
        if (Py.isStr(k)) {
            return Py.strValue(k);
        }
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean x) {
            return x ? "true" : "false";
        }
        if (Num.isInt(k)) {
            return Num.intStr(k);
        }
        if (Num.isFloat(k)) {
            return floatText(Num.toDouble(k));
        }
        throw Py.typeError("keys must be str, int, float, bool or None, not " + Py.typeName(k));
    }

    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return Num.floatRepr(d);
    }

    /** A JSON string with ensure_ascii. */
    static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** Jinja2's htmlsafe_json_dumps. */
    public static Markup htmlsafe(Object value, Object indent, dev.jsalt.jinja.value.Ops.SizeCheck size) {
        String s = dumps(value, true, indent, size);
        return new Markup(s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027"));
    }
}
