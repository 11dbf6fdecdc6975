package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.DictView;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyIter;
import dev.jsalt.jinja.value.PyObject;
import dev.jsalt.jinja.value.PyRange;
import dev.jsalt.jinja.value.PyTuple;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attributes Python's getattr finds on built-in values: methods as {@link BoundMethod}s, properties as
 * values. Only what Python has: anything else is "no attribute". Names starting with an underscore are answered
 * by {@link #dunder} (the sandbox refuses them).
 */
public final class Methods {
    private Methods() {
    }

    private static final Set<String> OBJECT_DUNDERS = Set.of("__class__", "__delattr__", "__dir__", "__doc__", "__eq__",
            "__format__", "__ge__", "__getattribute__", "__getstate__", "__gt__", "__hash__", "__init__", "__init_subclass__",
            "__le__", "__lt__", "__ne__", "__new__", "__reduce__", "__reduce_ex__", "__repr__", "__setattr__", "__sizeof__",
            "__str__", "__subclasshook__");
    private static final Set<String> CONTAINER_DUNDERS = Set.of("__add__", "__class_getitem__", "__contains__", "__delitem__",
            "__getitem__", "__getnewargs__", "__iadd__", "__imul__", "__iter__", "__len__", "__mul__", "__reversed__", "__rmul__",
            "__setitem__", "__mod__", "__rmod__", "__ior__", "__or__", "__ror__", "__bool__");
    private static final Set<String> NUMBER_DUNDERS = Set.of("__abs__", "__add__", "__and__", "__bool__", "__ceil__", "__divmod__",
            "__float__", "__floor__", "__floordiv__", "__getnewargs__", "__index__", "__int__", "__invert__", "__lshift__",
            "__mod__", "__mul__", "__neg__", "__or__", "__pos__", "__pow__", "__radd__", "__rand__", "__rdivmod__", "__rfloordiv__",
            "__rlshift__", "__rmod__", "__rmul__", "__ror__", "__round__", "__rpow__", "__rrshift__", "__rshift__", "__rsub__",
            "__rtruediv__", "__rxor__", "__sub__", "__truediv__", "__trunc__", "__xor__", "__getformat__");
    private static final Set<String> OBJECT_EXTRA = Set.of("__dict__", "__module__", "__weakref__", "__call__", "__len__", "__iter__",
            "__next__", "__html__", "__html_format__", "__slots__");

    /** True when Python's getattr finds this underscore name on the value (so the sandbox calls it unsafe). */
    public static boolean dunder(Object obj, String name) {
        if (OBJECT_DUNDERS.contains(name)) {
            return true;
        }
        if (obj == null) {
            return name.equals("__bool__");
        }
        if (Num.isNumber(obj)) {
            return NUMBER_DUNDERS.contains(name);
        }
        if (Py.isStr(obj) || obj instanceof List || obj instanceof Map || obj instanceof PyRange || obj instanceof DictView) {
            return CONTAINER_DUNDERS.contains(name) || (obj instanceof Markup && OBJECT_EXTRA.contains(name));
        }
        if (obj instanceof PyIter) {
            return Set.of("__iter__", "__next__", "__name__", "__qualname__", "__del__").contains(name);
        }
        if (obj instanceof PyObject p && p.hasPrivate(name)) {
            return true;
        }
        return OBJECT_EXTRA.contains(name);
    }

    /** The public attribute, or {@link Missing#MISSING}. */
    public static Object attr(Object obj, String name) {
        if (obj == null) {
            return Missing.MISSING;
        }
        if (obj instanceof String) {
            return StrMethods.attr(obj, name);
        }
        if (obj instanceof Markup m) {
            switch (name) {
                case "unescape", "striptags", "escape" -> {
                    return new BoundMethod(obj, name, (s, call) -> {
                        Args.noKwargs("Markup." + name, call.kwargs());
                        if (name.equals("escape")) {
                            Args.count("Markup.escape", call.args(), 1, 1);
                            return Markup.escape(call.args().get(0));
                        }
                        Args.count("Markup." + name, call.args(), 0, 0);
                        return name.equals("unescape") ? Html.unescape(m.text()) : Html.striptags(m.text());
                    });
                }
                default -> {
                    return StrMethods.attr(obj, name);
                }
            }
        }
        if (obj instanceof PyObject p) {
            Object v = p.getAttr(name);
            if (v == Missing.MISSING && obj instanceof PyTuple) {
                return ListMethods.attr(obj, name);
            }
            return v;
        }
        if (obj instanceof List) {
            return ListMethods.attr(obj, name);
        }
        if (obj instanceof Map) {
            return DictMethods.attr(obj, name);
        }
        if (Num.isNumber(obj)) {
            return NumMethods.attr(obj, name);
        }
        if (obj instanceof PyRange r) {
            return switch (name) {
                case "start" -> r.start();
                case "stop" -> r.stop();
                case "step" -> r.step();
                case "count", "index" -> new BoundMethod(obj, name, (s, call) -> {
                    Args.noKwargs("range." + name, call.kwargs());
                    Args.count("range." + name, call.args(), 1, 1);
                    Object x = call.args().get(0);
                    boolean in = Py.contains(r, x);
                    if (name.equals("count")) {
                        return in ? 1L : 0L;
                    }
                    if (!in) {
                        throw Py.valueError(Py.repr(x) + " is not in range");
                    }
                    return (Num.toLong(x) - r.start()) / r.step();
                });
                default -> Missing.MISSING;
            };
        }
        if (obj instanceof DictView v) {
            if (v.kind() != DictView.Kind.VALUES && (name.equals("isdisjoint"))) {
                return new BoundMethod(obj, name, (s, call) -> {
                    Args.count("isdisjoint", call.args(), 1, 1);
                    for (Object x : Py.toList(call.args().get(0))) {
                        if (Py.contains(v, x)) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            if (name.equals("mapping")) {
                throw Py.unsupported("dict view .mapping (mappingproxy)");
            }
            return Missing.MISSING;
        }
        if (obj instanceof PyIter) {
            if (Set.of("close", "gi_running", "gi_suspended", "gi_yieldfrom", "send", "throw").contains(name)) {
                throw Py.unsupported("generator attribute " + name);
            }
            if (name.equals("gi_code") || name.equals("gi_frame")) {
                return Methods.UNSAFE_GENERATOR;
            }
            return Missing.MISSING;
        }
        if (obj instanceof java.util.Set && Set.of("add", "clear", "copy", "difference", "difference_update", "discard",
                "intersection", "intersection_update", "isdisjoint", "issubset", "issuperset", "pop", "remove",
                "symmetric_difference", "symmetric_difference_update", "union", "update").contains(name)) {
            throw Py.unsupported("set." + name);
        }
        return Missing.MISSING;
    }

    /** Marker for generator internals the sandbox treats as unsafe even without an underscore. */
    public static final Object UNSAFE_GENERATOR = new Object();
}
