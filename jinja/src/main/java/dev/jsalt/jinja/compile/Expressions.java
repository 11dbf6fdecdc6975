package dev.jsalt.jinja.compile;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.ast.Nodes.*;
import dev.jsalt.jinja.runtime.Code.Ex;
import dev.jsalt.jinja.runtime.Frame;
import dev.jsalt.jinja.runtime.Runtime;
import dev.jsalt.jinja.runtime.Sandbox;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Ops;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyTuple;
import dev.jsalt.jinja.value.Undefined;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Jinja2's expression visitors, producing closures. */
final class Expressions {
    private final Compiler c;

    Expressions(Compiler c) {
        this.c = c;
    }

    /** Inside a subtree Jinja2's optimizer has already been run over. */
    private int optimized;

    Ex visit(Expr e, CFrame frame) {
        if (optimized == 0 && (e instanceof Filter || e instanceof Test || e instanceof Getattr || e instanceof Getitem
                || e instanceof Compare || e instanceof Concat || e instanceof CondExpr || e instanceof Call || e instanceof BinExpr
                || e instanceof UnaryExpr)) {
            // Jinja2's optimizeconst: the optimizer runs over the subtree when the code generator reaches it
            try {
                c.folding.optimize(e);
            } catch (dev.jsalt.jinja.JinjaException x) {
                throw x.locate(c.name(), e.lineno());
            }
            optimized++;
            try {
                return visitNode(e, frame);
            } finally {
                optimized--;
            }
        }
        return visitNode(e, frame);
    }

