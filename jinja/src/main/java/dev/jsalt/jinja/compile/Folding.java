package dev.jsalt.jinja.compile;

import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.ast.Nodes.*;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Ops;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyTuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of Jinja2's constant folding (Node.as_const) that is observable: an output expression that folds is
 * written at compile time, and a folded float that is not finite becomes the Python name {@code inf} or
 * {@code nan} in Jinja2's generated code, a NameError when it runs.
 */
final class Folding {
    private Folding() {
    }

    private static final Ops.SizeCheck SMALL = n -> {
        if (n > 100_000) {
            throw new IllegalStateException("too big to fold");
        }
    };

    /** The constant value of the expression, or {@link Missing#MISSING}. */
    static Object fold(Expr e) {
        try {
            return foldOrThrow(e);
        } catch (JinjaException | IllegalStateException | ArithmeticException x) {
            return Missing.MISSING;
        }
    }

    private static Object foldOrThrow(Expr e) {
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
                Object v = foldOrThrow(p.value());
                if (k == Missing.MISSING || v == Missing.MISSING) {
                    return Missing.MISSING;
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
            Object r = foldOrThrow(b.right());
            if (l == Missing.MISSING || r == Missing.MISSING) {
                return Missing.MISSING;
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
        return Missing.MISSING;
    }

    private static List<Object> all(List<Expr> items) {
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

    /** "inf" or "nan" when the folded value is a float Python's code generator cannot spell, else null. */
    static String unspellable(Object v) {
        if (v instanceof Double d && (d.isInfinite() || d.isNaN())) {
            return d.isNaN() ? "nan" : "inf";
        }
        return null;
    }
}
