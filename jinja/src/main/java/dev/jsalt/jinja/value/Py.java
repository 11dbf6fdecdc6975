package dev.jsalt.jinja.value;

import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.UnsupportedError;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Python's object protocol over jsalt's values: type names, truth, str/repr, equality, ordering, membership,
 * len, iteration and hashing, each as CPython 3.11 does it. Java null is None. See {@link Num} for numbers.
 */
public final class Py {
    private Py() {
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    public static PythonError typeError(String message) {
        return new PythonError(PythonError.Kind.TypeError, message);
    }

    public static PythonError valueError(String message) {
        return new PythonError(PythonError.Kind.ValueError, message);
    }

    public static PythonError error(PythonError.Kind kind, String message) {
        return new PythonError(kind, message);
    }

    // ---- types ------------------------------------------------------------------------------------------------

    public static boolean isStr(Object o) {
        return o instanceof String || o instanceof Markup;
    }

    /** The text of a str or Markup. */
    public static String strValue(Object o) {
        return o instanceof String s ? s : ((Markup) o).text();
    }

    /** A list in Python's sense: a java.util.List that is not a tuple. */
    public static boolean isList(Object o) {
        return o instanceof List && !(o instanceof PyTuple);
    }

    /** Python's {@code type(obj).__name__}. */
    public static String typeName(Object o) {
        if (o == null) {
            return "NoneType";
        }
        if (o instanceof String) {
            return "str";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (Num.isInt(o)) {
            return "int";
        }
        if (Num.isFloat(o) || o instanceof BigDecimal) {
            return "float";
        }
        if (o instanceof Markup) {
            return "Markup";
        }
        if (o instanceof PyObject p) {
            return p.typeName();
        }
        if (o instanceof PyTuple) {
            return "tuple";
        }
        if (o instanceof List) {
            return "list";
        }
        if (o instanceof Map) {
            return "dict";
        }
        if (o instanceof Set) {
            return "set";
        }
        if (o instanceof DictView v) {
            return v.typeName();
        }
        if (o instanceof PyRange) {
            return "range";
        }
        if (o instanceof PyIter i) {
            return i.typeName();
        }
        if (o instanceof Undefined u) {
            return u.isStrict() ? "StrictUndefined" : "Undefined";
        }
        if (o instanceof PyCallable) {
            return "function";
        }
        return o.getClass().getSimpleName();
    }

    /** Jinja2's object_type_repr: "dict object", "None", "jinja2.runtime.LoopContext object". */
    public static String objectTypeRepr(Object o) {
        if (o == null) {
            return "None";
        }
        String module = "builtins";
        if (o instanceof Markup) {
            module = "markupsafe";
        } else if (o instanceof PyObject p) {
            module = p.typeModule();
        } else if (o instanceof Undefined) {
            module = "jinja2.runtime";
        }
        String name = typeName(o);
        return "builtins".equals(module) ? name + " object" : module + "." + name + " object";
    }

    // ---- truth ------------------------------------------------------------------------------------------------

    public static boolean truthy(Object o) {
        if (o == null) {
            return false;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof String s) {
            return !s.isEmpty();
        }
        if (o instanceof Long l) {
            return l != 0;
        }
        if (o instanceof Undefined u) {
            u.failIfStrict();
            return false;
        }
        if (o instanceof Double d) {
            return d != 0.0;
        }
        if (Num.isInt(o)) {
            return o instanceof BigInteger b ? b.signum() != 0 : ((Number) o).longValue() != 0;
        }
        if (o instanceof Float f) {
            return f != 0.0f;
        }
        if (o instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (o instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (o instanceof Markup m) {
            return m.length() > 0;
        }
        if (o instanceof PyObject p) {
            return p.truthy();
        }
        if (o instanceof DictView v) {
            return v.size() > 0;
        }
        if (o instanceof PyRange r) {
            return r.length() > 0;
        }
        if (o instanceof BigDecimal bd) {
            return bd.signum() != 0;
        }
        return true;
    }

    // ---- str / repr -------------------------------------------------------------------------------------------

    /** Python's {@code str(obj)}. */
    public static String str(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o == null) {
            return "None";
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (o instanceof Long l) {
            return Long.toString(l);
        }
        if (o instanceof Markup m) {
            return m.text();
        }
        if (o instanceof Undefined u) {
            u.failIfStrict();
            return "";
        }
        if (Num.isInt(o)) {
            return Num.intStr(o);
        }
        if (o instanceof Double d) {
            return Num.floatRepr(d);
        }
        if (o instanceof Float f) {
            return Num.floatRepr(f.doubleValue());
        }
        if (o instanceof BigDecimal bd) {
            return Num.floatRepr(bd.doubleValue());
        }
        if (o instanceof PyObject p) {
            return p.str();
        }
        return repr(o);
    }

    /** Python's {@code repr(obj)}. */
    public static String repr(Object o) {
        StringBuilder b = new StringBuilder();
        repr(o, b, null);
        return b.toString();
    }

    private static void repr(Object o, StringBuilder b, IdentityHashMap<Object, Boolean> active) {
        if (o instanceof String s) {
            reprStr(s, b);
        } else if (o == null || o instanceof Boolean || Num.isNumber(o)) {
            b.append(str(o));
        } else if (o instanceof Markup m) {
            b.append("Markup(");
            reprStr(m.text(), b);
            b.append(')');
        } else if (o instanceof Undefined) {
            b.append("Undefined");
        } else if (o instanceof PyObject p) {
            if (o instanceof PyTuple t) {
                // a namedtuple-like runtime object (groupby's _GroupTuple) prints as a plain tuple
                reprSeq(t, b, "(", t.size() == 1 ? ",)" : ")", active);
            } else {
                b.append(p.repr());
            }
        } else if (o instanceof PyTuple t) {
            reprSeq(t, b, "(", t.size() == 1 ? ",)" : ")", active);
        } else if (o instanceof List<?> l) {
            reprSeq(l, b, "[", "]", active);
        } else if (o instanceof Map<?, ?> m) {
            if (active != null && active.containsKey(o)) {
                b.append("{...}");
                return;
            }
            if (active == null) {
                active = new IdentityHashMap<>();
            }
            active.put(o, Boolean.TRUE);
            b.append('{');
            boolean first = true;
            for (Iterator<? extends Map.Entry<?, ?>> it = mapEntryIterator(m); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                if (!first) {
                    b.append(", ");
                }
                first = false;
                repr(e.getKey(), b, active);
                b.append(": ");
                repr(e.getValue(), b, active);
            }
            b.append('}');
            active.remove(o);
        } else if (o instanceof Set<?> s) {
            if (s.isEmpty()) {
                b.append("set()");
            } else {
                reprSeq(new ArrayList<>(s), b, "{", "}", active);
            }
        } else if (o instanceof DictView v) {
            b.append(v.typeName()).append('(');
            List<Object> items = new ArrayList<>();
            v.iterator().forEachRemaining(items::add);
            reprSeq(items, b, "[", "]", active);
            b.append(')');
        } else if (o instanceof PyRange r) {
            b.append(r.repr());
        } else if (o instanceof PyIter i) {
            b.append(i.repr());
        } else if (o instanceof PyCallable) {
            b.append("<function ").append(o.getClass().getSimpleName()).append(" at ").append(fakeAddress(o)).append('>');
        } else {
            b.append("<java ").append(o.getClass().getSimpleName()).append(" object>");
        }
    }

    private static void reprSeq(List<?> l, StringBuilder b, String open, String close, IdentityHashMap<Object, Boolean> active) {
        if (active != null && active.containsKey(l)) {
            b.append(open).append("...").append(close.endsWith(",)") ? ")" : close);
            return;
        }
        if (active == null) {
            active = new IdentityHashMap<>();
        }
        active.put(l, Boolean.TRUE);
        b.append(open);
        int n = l.size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(", ");
            }
            repr(l.get(i), b, active);
        }
        b.append(close);
        active.remove(l);
    }

    /** Python's repr of a str: quote choice and escapes as unicode_repr. */
    public static void reprStr(String s, StringBuilder b) {
        char quote = '\'';
        if (s.indexOf('\'') >= 0 && s.indexOf('"') < 0) {
            quote = '"';
        }
        b.append(quote);
        int n = s.length();
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                b.append('\\').append((char) cp);
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\r') {
                b.append("\\r");
            } else if (cp < ' ' || cp == 0x7f) {
                b.append("\\x").append(hex2(cp));
            } else if (cp < 0x7f) {
                b.append((char) cp);
            } else if (PyStr.isPrintable(cp)) {
                b.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                b.append("\\x").append(hex2(cp));
            } else if (cp <= 0xffff) {
                b.append("\\u").append(String.format("%04x", cp));
            } else {
                b.append("\\U").append(String.format("%08x", cp));
            }
        }
        b.append(quote);
    }