    private Ex visitNode(Expr e, CFrame frame) {
        if (e instanceof Const || e instanceof BinExpr || e instanceof UnaryExpr || e instanceof Compare || e instanceof Concat
                || e instanceof CondExpr || e instanceof Filter || e instanceof Test || e instanceof Getattr || e instanceof Getitem) {
            String bad = Folding.unspellable(c.folding.fold(e));
            if (bad != null) {
                // Jinja2 writes the folded float into Python source as a bare name
                String msg = "name '" + bad + "' is not defined";
                return f -> {
                    throw Py.error(dev.jsalt.jinja.PythonError.Kind.NameError, msg);
                };
            }
        }
        if (e instanceof Const k) {
            Object v = k.value();
            return f -> v;
        }
        if (e instanceof Name n) {
            return name(n, frame);
        }
        if (e instanceof TemplateData d) {
            String v = d.data();
            return f -> v;
        }
        if (e instanceof Getattr g) {
            Ex node = visit(g.node(), frame);
            String attr = g.attr();
            return f -> Sandbox.getattr(node.eval(f), attr);
        }
        if (e instanceof Getitem g) {
            Ex node = visit(g.node(), frame);
            if (g.arg() instanceof Slice s) {
                Ex start = s.start() == null ? null : visit(s.start(), frame);
                Ex stop = s.stop() == null ? null : visit(s.stop(), frame);
                Ex step = s.step() == null ? null : visit(s.step(), frame);
                return f -> {
                    Object obj = node.eval(f);
                    Object a = start == null ? null : start.eval(f);
                    Object b = stop == null ? null : stop.eval(f);
                    Object st = step == null ? null : step.eval(f);
                    return Sandbox.slice(obj, a, b, st);
                };
            }
            Ex arg = visit(g.arg(), frame);
            return f -> {
                Object obj = node.eval(f);
                return Sandbox.getitem(obj, arg.eval(f));
            };
        }
        if (e instanceof Slice s) {
            throw new IllegalStateException("slice outside a subscript");
        }
        if (e instanceof BinExpr b) {
            return binExpr(b, frame);
        }
        if (e instanceof UnaryExpr u) {
            Ex node = visit(u.node(), frame);
            return switch (u.op()) {
                case "not" -> f -> !Py.truthy(node.eval(f));
                case "-" -> f -> Ops.neg(node.eval(f));
                default -> f -> Ops.pos(node.eval(f));
            };
        }
        if (e instanceof Concat cc) {
            List<Ex> parts = new ArrayList<>();
            for (Expr p : cc.nodes()) {
                parts.add(visit(p, frame));
            }
            Ex[] arr = parts.toArray(new Ex[0]);
            return f -> {
                // Jinja2's str_join((a, b, ...)): every operand is evaluated before any is converted
                Object[] values = new Object[arr.length];
                for (int i = 0; i < arr.length; i++) {
                    values[i] = arr[i].eval(f);
                }
                StringBuilder b = new StringBuilder();
                for (Object v : values) {
                    String s = Py.str(v);
                    f.state.size.check((long) b.length() + s.length());
                    b.append(s);
                }
                return b.toString();
            };
        }
        if (e instanceof Compare cmp) {
            return compare(cmp, frame);
        }
        if (e instanceof Tuple t) {
            Ex[] items = visitAll(t.items(), frame);
            return f -> {
                Object[] out = new Object[items.length];
                for (int i = 0; i < items.length; i++) {
                    out[i] = items[i].eval(f);
                }
                return PyTuple.wrap(out);
            };
        }
        if (e instanceof ListLit l) {
            Ex[] items = visitAll(l.items(), frame);
            return f -> {
                List<Object> out = new ArrayList<>(items.length);
                for (Ex item : items) {
                    out.add(item.eval(f));
                }
                return out;
            };
        }
        if (e instanceof DictLit d) {
            int n = d.items().size();
            Ex[] keys = new Ex[n];
            Ex[] values = new Ex[n];
            for (int i = 0; i < n; i++) {
                keys[i] = visit(d.items().get(i).key(), frame);
                values[i] = visit(d.items().get(i).value(), frame);
            }
            return f -> {
                PyDict out = new PyDict(n);
                for (int i = 0; i < n; i++) {
                    Object k = keys[i].eval(f);
                    out.put(k, values[i].eval(f));
                }
                return out;
            };
        }
        if (e instanceof CondExpr ce) {
            CFrame soft = frame.soft();
            Ex expr1 = visit(ce.expr1(), soft);
            Ex test = visit(ce.test(), soft);
            if (ce.expr2() != null) {
                Ex expr2 = visit(ce.expr2(), soft);
                return f -> Py.truthy(test.eval(f)) ? expr1.eval(f) : expr2.eval(f);
            }
            String hint = "the inline if-expression on " + c.position(ce.lineno())
                    + " evaluated to false and no else section was defined.";
            return f -> Py.truthy(test.eval(f)) ? expr1.eval(f) : Undefined.lenient(hint);
        }
        if (e instanceof Filter fl) {
            if (fl.node() == null) {
                throw new IllegalStateException("filter without a value outside a filter block");
            }
            // Jinja2's order: look the filter up, compile the value, then the arguments
            JinjaCallable filter = c.filter(fl.name(), frame, fl.lineno());
            boolean hostFilter = filter != dev.jsalt.jinja.builtins.Filters.all().get(fl.name());
            Ex node = visit(fl.node(), frame);
            checkRepeated(fl.kwargs(), null);
            ArgList args = argList(fl.args(), fl.kwargs(), fl.dynArgs(), fl.dynKwargs(), frame);
            return f -> {
                Object value = node.eval(f);
                List<Object> a = new ArrayList<>();
                a.add(value);
                Map<String, Object> kw = args.eval(f, a);
                return hostFilter ? Runtime.callHost(filter, new Invocation(f.ctx, a, kw)) : filter.call(new Invocation(f.ctx, a, kw));
            };
        }
        if (e instanceof Test t) {
            JinjaCallable test = c.test(t.name(), frame, t.lineno());
            boolean hostTest = test != dev.jsalt.jinja.builtins.Tests.all().get(t.name());
            Ex node = visit(t.node(), frame);
            checkRepeated(t.kwargs(), null);
            ArgList args = argList(t.args(), t.kwargs(), t.dynArgs(), t.dynKwargs(), frame);
            return f -> {
                Object value = node.eval(f);
                List<Object> a = new ArrayList<>();
                a.add(value);
                Map<String, Object> kw = args.eval(f, a);
                return hostTest ? Runtime.callHost(test, new Invocation(f.ctx, a, kw)) : test.call(new Invocation(f.ctx, a, kw));
            };
        }
        if (e instanceof Call call) {
            CallCode code = callCode(call, frame, false);
            return f -> code.call(f, null);
        }
        if (e instanceof HostCall h) {
            ArgList args = argList(h.args(), h.kwargs(), null, null, frame);
            JinjaCallable fn = h.function();
            boolean loop = frame.loopFrame;
            boolean block = frame.blockFrame;
            return f -> {
                List<Object> a = new ArrayList<>();
                Map<String, Object> kw = args.eval(f, a);
                return Runtime.callHost(fn, new Invocation(f.ctx, a, kw, loop ? f.loopVars : null, block ? f.blockVars : null));
            };
        }
        if (e instanceof NSRef ns) {
            throw new IllegalStateException("namespace reference outside an assignment");
        }
        throw new IllegalStateException("no compiler for " + e.getClass().getSimpleName());
    }

