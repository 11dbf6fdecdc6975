package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyObject;
import dev.jsalt.jinja.value.PyStr;
import dev.jsalt.jinja.value.PyTuple;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Python's pprint.pformat(obj) (width 80, indent 1, sort_dicts) for Jinja2's pprint filter. */
public final class PPrint {
    private PPrint() {
    }

    private static final int WIDTH = 80;

    public static String pformat(Object obj) {
        StringBuilder b = new StringBuilder();
        format(obj, b, 0, 0, new IdentityHashMap<>(), 0);
        return b.toString();
    }

    private static boolean isDict(Object o) {
        return o instanceof Map;
    }

    private static boolean isPlainList(Object o) {
        return o instanceof List && !(o instanceof PyTuple);
    }

    private static boolean isPlainTuple(Object o) {
        return o instanceof PyTuple && !(o instanceof PyObject);
    }

    private static void format(Object obj, StringBuilder out, int indent, int allowance, IdentityHashMap<Object, Boolean> context,
                               int level) {
        if (context.containsKey(obj)) {
            out.append(recursion(obj));
            return;
        }
        String rep = safeRepr(obj, new IdentityHashMap<>(context));
        int maxWidth = WIDTH - indent - allowance;
        if (PyStr.length(rep) > maxWidth) {
            if (isDict(obj)) {
                context.put(obj, Boolean.TRUE);
                out.append('{');
                Map<?, ?> m = (Map<?, ?>) obj;
                if (!m.isEmpty()) {
                    formatDictItems(sortedItems(m), out, indent, allowance + 1, context, level + 1);
                }
                out.append('}');
                context.remove(obj);
                return;
            }
            if (isPlainList(obj)) {
                context.put(obj, Boolean.TRUE);
                out.append('[');
                formatItems((List<?>) obj, out, indent, allowance + 1, context, level + 1);
                out.append(']');
                context.remove(obj);
                return;
            }
            if (isPlainTuple(obj)) {
                context.put(obj, Boolean.TRUE);
                out.append('(');
                String end = ((List<?>) obj).size() == 1 ? ",)" : ")";
                formatItems((List<?>) obj, out, indent, allowance + end.length(), context, level + 1);
                out.append(end);
                context.remove(obj);
                return;
            }
            if (obj instanceof Set<?> s) {
                context.put(obj, Boolean.TRUE);
                if (s.isEmpty()) {
                    out.append(rep);
                } else {
                    out.append('{');
                    formatItems(sortedSafe(new ArrayList<>(s)), out, indent, allowance + 1, context, level + 1);
                    out.append('}');
                }
                context.remove(obj);
                return;
            }
            if (obj instanceof String s) {
                pprintStr(s, out, indent, allowance, level + 1);
                return;
            }
        }
        out.append(rep);
    }

    private static void formatDictItems(List<Object[]> items, StringBuilder out, int indent, int allowance,
                                        IdentityHashMap<Object, Boolean> context, int level) {
        indent += 1;
        String delimnl = ",\n" + " ".repeat(indent);
        int last = items.size() - 1;
        for (int i = 0; i < items.size(); i++) {
            String rep = safeRepr(items.get(i)[0], new IdentityHashMap<>(context));
            out.append(rep).append(": ");
            format(items.get(i)[1], out, indent + PyStr.length(rep) + 2, i == last ? allowance : 1, context, level);
            if (i != last) {
                out.append(delimnl);
            }
        }
    }