    private static String hex2(int c) {
        return (c < 16 ? "0" : "") + Integer.toHexString(c);
    }

    /** A Python-looking object address: stable for the object, not reproducible between runs (as in Python). */
    public static String fakeAddress(Object o) {
        return String.format("0x7f%010x", (System.identityHashCode(o) & 0xffffffffL) * 16);
    }

    // ---- equality ---------------------------------------------------------------------------------------------

    /** Python's {@code a == b}. */
    public static boolean eq(Object a, Object b) {
        if (a instanceof Undefined u) {
            return undefinedEq(u, b);
        }
        if (b instanceof Undefined u) {
            return undefinedEq(u, a);
        }
        return eqNoUndef(a, b, 0);
    }

    private static boolean undefinedEq(Undefined u, Object other) {
        u.failIfStrict();
        if (other instanceof Undefined o) {
            o.failIfStrict();
            return true;
        }
        return false;
    }

    /** PyObject_RichCompareBool: identity first (what containers use, so {@code [nan] == [nan]}). */
    public static boolean eqBool(Object a, Object b) {
        return a == b || eq(a, b);
    }

    private static boolean eqNoUndef(Object a, Object b, int depth) {
        if (a instanceof String s) {
            return b instanceof String t ? s.equals(t) : b instanceof Markup m && s.equals(m.text());
        }
        if (a == null || b == null) {
            return a == b;
        }
        if (Num.isNumber(a)) {
            return Num.isNumber(b) && !isNaN(a) && !isNaN(b) && Ops.numCompare(a, b) == 0;
        }
        if (a instanceof Markup m) {
            return isStr(b) && m.text().equals(strValue(b));
        }
        if (depth > 500) {
            throw error(PythonError.Kind.RecursionError, "maximum recursion depth exceeded in comparison");
        }
        if (a instanceof PyTuple || b instanceof PyTuple) {
            if (!(a instanceof PyTuple ta) || !(b instanceof PyTuple tb)) {
                return false;
            }
            return seqEq(ta, tb, depth);
        }
        if (a instanceof List<?> la) {
            return b instanceof List<?> lb && !(b instanceof PyTuple) && seqEq(la, lb, depth);
        }
        if (a instanceof Map<?, ?> ma) {
            if (!(b instanceof Map<?, ?> mb) || ma.size() != mb.size()) {
                return false;
            }
            for (Iterator<? extends Map.Entry<?, ?>> it = mapEntryIterator(ma); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                Object other = mapGet(mb, e.getKey());
                if (other == Missing.MISSING) {
                    return false;
                }
                Object mine = e.getValue();
                if (mine != other && !eqDepth(mine, other, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof PyRange ra) {
            if (!(b instanceof PyRange rb)) {
                return false;
            }
            if (ra.length() != rb.length()) {
                return false;
            }
            if (ra.length() == 0) {
                return true;
            }
            return ra.start() == rb.start() && (ra.length() == 1 || ra.step() == rb.step());
        }
        if (a instanceof Set<?> sa) {
            return setLike(b) && sameElements(sa, b);
        }
        if (a instanceof DictView va) {
            if (va.kind() == DictView.Kind.VALUES) {
                return a == b;
            }
            return setLike(b) && sameElements(a, b);
        }
        return a == b || (!(a instanceof PyObject) && !(a instanceof PyCallable) && a.equals(b));
    }

    private static boolean eqDepth(Object a, Object b, int depth) {
        if (a instanceof Undefined || b instanceof Undefined) {
            return eq(a, b);
        }
        return eqNoUndef(a, b, depth);
    }

    private static boolean seqEq(List<?> a, List<?> b, int depth) {
        int n = a.size();
        if (n != b.size()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x != y && !eqDepth(x, y, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private static boolean setLike(Object o) {
        return o instanceof Set || (o instanceof DictView v && v.kind() != DictView.Kind.VALUES);
    }

    private static boolean sameElements(Object a, Object b) {
        if (len(a) != len(b)) {
            return false;
        }
        for (Iterator<Object> it = iter(a); it.hasNext(); ) {
            if (!contains(b, it.next())) {
                return false;
            }
        }
        return true;
    }

    static boolean isNaN(Object o) {
        return (o instanceof Double d && d.isNaN()) || (o instanceof Float f && f.isNaN());
    }

    // ---- ordering ---------------------------------------------------------------------------------------------

    public enum Cmp {
        LT("<"), LE("<="), GT(">"), GE(">=");
        final String symbol;

        Cmp(String symbol) {
            this.symbol = symbol;
        }
    }

    /** Python's {@code a < b} (and friends), raising TypeError where Python does. */
    public static boolean compare(Object a, Object b, Cmp op) {
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        if (Num.isNumber(a) && Num.isNumber(b)) {
            if (isNaN(a) || isNaN(b)) {
                return false;
            }
            return test(Ops.numCompare(a, b), op);
        }
        if (isStr(a) && isStr(b)) {
            return test(PyStr.compare(strValue(a), strValue(b)), op);
        }
        if ((a instanceof PyTuple && b instanceof PyTuple) || (isList(a) && isList(b))) {
            List<?> la = (List<?>) a;
            List<?> lb = (List<?>) b;
            int n = Math.min(la.size(), lb.size());
            for (int i = 0; i < n; i++) {
                Object x = la.get(i);
                Object y = lb.get(i);
                if (!eqBool(x, y)) {
                    return compare(x, y, op);
                }
            }
            return test(Integer.compare(la.size(), lb.size()), op);
        }
        if (setLike(a) && setLike(b)) {
            long na = len(a);
            long nb = len(b);
            return switch (op) {
                case LE -> na <= nb && subset(a, b);
                case LT -> na < nb && subset(a, b);
                case GE -> na >= nb && subset(b, a);
                case GT -> na > nb && subset(b, a);
            };
        }
        throw typeError("'" + op.symbol + "' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static boolean subset(Object a, Object b) {
        for (Iterator<Object> it = iter(a); it.hasNext(); ) {
            if (!contains(b, it.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean test(int c, Cmp op) {
        return switch (op) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }

    public static boolean lt(Object a, Object b) {
        return compare(a, b, Cmp.LT);
    }

    // ---- containers -------------------------------------------------------------------------------------------

    /** Python's {@code item in container}. */
    public static boolean contains(Object container, Object item) {
        if (container instanceof String || container instanceof Markup) {
            // str.__contains__ checks the type itself: an undefined operand is a TypeError here
            if (!isStr(item)) {
                throw typeError("'in <string>' requires string as left operand, not " + typeName(item));
            }
            return strValue(container).contains(strValue(item));
        }
        if (container instanceof List<?> l) {
            int n = l.size();
            for (int i = 0; i < n && i < l.size(); i++) {
                if (eqBool(l.get(i), item)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof Map<?, ?> m) {
            return mapGet(m, item) != Missing.MISSING;
        }
        if (container instanceof Undefined u) {
            throw u.error();
        }
        if (container instanceof Set<?> s) {
            Object key = hashKey(item);
            for (Object e : s) {
                if (eqBool(e, item) || eqBool(hashKey(e), key)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof DictView v) {
            if (v.kind() == DictView.Kind.KEYS) {
                return mapGet(v.map(), item) != Missing.MISSING;
            }
            if (v.kind() == DictView.Kind.ITEMS) {
                if (!(item instanceof PyTuple t) || t.size() != 2) {
                    return false;
                }
                Object value = mapGet(v.map(), t.get(0));
                return value != Missing.MISSING && eqBool(value, t.get(1));
            }
        }
        if (container instanceof PyRange r) {
            if (Num.isIntOrBool(item)) {
                return Num.fitsLong(item) && r.containsLong(Num.toLong(item));
            }
        }
        if (container instanceof PyObject p && !(container instanceof Iterable)) {
            Object contains = p.getAttr("__contains__");
            if (contains == Missing.MISSING && !isIterable(container)) {
                throw typeError("argument of type '" + typeName(container) + "' is not iterable");
            }
        }
        if (!isIterable(container)) {
            throw typeError("argument of type '" + typeName(container) + "' is not iterable");
        }
        for (Iterator<Object> it = iter(container); it.hasNext(); ) {
            if (eqBool(it.next(), item)) {
                return true;
            }
        }
        return false;
    }

    /** Python's len(). */
    public static long len(Object o) {
        if (o instanceof String s) {
            return PyStr.length(s);
        }
        if (o instanceof Collection<?> c) {
            return c.size();
        }
        if (o instanceof Map<?, ?> m) {
            return m.size();
        }
        if (o instanceof Markup m) {
            return PyStr.length(m.text());
        }
        if (o instanceof DictView v) {
            return v.size();
        }
        if (o instanceof PyRange r) {
            return r.length();
        }
        if (o instanceof Undefined u) {
            u.failIfStrict();
            return 0;
        }
        if (o instanceof PyObject p) {
            Object length = p.getAttr("__len__");
            if (length instanceof Long l) {
                return l;
            }
        }
        throw typeError("object of type '" + typeName(o) + "' has no len()");
    }

    public static boolean hasLen(Object o) {
        if (o instanceof String || o instanceof Collection || o instanceof Map || o instanceof Markup || o instanceof DictView
                || o instanceof PyRange) {
            return true;
        }
        return o instanceof PyObject p && p.getAttr("__len__") instanceof Long;
    }

    public static boolean isIterable(Object o) {
        return o instanceof String || o instanceof Iterable || o instanceof Map || o instanceof Markup || o instanceof DictView
                || o instanceof PyRange || o instanceof PyIter || (o instanceof Undefined u && !u.isStrict())
                || (o instanceof PyObject p && p.getAttr("__iter__") != Missing.MISSING);
    }

    /** Python's iter(). Lists iterate live by index (appending while iterating is seen, as in Python). */
    @SuppressWarnings("unchecked")
    public static Iterator<Object> iter(Object o) {
        if (o instanceof List<?> l) {
            return listIterator(l);
        }
        if (o instanceof String s) {
            return PyStr.chars(s).iterator();
        }
        if (o instanceof Map<?, ?> m) {
            Iterator<? extends Map.Entry<?, ?>> it = mapEntryIterator(m);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Object next() {
                    return it.next().getKey();
                }
            };
        }
        if (o instanceof PyIter i) {
            return i;
        }
        if (o instanceof Undefined u) {
            u.failIfStrict();
            return java.util.Collections.emptyIterator();
        }
        if (o instanceof Markup m) {
            // str.__iter__ yields plain str characters, even for Markup
            return PyStr.chars(m.text()).iterator();
        }
        if (o instanceof DictView v) {
            return guard(v.iterator());
        }
        if (o instanceof PyRange r) {
            return r.iterator();
        }
        if (o instanceof Iterable<?> it) {
            return guard((Iterator<Object>) it.iterator());
        }
        if (o instanceof PyObject p) {
            Object f = p.getAttr("__iter__");
            if (f instanceof Iterator<?> it) {
                return (Iterator<Object>) it;
            }
        }
        throw typeError("'" + typeName(o) + "' object is not iterable");
    }

    private static Iterator<Object> listIterator(List<?> l) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < l.size();
            }

            @Override
            public Object next() {
                if (i >= l.size()) {
                    throw new NoSuchElementException();
                }
                return l.get(i++);
            }
        };
    }

    /** A host iterator whose concurrent modification becomes Python's RuntimeError. */
    static <T> Iterator<T> guard(Iterator<T> it) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                try {
                    return it.next();
                } catch (ConcurrentModificationException e) {
                    throw error(PythonError.Kind.RuntimeError, "dictionary changed size during iteration");
                }
            }
        };
    }

    /** A list of everything the iterable yields (Python's list(x)). */
    public static List<Object> toList(Object o) {
        if (o instanceof List<?> l && !(o instanceof PyIter)) {
            return new ArrayList<>(l);
        }
        List<Object> out = new ArrayList<>();
        for (Iterator<Object> it = iter(o); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    // ---- dicts ------------------------------------------------------------------------------------------------

    /**
     * The key as Python hashes it: equal keys ({@code 1}, {@code 1.0}, {@code True}) map to one Java object.
     * Lists, dicts and sets are unhashable (TypeError), an undefined value raises.
     */
    public static Object hashKey(Object k) {
        if (k == null || k instanceof String || k instanceof Long) {
            return k;
        }
        if (k instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (k instanceof Integer || k instanceof Short || k instanceof Byte) {
            return ((Number) k).longValue();
        }
        if (k instanceof BigInteger b) {
            return Num.norm(b);
        }
        if (k instanceof Double || k instanceof Float) {
            double d = ((Number) k).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                if (Math.abs(d) < 9.2e18) {
                    return (long) d;
                }
                return Num.norm(new BigDecimal(d).toBigInteger());
            }
            return d;
        }
        if (k instanceof Markup m) {
            return m.text();
        }
        if (k instanceof PyTuple t) {
            Object[] keys = new Object[t.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = hashKey(t.get(i));
            }
            return new TupleKey(List.of(nullSafe(keys)));
        }
        if (k instanceof Undefined u) {
            throw u.error();
        }
        if (k instanceof List || k instanceof Map || k instanceof Set) {
            throw typeError("unhashable type: '" + typeName(k) + "'");
        }
        if (k instanceof BigDecimal bd) {
            return hashKey(bd.doubleValue());
        }
        return k;
    }

    private static Object[] nullSafe(Object[] keys) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null) {
                keys[i] = NONE_KEY;
            }
        }
        return keys;
    }

    private static final Object NONE_KEY = new Object();

    record TupleKey(List<Object> keys) {
    }

    /** {@code m[key]} with Python key equality, or {@link Missing#MISSING}; works on host maps too. */
    public static Object mapGet(Map<?, ?> m, Object key) {
        if (m instanceof PyDict d) {
            return d.lookup(key);
        }
        Object hk = hashKey(key);
        Object v = m.get(key);
        if (v != null || m.containsKey(key)) {
            return v;
        }
        if (hk instanceof String || hk == null) {
            return Missing.MISSING;
        }
        // host maps hold Integer/Boolean/String keys: compare as Python does
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object k = e.getKey();
            if (k instanceof String) {
                continue;
            }
            Object ek;
            try {
                ek = hashKey(k);
            } catch (RuntimeException unhashable) {
                continue;
            }
            if (ek.equals(hk)) {
                return e.getValue();
            }
        }
        return Missing.MISSING;
    }

    /** The existing key equal to {@code key} in a host map, or {@code key} itself. */
    public static Object mapKey(Map<?, ?> m, Object key) {
        if (m.containsKey(key) || isStr(key)) {
            return key;
        }
        Object hk = hashKey(key);
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                try {
                    if (hashKey(k).equals(hk)) {
                        return k;
                    }
                } catch (RuntimeException ignored) {
                    // an unhashable key in a host map never equals a hashable one
                }
            }
        }
        return key;
    }

    /** {@code m[key] = value} with Python key identity (the first-inserted equal key is kept). */
    @SuppressWarnings("unchecked")
    public static void mapPut(Map<?, ?> m, Object key, Object value) {
        try {
            if (m instanceof PyDict d) {
                d.put(key, value);
            } else {
                ((Map<Object, Object>) m).put(mapKey(m, key), value);
            }
        } catch (UnsupportedOperationException e) {
            throw typeError("'" + typeName(m) + "' object does not support item assignment");
        }
    }

    /** Iterates a dict's entries; changing its size meanwhile is Python's RuntimeError at the next step. */
    public static Iterator<? extends Map.Entry<?, ?>> mapEntryIterator(Map<?, ?> m) {
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        int size = m.size();
        return new Iterator<Map.Entry<?, ?>>() {
            private void check() {
                if (m.size() != size) {
                    throw error(PythonError.Kind.RuntimeError, "dictionary changed size during iteration");
                }
            }

            @Override
            public boolean hasNext() {
                check();
                return it.hasNext();
            }

            @Override
            public Map.Entry<?, ?> next() {
                check();
                try {
                    return it.next();
                } catch (ConcurrentModificationException e) {
                    throw error(PythonError.Kind.RuntimeError, "dictionary keys changed during iteration");
                }
            }
        };
    }

    // ---- misc -------------------------------------------------------------------------------------------------

    /** Python's callable(). */
    public static boolean isCallable(Object o) {
        if (o instanceof PyObject p) {
            return p.isCallable();
        }
        return o instanceof PyCallable || o instanceof Undefined;
    }

    /** Refuses a construct jsalt does not implement. */
    public static UnsupportedError unsupported(String what) {
        return new UnsupportedError(what);
    }
}
