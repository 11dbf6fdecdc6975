package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Ops;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyStr;
import dev.jsalt.jinja.value.Undefined;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/** Jinja2 3.1's built-in tests (jinja2/tests.py). */
public final class Tests {
    private Tests() {
    }

    private static final Map<String, JinjaCallable> BUILTIN = java.util.Collections.unmodifiableMap(build());

    /** The built-in tests (the same instances every time). */
    public static Map<String, JinjaCallable> all() {
        return BUILTIN;
    }

    private static Map<String, JinjaCallable> build() {
        Map<String, JinjaCallable> m = new LinkedHashMap<>();
        m.put("odd", c -> Py.eq(Ops.mod(one(c, "test_odd"), 2L, size(c)), 1L));
        m.put("even", c -> Py.eq(Ops.mod(one(c, "test_even"), 2L, size(c)), 0L));
        m.put("divisibleby", c -> {
            Object[] a = c.bind("test_divisibleby", new String[] {"value", "num"});
            return Py.eq(Ops.mod(a[0], a[1], size(c)), 0L);
        });
        m.put("defined", c -> !(one(c, "test_defined") instanceof Undefined));
        m.put("undefined", c -> one(c, "test_undefined") instanceof Undefined);
        m.put("filter", c -> {
            Object v = one(c, "test_filter");
            Py.hashKey(v);
            return Py.isStr(v) && c.environment().hasFilter(Py.strValue(v));
        });
        m.put("test", c -> {
            Object v = one(c, "test_test");
            Py.hashKey(v);
            return Py.isStr(v) && c.environment().hasTest(Py.strValue(v));
        });
        m.put("none", c -> one(c, "test_none") == null);
        m.put("boolean", c -> one(c, "test_boolean") instanceof Boolean);
        m.put("false", c -> Boolean.FALSE.equals(one(c, "test_false")));
        m.put("true", c -> Boolean.TRUE.equals(one(c, "test_true")));
        m.put("integer", c -> Num.isInt(one(c, "test_integer")));
        m.put("float", c -> Num.isFloat(one(c, "test_float")));
        m.put("lower", c -> PyStr.isLower(Py.str(one(c, "test_lower"))));
        m.put("upper", c -> PyStr.isUpper(Py.str(one(c, "test_upper"))));
        m.put("string", c -> Py.isStr(one(c, "test_string")));
        m.put("mapping", c -> one(c, "test_mapping") instanceof Map);
        m.put("number", c -> Num.isNumber(one(c, "test_number")));
        m.put("sequence", c -> {
            Object v = one(c, "test_sequence");
            try {
                Py.len(v);
            } catch (JinjaException e) {
                return false;
            }
            return Py.isStr(v) || v instanceof java.util.List || v instanceof Map || v instanceof dev.jsalt.jinja.value.PyRange
                    || (v instanceof Undefined u && !u.isStrict());
        });
        m.put("iterable", c -> {
            Object v = one(c, "test_iterable");
            if (v instanceof Undefined u) {
                u.failIfStrict();
                return true;
            }
            return Py.isIterable(v);
        });
        m.put("callable", c -> {
            Args1.count(c, "callable");
            return Py.isCallable(c.args().get(0));
        });
        m.put("sameas", c -> {
            Object[] a = c.bind("test_sameas", new String[] {"value", "other"});
            return sameAs(a[0], a[1]);
        });
        m.put("escaped", c -> one(c, "test_escaped") instanceof Markup);
        m.put("in", c -> {
            Object[] a = c.bind("test_in", new String[] {"value", "seq"});
            return Py.contains(a[1], a[0]);
        });
        JinjaCallable eq = c -> operator(c, "eq");
        JinjaCallable ne = c -> operator(c, "ne");
        JinjaCallable gt = c -> operator(c, "gt");
        JinjaCallable ge = c -> operator(c, "ge");
        JinjaCallable lt = c -> operator(c, "lt");
        JinjaCallable le = c -> operator(c, "le");
        m.put("==", eq);
        m.put("eq", eq);
        m.put("equalto", eq);
        m.put("!=", ne);
        m.put("ne", ne);
        m.put(">", gt);
        m.put("gt", gt);
        m.put("greaterthan", gt);
        m.put("ge", ge);
        m.put(">=", ge);
        m.put("<", lt);
        m.put("lt", lt);
        m.put("lessthan", lt);
        m.put("<=", le);
        m.put("le", le);
        return m;
    }

    private static Ops.SizeCheck size(Invocation c) {
        return c.callerContext().state().size;
    }

    private static Object one(Invocation c, String name) {
        return c.bind(name, new String[] {"value"})[0];
    }

    private static final class Args1 {
        static void count(Invocation c, String name) {
            dev.jsalt.jinja.value.Args.noKwargs(name, c.kwargs());
            dev.jsalt.jinja.value.Args.count(name, c.args(), 1, 1);
        }
    }

    private static Object operator(Invocation c, String op) {
        dev.jsalt.jinja.value.Args.noKwargs(op, c.kwargs());
        if (c.args().size() != 2) {
            throw Py.typeError(op + " expected 2 arguments, got " + c.args().size());
        }
        Object a = c.args().get(0);
        Object b = c.args().get(1);
        return switch (op) {
            case "eq" -> Py.eq(a, b);
            case "ne" -> !Py.eq(a, b);
            case "gt" -> Py.compare(a, b, Py.Cmp.GT);
            case "ge" -> Py.compare(a, b, Py.Cmp.GE);
            case "lt" -> Py.compare(a, b, Py.Cmp.LT);
            default -> Py.compare(a, b, Py.Cmp.LE);
        };
    }

    /** Python's {@code is}: None, bools and small ints (-5..256) are singletons; other values by identity. */
    static boolean sameAs(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            return a.equals(b);
        }
        if (Num.isInt(a) && Num.isInt(b)) {
            BigInteger x = Num.toBig(a);
            return x.equals(Num.toBig(b)) && x.compareTo(BigInteger.valueOf(-5)) >= 0 && x.compareTo(BigInteger.valueOf(256)) <= 0;
        }
        if (a instanceof String s && b instanceof String t && s.equals(t)) {
            return s.length() <= 1;
        }
        return false;
    }
}
