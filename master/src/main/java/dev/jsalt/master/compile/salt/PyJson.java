package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.JinjaObject;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.Undefined;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json} module as Salt calls it ({@code salt.utils.json.dumps/loads}): {@code dumps} with
 * {@code sort_keys}, {@code indent} and {@code ensure_ascii} (Salt's default is False), Python's separators, float
 * reprs, {@code NaN}/{@code Infinity}; {@code loads} with Python's leniencies (NaN, big integers, last duplicate key
 * wins in the first key's place) and strictness (no control characters in strings, nothing after the value).
 */
public final class PyJson {
    private PyJson() {
    }

    public static String dumps(Object value, boolean sortKeys, Object indent, boolean ensureAscii) {
        String ind = null;
        if (indent != null) {
            if (Num.isIntOrBool(indent)) {
                ind = " ".repeat((int) Math.max(0, Math.min(Num.toLong(indent), 10_000)));
            } else if (Py.isStr(indent)) {
                ind = Py.strValue(indent);
            } else {
                throw Py.typeError("can't multiply sequence by non-int of type '" + Py.typeName(indent) + "'");
            }
        }
        StringBuilder b = new StringBuilder();
        encode(value, b, sortKeys, ind, ensureAscii, 0, new IdentityHashMap<>());
        return b.toString();
    }

    private static void encode(Object v, StringBuilder b, boolean sortKeys, String indent, boolean ascii, int level,
                               IdentityHashMap<Object, Boolean> seen) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean x) {
            b.append(x ? "true" : "false");
        } else if (v instanceof String || v instanceof Markup) {
            string(v.toString(), b, ascii);
        } else if (Num.isInt(v)) {
            b.append(Num.intStr(v));
        } else if (Num.isFloat(v) || v instanceof java.math.BigDecimal) {
            b.append(floatText(Num.toDouble(v)));
        } else if (v instanceof List<?> l) {
            if (seen.put(v, Boolean.TRUE) != null) {
                throw Py.valueError("Circular reference detected");
            }
            if (l.isEmpty()) {
                b.append("[]");
            } else {
                b.append('[');
                boolean first = true;
                for (Object item : new ArrayList<>(l)) {
                    if (!first) {
                        b.append(indent == null ? ", " : ",");
                    }
                    first = false;
                    newline(b, indent, level + 1);
                    encode(item, b, sortKeys, indent, ascii, level + 1, seen);
                }
                newline(b, indent, level);
                b.append(']');
            }
            seen.remove(v);
        } else if (v instanceof Map<?, ?> m) {
            if (seen.put(v, Boolean.TRUE) != null) {
                throw Py.valueError("Circular reference detected");
            }
            List<Object[]> items = new ArrayList<>();
            for (Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(m); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                items.add(new Object[] {e.getKey(), e.getValue()});
            }
            if (sortKeys) {
                List<Object[]> sorted = SaltYaml.sortedItems(items);
                if (sorted == items && items.size() > 1) {
                    // sortedItems swallows the TypeError; json.dumps lets it through
                    List<Object> keys = new ArrayList<>();
                    for (Object[] kv : items) {
                        keys.add(kv[0]);
                    }
                    dev.jsalt.jinja.builtins.PySort.sorted(keys, null, false);
                }
                items = sorted;
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
                    string(key, b, ascii);
                    b.append(": ");
                    encode(kv[1], b, sortKeys, indent, ascii, level + 1, seen);
                }
                newline(b, indent, level);
                b.append('}');
            }
            seen.remove(v);
        } else if (v instanceof JinjaObject o && !(v instanceof Undefined)) {
            // a jsalt host value (a secret pillar value): its text
            string(o.str(), b, ascii);
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
        if (k instanceof String || k instanceof Markup) {
            return k.toString();
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

    static void string(String s, StringBuilder b, boolean ascii) {
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
                    if (c < 0x20 || (ascii && c > 0x7e)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    // ---- loads -------------------------------------------------------------------------------------------------

    /** Thrown for any text Python's json.loads refuses. */
    public static final class JsonError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsonError(String message) {
            super(message);
        }
    }

    /** json.loads: objects become {@link PyDict}s. */
    public static Object loads(String text) {
        Parser p = new Parser(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) {
            throw new JsonError("Extra data: char " + p.i);
        }
        return v;
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) {
            this.s = s;
        }

        void ws() {
            while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        JsonError err(String what) {
            return new JsonError(what + ": char " + i);
        }

        Object value() {
            if (i >= s.length()) {
                throw err("Expecting value");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    PyDict d = new PyDict();
                    ws();
                    if (i < s.length() && s.charAt(i) == '}') {
                        i++;
                        return d;
                    }
                    while (true) {
                        ws();
                        if (i >= s.length() || s.charAt(i) != '"') {
                            throw err("Expecting property name enclosed in double quotes");
                        }
                        String k = str();
                        ws();
                        if (i >= s.length() || s.charAt(i) != ':') {
                            throw err("Expecting ':' delimiter");
                        }
                        i++;
                        ws();
                        d.put(k, value());
                        ws();
                        if (i < s.length() && s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        if (i < s.length() && s.charAt(i) == '}') {
                            i++;
                            return d;
                        }
                        throw err("Expecting ',' delimiter");
                    }
                }
                case '[' -> {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (i < s.length() && s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        ws();
                        l.add(value());
                        ws();
                        if (i < s.length() && s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        if (i < s.length() && s.charAt(i) == ']') {
                            i++;
                            return l;
                        }
                        throw err("Expecting ',' delimiter");
                    }
                }
                case '"' -> {
                    return str();
                }
                default -> {
                    if (s.startsWith("null", i)) {
                        i += 4;
                        return null;
                    }
                    if (s.startsWith("true", i)) {
                        i += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", i)) {
                        i += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("NaN", i)) {
                        i += 3;
                        return Double.NaN;
                    }
                    if (s.startsWith("Infinity", i)) {
                        i += 8;
                        return Double.POSITIVE_INFINITY;
                    }
                    if (s.startsWith("-Infinity", i)) {
                        i += 9;
                        return Double.NEGATIVE_INFINITY;
                    }
                    return number();
                }
            }
        }

        Object number() {
            int start = i;
            if (i < s.length() && s.charAt(i) == '-') {
                i++;
            }
            if (i < s.length() && s.charAt(i) == '0') {
                i++;
            } else if (i < s.length() && s.charAt(i) >= '1' && s.charAt(i) <= '9') {
                while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                    i++;
                }
            } else {
                i = start;
                throw err("Expecting value");
            }
            boolean isFloat = false;
            if (i + 1 < s.length() && s.charAt(i) == '.' && isAsciiDigit(s.charAt(i + 1))) {
                isFloat = true;
                i++;
                while (i < s.length() && isAsciiDigit(s.charAt(i))) {
                    i++;
                }
            }
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                int save = i;
                i++;
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                    i++;
                }
                if (i < s.length() && isAsciiDigit(s.charAt(i))) {
                    isFloat = true;
                    while (i < s.length() && isAsciiDigit(s.charAt(i))) {
                        i++;
                    }
                } else {
                    i = save;
                }
            }
            String text = s.substring(start, i);
            if (isFloat) {
                return Double.parseDouble(text);
            }
            return Num.norm(new BigInteger(text));
        }

        private static boolean isAsciiDigit(char c) {
            return c >= '0' && c <= '9';
        }

        String str() {
            i++;
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw err("Unterminated string starting at");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw err("Invalid control character at");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw err("Unterminated string starting at");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"' -> b.append('"');
                    case '\\' -> b.append('\\');
                    case '/' -> b.append('/');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw err("Invalid \\uXXXX escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw err("Invalid \\uXXXX escape");
                        }
                        i += 4;
                    }
                    default -> throw err("Invalid \\escape");
                }
            }
        }
    }

    /** For callers that need to tell a refusal from a bug. */
    static boolean isPythonError(RuntimeException e) {
        return e instanceof PythonError;
    }
}
