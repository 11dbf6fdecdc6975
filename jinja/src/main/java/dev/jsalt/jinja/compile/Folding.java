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

    /** Folding refuses to build big values at compile time (treated as not constant). */
    private static final Ops.SizeCheck SMALL = n -> {
        if (n > 100_000) {
            throw new Impossible();
        }
    };

    private Context context() {
        if (context == null) {
            RenderState state = new RenderState(env, Limits.DEFAULT.withMaxOutputChars(100_000), TemplateLoader.NONE, null);
            context = Context.create(state, null, Map.of(), Map.of(), false, null, null);
        }
        return context;
    }

    /** Jinja2's nodes.Impossible: the node is not constant. */
    static final class Impossible extends RuntimeException {
        Impossible() {
            super(null, null, false, false);
        }
    }

    private static final Impossible IMPOSSIBLE = new Impossible();

    /**
     * The output-child folding (CodeGenerator._output_child_to_const): the constant value with a safe repr, or
     * MISSING when the node is not constant or folding it raised anything.
     */
    Object fold(Expr e) {
        try {
            Object v = asConst(e);
            return safeRepr(v) ? v : Missing.MISSING;
        } catch (RuntimeException x) {
            return Missing.MISSING;
        }
    }

    /**
     * Jinja2's Optimizer pass over a subtree (run when the code generator visits an optimizeconst node): every
     * expression, innermost first, is tried with as_const. Only Impossible is caught, so an error that as_const
     * lets through (the truth of an undefined folded value, str() of one, an unhashable dict key) fails the
     * compile, as it does in Jinja2 even where the code would never run.
     */
    void optimize(Node n) {
        for (Node child : n.children()) {
            optimize(child);
        }
        if (n instanceof Expr e) {
            try {
                asConst(e);
            } catch (Impossible | IllegalStateException ignored) {
                // not constant (or too big to fold here)
            }
        }
    }

    private static Impossible impossible() {
        return IMPOSSIBLE;
    }

    /** Node.as_const: the value, Impossible, or whatever Jinja2's as_const lets escape. */
    Object asConst(Expr e) {
        if (e instanceof Const k) {
            return k.value();
        }
        if (e instanceof TemplateData d) {
            return d.data();
        }
        if (e instanceof Tuple t) {
            return PyTuple.ofList(all(t.items()));
        }
        if (e instanceof ListLit l) {
            return all(l.items());
        }
        if (e instanceof DictLit d) {
            List<Object[]> pairs = new ArrayList<>();
            for (Pair p : d.items()) {
                pairs.add(new Object[] {asConst(p.key()), asConst(p.value())});
            }
            PyDict out = new PyDict();
            for (Object[] kv : pairs) {
                out.put(kv[0], kv[1]);
            }
            return out;
        }
        if (e instanceof UnaryExpr u) {
            try {
                Object v = asConst(u.node());
                return switch (u.op()) {
                    case "not" -> !Py.truthy(v);
                    case "-" -> Ops.neg(v);
                    default -> Ops.pos(v);
                };
            } catch (RuntimeException x) {
                throw impossible();
            }
        }
        if (e instanceof BinExpr b) {
            if (b.op().equals("and") || b.op().equals("or")) {
                Object l = asConst(b.left());
                if (b.op().equals("and")) {
                    return Py.truthy(l) ? asConst(b.right()) : l;
                }
                return Py.truthy(l) ? l : asConst(b.right());
            }
            try {
                Object l = asConst(b.left());
                Object r = asConst(b.right());
                return switch (b.op()) {
                    case "+" -> Ops.add(l, r, SMALL);
                    case "-" -> Ops.sub(l, r);
                    case "*" -> Ops.mul(l, r, SMALL);
                    case "/" -> Ops.truediv(l, r);
                    case "//" -> Ops.floordiv(l, r);
                    case "%" -> Ops.mod(l, r, SMALL);
                    default -> Ops.pow(l, r);
                };
            } catch (RuntimeException x) {
                throw impossible();
            }
        }
        if (e instanceof Concat c) {
            StringBuilder b = new StringBuilder();
            for (Expr p : c.nodes()) {
                b.append(Py.str(asConst(p)));
            }
            return b.toString();
        }
        if (e instanceof Compare c) {
            Object value = asConst(c.expr());
            Object result = value;
            try {
                for (Operand op : c.ops()) {
                    Object next = asConst(op.expr());
                    result = Expressions.compareOp(op.op(), value, next);
                    if (!(Boolean) result) {
                        return false;
                    }
                    value = next;
                }
            } catch (RuntimeException x) {
                throw impossible();
            }
            return result;
        }
        if (e instanceof CondExpr c) {
            if (Py.truthy(asConst(c.test()))) {
                return asConst(c.expr1());
            }
            if (c.expr2() == null) {
                throw impossible();
            }
            return asConst(c.expr2());
        }
        if (e instanceof Filter f) {
            if (f.node() == null) {
                throw impossible();
            }
            JinjaCallable fn = env.filter(f.name());
            if (fn == null || Filters.PASS_CONTEXT.contains(f.name()) || fn != Filters.all().get(f.name())) {
                throw impossible();
            }
            return callConst(fn, f.node(), f.args(), f.kwargs(), f.dynArgs(), f.dynKwargs());
        }
        if (e instanceof Test t) {
            JinjaCallable fn = env.test(t.name());
            if (fn == null || fn != Tests.all().get(t.name())) {
                throw impossible();
            }
            return callConst(fn, t.node(), t.args(), t.kwargs(), t.dynArgs(), t.dynKwargs());
        }
        if (e instanceof Getattr g) {
            try {
                return Sandbox.getattr(asConst(g.node()), g.attr());
            } catch (RuntimeException x) {
                throw impossible();
            }
        }
        if (e instanceof Getitem g) {
            if (g.arg() instanceof Slice s) {
                try {
                    Object obj = asConst(g.node());
                    Object a = s.start() == null ? null : asConst(s.start());
                    Object b = s.stop() == null ? null : asConst(s.stop());
                    Object c = s.step() == null ? null : asConst(s.step());
                    return Sandbox.slice(obj, a, b, c);
                } catch (RuntimeException x) {
                    throw impossible();
                }
            }
            try {
                return Sandbox.getitem(asConst(g.node()), asConst(g.arg()));
            } catch (RuntimeException x) {
                throw impossible();
            }
        }
        if (e instanceof Slice s) {
            // a slice object is never a safe repr: only its parts are evaluated
            if (s.start() != null) {
                asConst(s.start());
            }
            if (s.stop() != null) {
                asConst(s.stop());
            }
            if (s.step() != null) {
                asConst(s.step());
            }
            throw impossible();
        }
        throw impossible();
    }

    private Object callConst(JinjaCallable fn, Expr node, List<Expr> args, List<Keyword> kwargs, Expr dynArgs, Expr dynKwargs) {
        List<Object> a = all(args);
        Map<String, Object> kw = new LinkedHashMap<>();
        for (Keyword k : kwargs) {
            kw.put(k.key(), asConst(k.value()));
        }
        if (dynArgs != null) {
            try {
                for (java.util.Iterator<Object> it = Py.iter(asConst(dynArgs)); it.hasNext(); ) {
                    a.add(it.next());
                }
            } catch (RuntimeException x) {
                throw impossible();
            }
        }
        if (dynKwargs != null) {
            try {
                for (Map.Entry<?, ?> en : ((Map<?, ?>) asConst(dynKwargs)).entrySet()) {
                    kw.put(Py.strValue(en.getKey()), en.getValue());
                }
            } catch (RuntimeException x) {
                throw impossible();
            }
        }
        a.add(0, asConst(node));
        try {
            return fn.call(new Invocation(context(), a, kw));
        } catch (RuntimeException x) {
            throw impossible();
        }
    }

    private List<Object> all(List<Expr> items) {
        List<Object> out = new ArrayList<>();
        for (Expr i : items) {
            out.add(asConst(i));
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