    private Ex[] visitAll(List<Expr> items, CFrame frame) {
        Ex[] out = new Ex[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = visit(items.get(i), frame);
        }
        return out;
    }

    // ---- names ------------------------------------------------------------------------------------------------

    private Ex name(Name n, CFrame frame) {
        Symbols.Ref ref = frame.symbols.ref(n.name());
        FnScope.Addr a = frame.fn.addr(ref);
        String nm = n.name();
        int hops = a.hops();
        int slot = a.slot();
        if (hops == 0) {
            return f -> {
                Object v = f.slots[slot];
                return v == Missing.MISSING ? Undefined.name(nm) : v;
            };
        }
        return f -> {
            Object v = f.up(hops).slots[slot];
            return v == Missing.MISSING ? Undefined.name(nm) : v;
        };
    }

    /** A compiled store target. Records top-level names for context export, as Jinja2's visit_Name does. */
    Assigner assigner(Expr target, CFrame frame) {
        if (target instanceof Name n) {
            if (frame.toplevel || frame.loopFrame || frame.blockFrame) {
                if (!c.assignStack.isEmpty()) {
                    c.assignStack.get(c.assignStack.size() - 1).add(n.name());
                }
            }
            FnScope.Addr a = frame.fn.addr(frame.symbols.ref(n.name()));
            int hops = a.hops();
            int slot = a.slot();
            return (f, v) -> f.up(hops).slots[slot] = v;
        }
        if (target instanceof Tuple t) {
            List<Assigner> parts = new ArrayList<>();
            for (Expr item : t.items()) {
                parts.add(assigner(item, frame));
            }
            Assigner[] arr = parts.toArray(new Assigner[0]);
            return (f, v) -> {
                Object[] values = unpack(v, arr.length);
                for (int i = 0; i < arr.length; i++) {
                    arr[i].assign(f, values[i]);
                }
            };
        }
        throw new IllegalStateException("cannot assign to " + target.getClass().getSimpleName());
    }

