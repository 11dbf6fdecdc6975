package dev.jsalt.jinja.compile;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.Limits;
import dev.jsalt.jinja.TemplateLoader;
import dev.jsalt.jinja.ast.Nodes.*;
import dev.jsalt.jinja.builtins.Filters;
import dev.jsalt.jinja.builtins.Tests;
import dev.jsalt.jinja.runtime.Context;
import dev.jsalt.jinja.runtime.RenderState;
import dev.jsalt.jinja.runtime.Sandbox;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Ops;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyObject;
import dev.jsalt.jinja.value.PyRange;
import dev.jsalt.jinja.value.PyTuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jinja2's constant folding (Node.as_const), where it is observable: an output expression that folds is written
 * at compile time, and a folded value holding a float that is not finite is spelled {@code inf}/{@code nan} in
 * Jinja2's generated Python code, a NameError when that code runs. Folded values are never reused at runtime
 * (a folded list would be shared between renders); they only decide these two things.
 */
final class Folding {
    private final Environment env;
    private Context context;

    Folding(Environment env) {
        this.env = env;
    }

    private static final Ops.SizeCheck SMALL = n -> {
        if (n > 100_000) {
            throw new IllegalStateException("too big to fold");
        }
    };

    private Context context() {
        if (context == null) {
            RenderState state = new RenderState(env, Limits.DEFAULT.withMaxOutputChars(100_000), TemplateLoader.NONE, null);
            context = Context.create(state, null, Map.of(), Map.of(), false, null, null);
        }
        return context;
    }

    /** The constant value of the expression (with a safe repr, as Const.from_untrusted requires), or MISSING. */
    Object fold(Expr e) {
        try {
            Object v = foldOrThrow(e);
            return v != Missing.MISSING && safeRepr(v) ? v : Missing.MISSING;
        } catch (RuntimeException x) {
            return Missing.MISSING;
        }
    }

    private Object foldOrThrow(Expr e) {
        if (e instanceof Const k) {
            return k.value();
        }
        if (e instanceof TemplateData d) {
            return d.data();
        }
        if (e instanceof Tuple t) {
            List<Object> items = all(t.items());
            return items == null ? Missing.MISSING : PyTuple.ofList(items);
        }
        if (e instanceof ListLit l) {
            List<Object> items = all(l.items());
            return items == null ? Missing.MISSING : items;
        }
        if (e instanceof DictLit d) {
            PyDict out = new PyDict();
            for (Pair p : d.items()) {
                Object k = foldOrThrow(p.key());
                if (k == Missing.MISSING) {
                    return k;
                }
                Object v = foldOrThrow(p.value());
                if (v == Missing.MISSING) {
                    return v;
                }
                out.put(k, v);
            }
            return out;
        }
        if (e instanceof UnaryExpr u) {
            Object v = foldOrThrow(u.node());
            if (v == Missing.MISSING) {
                return v;
            }
            return switch (u.op()) {
                case "not" -> !Py.truthy(v);
                case "-" -> Ops.neg(v);
                default -> Ops.pos(v);
            };
        }
        if (e instanceof BinExpr b) {
            Object l = foldOrThrow(b.left());
            if (l == Missing.MISSING) {
                return l;
            }
            Object r = foldOrThrow(b.right());
            if (r == Missing.MISSING) {
                return r;
            }
            return switch (b.op()) {
                case "and" -> Py.truthy(l) ? r : l;
                case "or" -> Py.truthy(l) ? l : r;
                case "+" -> Ops.add(l, r, SMALL);
                case "-" -> Ops.sub(l, r);
                case "*" -> Ops.mul(l, r, SMALL);
                case "/" -> Ops.truediv(l, r);
                case "//" -> Ops.floordiv(l, r);
                case "%" -> Ops.mod(l, r, SMALL);
                default -> Ops.pow(l, r);
            };
        }
        if (e instanceof Concat c) {
            StringBuilder b = new StringBuilder();
            for (Expr p : c.nodes()) {
                Object v = foldOrThrow(p);
                if (v == Missing.MISSING) {
                    return v;
                }
                b.append(Py.str(v));
            }
            return b.toString();
        }
        if (e instanceof Compare c) {
            Object value = foldOrThrow(c.expr());
            if (value == Missing.MISSING) {
                return value;
            }
            Object result = value;
            for (Operand op : c.ops()) {
                Object next = foldOrThrow(op.expr());
                if (next == Missing.MISSING) {
                    return next;
                }
                result = Expressions.compareOp(op.op(), value, next);
                if (!(Boolean) result) {
                    return false;
                }
                value = next;
            }
            return result;
        }
        if (e instanceof CondExpr c) {
            Object test = foldOrThrow(c.test());
            if (test == Missing.MISSING) {
                return test;
            }
            if (Py.truthy(test)) {
                return foldOrThrow(c.expr1());
            }
            return c.expr2() == null ? Missing.MISSING : foldOrThrow(c.expr2());
        }
        if (e instanceof Filter f) {
            if (f.node() == null || Filters.PASS_CONTEXT.contains(f.name())) {
                return Missing.MISSING;
            }
            JinjaCallable fn = env.filter(f.name());
            if (fn == null || fn != Filters.all().get(f.name())) {
                return Missing.MISSING;
            }
            return callConst(fn, f.node(), f.args(), f.kwargs(), f.dynArgs(), f.dynKwargs());
        }
        if (e instanceof Test t) {
            JinjaCallable fn = env.test(t.name());
            if (fn == null || fn != Tests.all().get(t.name())) {
                return Missing.MISSING;
            }
            return callConst(fn, t.node(), t.args(), t.kwargs(), t.dynArgs(), t.dynKwargs());
        }
        if (e instanceof Getattr g) {
            Object obj = foldOrThrow(g.node());
            return obj == Missing.MISSING ? obj : Sandbox.getattr(obj, g.attr());
        }
        if (e instanceof Getitem g) {
            Object obj = foldOrThrow(g.node());
            if (obj == Missing.MISSING) {
                return obj;
            }
            if (g.arg() instanceof Slice s) {
                Object a = s.start() == null ? null : foldOrThrow(s.start());
                Object b = s.stop() == null ? null : foldOrThrow(s.stop());
                Object c = s.step() == null ? null : foldOrThrow(s.step());
                if (a == Missing.MISSING || b == Missing.MISSING || c == Missing.MISSING) {
                    return Missing.MISSING;
                }
                return Sandbox.slice(obj, a, b, c);
            }
            Object key = foldOrThrow(g.arg());
            return key == Missing.MISSING ? key : Sandbox.getitem(obj, key);
        }
        return Missing.MISSING;
    }