    private static void formatItems(List<?> items, StringBuilder out, int indent, int allowance, IdentityHashMap<Object, Boolean> context,
                                    int level) {
        indent += 1;
        String delimnl = ",\n" + " ".repeat(indent);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(delimnl);
            }
            format(items.get(i), out, indent, i == items.size() - 1 ? allowance : 1, context, level);
        }
    }

    private static void pprintStr(String s, StringBuilder out, int indent, int allowance, int level) {
        if (s.isEmpty()) {
            out.append(Py.repr(s));
            return;
        }
        List<String> chunks = new ArrayList<>();
        List<Object> lines = PyStr.splitlines(s, true);
        if (level == 1) {
            indent += 1;
            allowance += 1;
        }
        int maxWidth1 = WIDTH - indent;
        int maxWidth = maxWidth1;
        String rep = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = (String) lines.get(i);
            rep = Py.repr(line);
            if (i == lines.size() - 1) {
                maxWidth1 -= allowance;
            }
            if (PyStr.length(rep) <= maxWidth1) {
                chunks.add(rep);
            } else {
                List<String> parts = splitParts(line);
                int maxWidth2 = maxWidth;
                String current = "";
                for (int j = 0; j < parts.size(); j++) {
                    String candidate = current + parts.get(j);
                    if (j == parts.size() - 1 && i == lines.size() - 1) {
                        maxWidth2 -= allowance;
                    }
                    if (PyStr.length(Py.repr(candidate)) > maxWidth2) {
                        if (!current.isEmpty()) {
                            chunks.add(Py.repr(current));
                        }
                        current = parts.get(j);
                    } else {
                        current = candidate;
                    }
                }
                if (!current.isEmpty()) {
                    chunks.add(Py.repr(current));
                }
            }
        }
        if (chunks.size() == 1) {
            out.append(rep);
            return;
        }
        if (level == 1) {
            out.append('(');
        }
        for (int i = 0; i < chunks.size(); i++) {
            if (i > 0) {
                out.append('\n').append(" ".repeat(indent));
            }
            out.append(chunks.get(i));
        }
        if (level == 1) {
            out.append(')');
        }
    }

    /** re.findall(r'\S*\s*', line) without the final empty match. */
    private static List<String> splitParts(String line) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            int j = i;
            while (j < n && !PyStr.isSpace(line.charAt(j))) {
                j++;
            }
            while (j < n && PyStr.isSpace(line.charAt(j))) {
                j++;
            }
            parts.add(line.substring(i, j));
            i = j;
        }
        return parts;
    }

    private static String recursion(Object o) {
        return "<Recursion on " + Py.typeName(o) + " with id=" + System.identityHashCode(o) + ">";
    }

    /** pprint's _safe_key ordering: natural order, or by type name when the types do not compare. */
    private static int safeCompare(Object a, Object b) {
        try {
            if (Py.lt(a, b)) {
                return -1;
            }
            if (Py.lt(b, a)) {
                return 1;
            }
            return 0;
        } catch (JinjaException e) {
            if (!(e instanceof PythonError p) || p.kind() != PythonError.Kind.TypeError) {
                throw e;
            }
            String ta = "<class '" + Py.typeName(a) + "'>";
            String tb = "<class '" + Py.typeName(b) + "'>";
            int c = ta.compareTo(tb);
            return c != 0 ? c : Integer.compare(System.identityHashCode(a), System.identityHashCode(b));
        }
    }

    private static List<Object[]> sortedItems(Map<?, ?> m) {
        List<Object[]> items = new ArrayList<>();
        for (Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(m); it.hasNext(); ) {
            Map.Entry<?, ?> e = it.next();
            items.add(new Object[] {e.getKey(), e.getValue()});
        }
        items.sort((x, y) -> {
            int c = safeCompare(x[0], y[0]);
            return c != 0 ? c : safeCompare(x[1], y[1]);
        });
        return items;
    }

    private static List<Object> sortedSafe(List<Object> items) {
        items.sort(PPrint::safeCompare);
        return items;
    }

    /** pprint's saferepr: repr with dicts sorted and recursion marked. */
    static String safeRepr(Object o, IdentityHashMap<Object, Boolean> context) {
        if (o instanceof String || o == null || o instanceof Boolean || Num.isNumber(o) || o instanceof Markup) {
            return Py.repr(o);
        }
        if (o instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return "{}";
            }
            if (context.containsKey(o)) {
                return recursion(o);
            }
            context.put(o, Boolean.TRUE);
            List<String> parts = new ArrayList<>();
            for (Object[] kv : sortedItems(m)) {
                parts.add(safeRepr(kv[0], context) + ": " + safeRepr(kv[1], context));
            }
            context.remove(o);
            return "{" + String.join(", ", parts) + "}";
        }
        if (isPlainList(o) || isPlainTuple(o)) {
            List<?> l = (List<?>) o;
            boolean list = isPlainList(o);
            if (l.isEmpty()) {
                return list ? "[]" : "()";
            }
            if (context.containsKey(o)) {
                return recursion(o);
            }
            context.put(o, Boolean.TRUE);
            List<String> parts = new ArrayList<>();
            for (Object x : l) {
                parts.add(safeRepr(x, context));
            }
            context.remove(o);
            String body = String.join(", ", parts);
            return list ? "[" + body + "]" : l.size() == 1 ? "(" + body + ",)" : "(" + body + ")";
        }
        return Py.repr(o);
    }
}