    /** Python's iterable unpacking with its errors. */
    static Object[] unpack(Object value, int n) {
        if (!Py.isIterable(value) && !(value instanceof Undefined)) {
            throw Py.typeError("cannot unpack non-iterable " + Py.typeName(value) + " object");
        }
        Iterator<Object> it = Py.iter(value);
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            if (!it.hasNext()) {
                throw Py.valueError("not enough values to unpack (expected " + n + ", got " + i + ")");
            }
            out[i] = it.next();
        }
        if (it.hasNext()) {
            throw Py.valueError("too many values to unpack (expected " + n + ")");
        }
        return out;
    }

    // ---- operators --------------------------------------------------------------------------------------------

    private Ex binExpr(BinExpr b, CFrame frame) {
        Ex left = visit(b.left(), frame);
        Ex right = visit(b.right(), frame);
        return switch (b.op()) {
            case "and" -> f -> {
                Object l = left.eval(f);
                return Py.truthy(l) ? right.eval(f) : l;
            };
            case "or" -> f -> {
                Object l = left.eval(f);
                return Py.truthy(l) ? l : right.eval(f);
            };
            case "+" -> f -> {
                Object l = left.eval(f);
                return Ops.add(l, right.eval(f), f.state.size);
            };
            case "-" -> f -> {
                Object l = left.eval(f);
                return Ops.sub(l, right.eval(f));
            };
            case "*" -> f -> {
                Object l = left.eval(f);
                return Ops.mul(l, right.eval(f), f.state.size);
            };
            case "/" -> f -> {
                Object l = left.eval(f);
                return Ops.truediv(l, right.eval(f));
            };
            case "//" -> f -> {
                Object l = left.eval(f);
                return Ops.floordiv(l, right.eval(f));
            };
            case "%" -> f -> {
                Object l = left.eval(f);
                return Ops.mod(l, right.eval(f), f.state.size);
            };
            case "**" -> f -> {
                Object l = left.eval(f);
                return Ops.pow(l, right.eval(f));
            };
            default -> throw new IllegalStateException("operator " + b.op());
        };
    }

    private Ex compare(Compare cmp, CFrame frame) {
        Ex first = visit(cmp.expr(), frame);
        int n = cmp.ops().size();
        String[] ops = new String[n];
        Ex[] exprs = new Ex[n];
        for (int i = 0; i < n; i++) {
            ops[i] = cmp.ops().get(i).op();
            exprs[i] = visit(cmp.ops().get(i).expr(), frame);
        }
        return f -> {
            Object left = first.eval(f);
            boolean result = true;
            for (int i = 0; i < n; i++) {
                Object right = exprs[i].eval(f);
                result = compareOp(ops[i], left, right);
                if (!result) {
                    return false;
                }
                left = right;
            }
            return result;
        };
    }

    static boolean compareOp(String op, Object a, Object b) {
        return switch (op) {
            case "eq" -> Py.eq(a, b);
            case "ne" -> !Py.eq(a, b);
            case "lt" -> Py.compare(a, b, Py.Cmp.LT);
            case "lteq" -> Py.compare(a, b, Py.Cmp.LE);
            case "gt" -> Py.compare(a, b, Py.Cmp.GT);
            case "gteq" -> Py.compare(a, b, Py.Cmp.GE);
            case "in" -> Py.contains(b, a);
            case "notin" -> !Py.contains(b, a);
            default -> throw new IllegalStateException("comparison " + op);
        };
    }

    // ---- calls, filters ---------------------------------------------------------------------------------------

    /** Evaluated call arguments: positional (incl. *args) appended to a list, keywords (incl. **kwargs) returned. */
    record ArgList(Ex[] args, String[] keys, Ex[] values, Ex dynArgs, Ex dynKwargs) {
        Map<String, Object> eval(Frame f, List<Object> out) {
            for (Ex a : args) {
                out.add(a.eval(f));
            }
            if (dynArgs != null) {
                Object d = dynArgs.eval(f);
                if (!Py.isIterable(d) || d instanceof Undefined u && u.isStrict()) {
                    if (d instanceof Undefined u) {
                        throw u.error();
                    }
                    throw Py.typeError("Value after * must be an iterable, not " + Py.typeName(d));
                }
                for (Iterator<Object> it = Py.iter(d); it.hasNext(); ) {
                    out.add(it.next());
                }
            }
            Map<String, Object> kw = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                kw.put(keys[i], values[i].eval(f));
            }
            if (dynKwargs != null) {
                Object d = dynKwargs.eval(f);
                if (d instanceof Undefined u) {
                    throw u.error();
                }
                if (!(d instanceof Map<?, ?> m)) {
                    throw Py.typeError("argument after ** must be a mapping, not " + Py.typeName(d));
                }
                for (Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(m); it.hasNext(); ) {
                    Map.Entry<?, ?> e = it.next();
                    if (!Py.isStr(e.getKey())) {
                        throw Py.typeError("keywords must be strings");
                    }
                    String k = Py.strValue(e.getKey());
                    if (kw.containsKey(k)) {
                        throw Py.typeError("got multiple values for keyword argument '" + k + "'");
                    }
                    kw.put(k, e.getValue());
                }
            }
            return kw;
        }
    }

    private static final java.util.Set<String> PYTHON_KEYWORDS = java.util.Set.of("False", "None", "True", "and", "as", "assert",
            "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
            "with", "yield");

    /** Python refuses a call with a repeated keyword argument when compiling Jinja2's generated code. */
    static void checkRepeated(List<Keyword> kwargs, String extra) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean workaround = false;
        for (Keyword k : kwargs) {
            workaround |= PYTHON_KEYWORDS.contains(k.key());
        }
        if (workaround) {
            return;
        }
        if (extra != null) {
            seen.add(extra);
        }
        for (Keyword k : kwargs) {
            if (!seen.add(k.key())) {
                throw Py.error(dev.jsalt.jinja.PythonError.Kind.SyntaxError, "keyword argument repeated: " + k.key());
            }
        }
    }

    ArgList argList(List<Expr> args, List<Keyword> kwargs, Expr dynArgs, Expr dynKwargs, CFrame frame) {
        Ex[] a = visitAll(args, frame);
        String[] keys = new String[kwargs.size()];
        Ex[] values = new Ex[kwargs.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = kwargs.get(i).key();
            values[i] = visit(kwargs.get(i).value(), frame);
        }
        Ex da = dynArgs == null ? null : visit(dynArgs, frame);
        Ex dk = dynKwargs == null ? null : visit(dynKwargs, frame);
        return new ArgList(a, keys, values, da, dk);
    }

    /** A filter applied to a value computed by the caller (the node, or a filter block's output). */
    interface FilterCall {
        Object apply(Frame f, Object value);
    }

    /** The filter of a filter block or set block: a chain whose innermost filter gets the block's output. */
    FilterCall filterCall(Filter fl, CFrame frame) {
        return filterCall(fl, frame, true);
    }

    FilterCall filterCall(Filter fl, CFrame frame, boolean chain) {
        JinjaCallable filter = c.filter(fl.name(), frame, fl.lineno());
        boolean hostFilter = filter != dev.jsalt.jinja.builtins.Filters.all().get(fl.name());
        FilterCall inner = chain && fl.node() instanceof Filter f ? filterCall(f, frame, true) : null;
        ArgList args = argList(fl.args(), fl.kwargs(), fl.dynArgs(), fl.dynKwargs(), frame);
        return (f, value) -> {
            Object v = inner == null ? value : inner.apply(f, value);
            List<Object> a = new ArrayList<>();
            a.add(v);
            Map<String, Object> kw = args.eval(f, a);
            return hostFilter ? Runtime.callHost(filter, new Invocation(f.ctx, a, kw)) : filter.call(new Invocation(f.ctx, a, kw));
        };
    }

    /** A compiled call; a call block passes its caller as an extra keyword. */
    interface CallCode {
        Object call(Frame f, Object caller);
    }

    CallCode callCode(Call call, CFrame frame) {
        return callCode(call, frame, false);
    }

    CallCode callCode(Call call, CFrame frame, boolean forwardCaller) {
        Ex callee = visit(call.node(), frame);
        checkRepeated(call.kwargs(), forwardCaller ? "caller" : null);
        ArgList args = argList(call.args(), call.kwargs(), call.dynArgs(), call.dynKwargs(), frame);
        boolean loop = frame.loopFrame;
        boolean block = frame.blockFrame;
        return (f, caller) -> {
            Object fn = callee.eval(f);
            List<Object> a = new ArrayList<>();
            Map<String, Object> kw = args.eval(f, a);
            if (caller != null) {
                if (kw.containsKey("caller")) {
                    throw Py.typeError("got multiple values for keyword argument 'caller'");
                }
                kw.put("caller", caller);
            }
            return Sandbox.call(fn, new Invocation(f.ctx, a, kw, loop ? f.loopVars : null, block ? f.blockVars : null));
        };
    }
}