    private Object callConst(JinjaCallable fn, Expr node, List<Expr> args, List<Keyword> kwargs, Expr dynArgs, Expr dynKwargs) {
        if (dynArgs != null || dynKwargs != null) {
            return Missing.MISSING;
        }
        List<Object> a = all(args);
        if (a == null) {
            return Missing.MISSING;
        }
        Map<String, Object> kw = new LinkedHashMap<>();
        for (Keyword k : kwargs) {
            Object v = foldOrThrow(k.value());
            if (v == Missing.MISSING) {
                return v;
            }
            kw.put(k.key(), v);
        }
        Object value = foldOrThrow(node);
        if (value == Missing.MISSING) {
            return value;
        }
        a.add(0, value);
        return fn.call(new Invocation(context(), a, kw));
    }

    private List<Object> all(List<Expr> items) {
        List<Object> out = new ArrayList<>();
        for (Expr i : items) {
            Object v = foldOrThrow(i);
            if (v == Missing.MISSING) {
                return null;
            }
            out.add(v);
        }
        return out;
    }

    /** Jinja2's has_safe_repr: values its code generator can write as Python literals. */
    static boolean safeRepr(Object v) {
        if (v == null || v instanceof Boolean || v instanceof String || v instanceof Markup || v instanceof PyRange
                || v instanceof Long || v instanceof java.math.BigInteger || v instanceof Double) {
            return true;
        }
        if (v instanceof PyObject) {
            return false;
        }
        if (v instanceof List<?> l) {
            for (Object x : l) {
                if (!safeRepr(x)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof PyDict d) {
            for (Map.Entry<Object, Object> e : d.entrySet()) {
                if (!safeRepr(e.getKey()) || !safeRepr(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Set<?> s) {
            for (Object x : s) {
                if (!safeRepr(x)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** "inf" or "nan" when the folded value holds a float Python's code generator cannot spell, else null. */
    static String unspellable(Object v) {
        if (v instanceof Double d && (d.isInfinite() || d.isNaN())) {
            return d.isNaN() ? "nan" : "inf";
        }
        if (v instanceof List<?> l) {
            for (Object x : l) {
                String s = unspellable(x);
                if (s != null) {
                    return s;
                }
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String s = unspellable(e.getKey());
                if (s == null) {
                    s = unspellable(e.getValue());
                }
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }
}
