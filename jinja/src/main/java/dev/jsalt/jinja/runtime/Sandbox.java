package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.builtins.Conv;
import dev.jsalt.jinja.builtins.Methods;
import dev.jsalt.jinja.value.DictView;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyCallable;
import dev.jsalt.jinja.value.PyObject;
import dev.jsalt.jinja.value.PyRange;
import dev.jsalt.jinja.value.PyStr;
import dev.jsalt.jinja.value.PyTuple;
import dev.jsalt.jinja.value.StrFormat;
import dev.jsalt.jinja.value.Undefined;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jinja2's SandboxedEnvironment getattr/getitem/call: attribute lookup prefers the attribute ({@code d.items} is
 * the method even when d has an 'items' key), item lookup prefers the item, both fall back to the other and
 * finally to Undefined; attributes starting with an underscore are unsafe (using them raises SecurityError).
 * Host Java objects expose only what {@link dev.jsalt.jinja.JinjaObject#getAttr} answers: never reflection.
 */
public final class Sandbox {
    private Sandbox() {
    }

    /** str.format's field lookup, sandboxed. */
    public static final StrFormat.FieldAccess ACCESS = new StrFormat.FieldAccess() {
        @Override
        public Object getattr(Object obj, String name) {
            return Sandbox.getattr(obj, name);
        }

        @Override
        public Object getitem(Object obj, Object key) {
            return Sandbox.getitem(obj, key);
        }
    };

    private static final Object UNSAFE = new Object();

    /** Python's getattr: the value, {@link Missing#MISSING} (AttributeError), or UNSAFE for internals. */
    private static Object pyAttr(Object obj, String name) {
        if (name.startsWith("_")) {
            if (obj instanceof PyObject p && !(obj instanceof dev.jsalt.jinja.JinjaObject)) {
                if (name.equals("__name__") && p.getAttr(name) != Missing.MISSING) {
                    return UNSAFE;
                }
            }
            return Methods.dunder(obj, name) ? UNSAFE : Missing.MISSING;
        }
        Object v = Methods.attr(obj, name);
        if (v == Methods.UNSAFE_GENERATOR) {
            return UNSAFE;
        }
        return v;
    }

    private static Undefined unsafe(Object obj, String attr) {
        return Undefined.unsafe("access to attribute " + Py.repr(attr) + " of " + Py.repr(Py.typeName(obj)) + " object is unsafe.", obj, attr);
    }

    /** {@code obj.attr}. */
    public static Object getattr(Object obj, String attr) {
        if (obj instanceof Undefined u) {
            if (Methods.dunder(u, attr)) {
                return unsafe(u, attr);
            }
            throw u.error();
        }
        Object v = pyAttr(obj, attr);
        if (v == UNSAFE) {
            return unsafe(obj, attr);
        }
        if (v != Missing.MISSING) {
            return v;
        }
        Object item = rawGetitem(obj, attr);
        if (item != Missing.MISSING) {
            return item;
        }
        return Undefined.missingOn(obj, attr);
    }

    /** {@code obj[key]}. */
    public static Object getitem(Object obj, Object key) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        Object item = rawGetitem(obj, key);
        if (item != Missing.MISSING) {
            return item;
        }
        if (Py.isStr(key)) {
            String attr = Py.strValue(key);
            Object v = pyAttr(obj, attr);
            if (v == UNSAFE) {
                return unsafe(obj, attr);
            }
            if (v != Missing.MISSING) {
                return v;
            }
        }
        return Undefined.missingOn(obj, key);
    }

    /**
     * Python's {@code obj[key]}, {@link Missing#MISSING} where Python raises TypeError or LookupError (which
     * the sandbox catches); other errors (an undefined key) propagate.
     */
    public static Object rawGetitem(Object obj, Object key) {
        if (obj instanceof Map<?, ?> m) {
            try {
                return Py.mapGet(m, key);
            } catch (dev.jsalt.jinja.PythonError e) {
                if (e.kind() == dev.jsalt.jinja.PythonError.Kind.TypeError) {
                    return Missing.MISSING;
                }
                throw e;
            }
        }
        if (obj instanceof List<?> l && !(obj instanceof PyObject)) {
            if (!Num.isIntOrBool(key) || !Num.fitsLong(key)) {
                return Missing.MISSING;
            }
            long i = Num.toLong(key);
            int n = l.size();
            if (i < 0) {
                i += n;
            }
            return i >= 0 && i < n ? l.get((int) i) : Missing.MISSING;
        }
        if (Py.isStr(obj)) {
            if (!Num.isIntOrBool(key) || !Num.fitsLong(key)) {
                return Missing.MISSING;
            }
            String s = Py.strValue(obj);
            long n = PyStr.length(s);
            long i = Num.toLong(key);
            if (i < 0) {
                i += n;
            }
            if (i < 0 || i >= n) {
                return Missing.MISSING;
            }
            String c = PyStr.charAt(s, (int) i);
            return obj instanceof Markup ? new Markup(c) : c;
        }
        if (obj instanceof PyObject p) {
            Object v = p.getItem(key);
            if (v == Missing.MISSING && obj instanceof PyTuple t) {
                return rawGetitem(new ArrayList<>(t), key);
            }
            return v;
        }
        if (obj instanceof PyRange r) {
            if (!Num.isIntOrBool(key) || !Num.fitsLong(key)) {
                return Missing.MISSING;
            }
            long i = Num.toLong(key);
            if (i < 0) {
                i += r.length();
            }
            return i >= 0 && i < r.length() ? (Object) r.get(i) : Missing.MISSING;
        }
        return Missing.MISSING;
    }

    /** {@code obj[start:stop:step]} (slices bypass the sandbox's getitem in Jinja2, so errors propagate). */
    public static Object slice(Object obj, Object start, Object stop, Object step) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (Py.isStr(obj)) {
            String s = Py.strValue(obj);
            long len = PyStr.length(s);
            long[] r = Conv.sliceIndices(start, stop, step, len);
            String out;
            if (r[2] == 1) {
                out = PyStr.substring(s, (int) r[0], (int) Math.max(r[0], r[1]));
            } else {
                List<Object> chars = PyStr.chars(s);
                StringBuilder b = new StringBuilder();
                for (long i = 0, k = r[0]; i < r[3]; i++, k += r[2]) {
                    b.append((String) chars.get((int) k));
                }
                out = b.toString();
            }
            return obj instanceof Markup ? new Markup(out) : out;
        }
        if (obj instanceof List<?> l) {
            long[] r = Conv.sliceIndices(start, stop, step, l.size());
            List<Object> out = new ArrayList<>((int) r[3]);
            for (long i = 0, k = r[0]; i < r[3]; i++, k += r[2]) {
                out.add(l.get((int) k));
            }
            return obj instanceof PyTuple ? PyTuple.ofList(out) : out;
        }
        if (obj instanceof PyRange rg) {
            long[] r = Conv.sliceIndices(start, stop, step, rg.length());
            long first = rg.get(r[0]);
            long newStep = rg.step() * r[2];
            long last = first + r[3] * newStep;
            return new PyRange(first, r[3] == 0 ? first : last, newStep);
        }
        if (obj instanceof Map) {
            throw Py.typeError("unhashable type: 'slice'");
        }
        if (obj instanceof PyObject || obj instanceof DictView || obj == null || Num.isNumber(obj) || obj instanceof dev.jsalt.jinja.value.PyIter) {
            throw Py.typeError("'" + Py.typeName(obj) + "' object is not subscriptable");
        }
        throw Py.typeError("'" + Py.typeName(obj) + "' object is not subscriptable");
    }

    /** The engine's own callables (macros, methods, loop, builtin globals): their failures are engine errors. */
    private static boolean isEngineCallable(Object callee) {
        return callee instanceof Macro || callee instanceof LoopContext || callee instanceof Joiner || callee instanceof BlockReference
                || callee instanceof dev.jsalt.jinja.builtins.BoundMethod || dev.jsalt.jinja.builtins.Globals.isBuiltin(callee);
    }

    /** {@code callee(*args, **kwargs)} from a template. */
    public static Object call(Object callee, Context ctx, List<Object> args, Map<String, Object> kwargs) {
        return call(callee, new Invocation(ctx, args, kwargs));
    }

    public static Object call(Object callee, Invocation invocation) {
        if (callee instanceof Undefined u) {
            throw u.error();
        }
        if (callee instanceof PyCallable c && Py.isCallable(callee)) {
            if (callee instanceof dev.jsalt.jinja.JinjaCallable host && !isEngineCallable(callee)) {
                return Runtime.callHost(host, invocation);
            }
            return c.call(invocation);
        }
        throw Py.typeError("'" + Py.typeName(callee) + "' object is not callable");
    }
}
