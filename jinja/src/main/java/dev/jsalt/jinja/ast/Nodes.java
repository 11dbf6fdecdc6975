package dev.jsalt.jinja.ast;

import dev.jsalt.jinja.JinjaCallable;

import java.util.ArrayList;
import java.util.List;

/**
 * Jinja2's template syntax tree (jinja2/nodes.py), one record per node kind. Extensions build these too: a Salt
 * tag such as {@code import_yaml} is an {@link Import} followed by an {@link Assign} of a {@link Filter}, exactly as
 * Salt's Jinja2 extension builds it. {@link #children} lists a node's child nodes in Jinja2's field order, which
 * is the order Jinja2's scope analysis visits them in.
 */
public final class Nodes {
    private Nodes() {
    }

    public sealed interface Node {
        int lineno();

        /** The child nodes in Jinja2's field order (helpers such as dict pairs are flattened). */
        List<Node> children();
    }

    /** A statement. */
    public sealed interface Stmt extends Node {
    }

    /** An expression. */
    public sealed interface Expr extends Node {
        /** Jinja2's can_assign(). */
        default boolean canAssign() {
            return false;
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    public record Pair(Expr key, Expr value, int lineno) {
    }

    public record Keyword(String key, Expr value, int lineno) {
    }

    public record Operand(String op, Expr expr) {
    }

    /** {@code from x import name as alias}: alias null when there is none. */
    public record ImportName(String name, String alias) {
        public String target() {
            return alias == null ? name : alias;
        }
    }

    private static List<Node> kids(Object... parts) {
        List<Node> out = new ArrayList<>();
        for (Object p : parts) {
            add(out, p);
        }
        return out;
    }

    private static void add(List<Node> out, Object p) {
        if (p == null) {
            return;
        }
        if (p instanceof Node n) {
            out.add(n);
        } else if (p instanceof List<?> l) {
            for (Object o : l) {
                add(out, o);
            }
        } else if (p instanceof Pair pair) {
            add(out, pair.key());
            add(out, pair.value());
        } else if (p instanceof Keyword k) {
            add(out, k.value());
        } else if (p instanceof Operand o) {
            add(out, o.expr());
        }
    }

    // ---- statements -------------------------------------------------------------------------------------------

    public record Template(List<Stmt> body) implements Node {
        @Override
        public int lineno() {
            return 1;
        }

        @Override
        public List<Node> children() {
            return kids(body);
        }
    }

    public record Output(List<Expr> nodes, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(nodes);
        }
    }

    public record Extends(Expr template, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(template);
        }
    }

    public record For(Expr target, Expr iter, List<Stmt> body, List<Stmt> orelse, Expr test, boolean recursive, int lineno)
            implements Stmt {
        @Override
        public List<Node> children() {
            return kids(target, iter, body, orelse, test);
        }
    }

    /** elif branches are If nodes whose own elifs and else are empty. */
    public record If(Expr test, List<Stmt> body, List<If> elifs, List<Stmt> orelse, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(test, body, elifs, orelse);
        }
    }

    public record Macro(String name, List<Name> args, List<Expr> defaults, List<Stmt> body, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(args, defaults, body);
        }
    }

    public record CallBlock(Call call, List<Name> args, List<Expr> defaults, List<Stmt> body, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(call, args, defaults, body);
        }
    }

    public record FilterBlock(List<Stmt> body, Filter filter, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(body, filter);
        }
    }

    public record With(List<Expr> targets, List<Expr> values, List<Stmt> body, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(targets, values, body);
        }
    }

    public record Block(String name, List<Stmt> body, boolean scoped, boolean required, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(body);
        }
    }

    public record Include(Expr template, boolean withContext, boolean ignoreMissing, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(template);
        }
    }

    public record Import(Expr template, String target, boolean withContext, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(template);
        }
    }

    public record FromImport(Expr template, List<ImportName> names, boolean withContext, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(template);
        }
    }

    public record ExprStmt(Expr node, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(node);
        }
    }

    public record Assign(Expr target, Expr node, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(target, node);
        }
    }

    public record AssignBlock(Expr target, Filter filter, List<Stmt> body, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(target, filter, body);
        }
    }

    public record Continue(int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return List.of();
        }
    }

    public record Break(int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return List.of();
        }
    }

    /** A new scope around a body (what {@code {% autoescape false %}} compiles to: escaping is already off). */
    public record Scope(List<Stmt> body, int lineno) implements Stmt {
        @Override
        public List<Node> children() {
            return kids(body);
        }
    }

    // ---- expressions ------------------------------------------------------------------------------------------

    public record Name(String name, String ctx, int lineno) implements Expr {
        @Override
        public boolean canAssign() {
            return !List.of("true", "false", "none", "True", "False", "None").contains(name);
        }

        @Override
        public List<Node> children() {
            return List.of();
        }
    }

    /** {@code ns.attr} as an assignment target. */
    public record NSRef(String name, String attr, int lineno) implements Expr {
        @Override
        public boolean canAssign() {
            return true;
        }

        @Override
        public List<Node> children() {
            return List.of();
        }
    }

    public record Const(Object value, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return List.of();
        }
    }

    public record TemplateData(String data, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return List.of();
        }
    }

    public record Tuple(List<Expr> items, String ctx, int lineno) implements Expr {
        @Override
        public boolean canAssign() {
            for (Expr e : items) {
                if (!e.canAssign()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public List<Node> children() {
            return kids(items);
        }
    }

    public record ListLit(List<Expr> items, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(items);
        }
    }

    public record DictLit(List<Pair> items, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(items);
        }
    }

    public record CondExpr(Expr test, Expr expr1, Expr expr2, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(test, expr1, expr2);
        }
    }

    /** {@code node|name(args)}; node is null for the filter of a filter block or a set block. */
    public record Filter(Expr node, String name, List<Expr> args, List<Keyword> kwargs, Expr dynArgs, Expr dynKwargs, int lineno)
            implements Expr {
        @Override
        public List<Node> children() {
            return kids(node, args, kwargs, dynArgs, dynKwargs);
        }
    }

    public record Test(Expr node, String name, List<Expr> args, List<Keyword> kwargs, Expr dynArgs, Expr dynKwargs, int lineno)
            implements Expr {
        @Override
        public List<Node> children() {
            return kids(node, args, kwargs, dynArgs, dynKwargs);
        }
    }

    public record Call(Expr node, List<Expr> args, List<Keyword> kwargs, Expr dynArgs, Expr dynKwargs, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(node, args, kwargs, dynArgs, dynKwargs);
        }
    }

    public record Getitem(Expr node, Expr arg, String ctx, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(node, arg);
        }
    }

    public record Getattr(Expr node, String attr, String ctx, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(node);
        }
    }

    public record Slice(Expr start, Expr stop, Expr step, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(start, stop, step);
        }
    }

    public record Concat(List<Expr> nodes, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(nodes);
        }
    }

    public record Compare(Expr expr, List<Operand> ops, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(expr, ops);
        }
    }

    /** Binary operators: {@code + - * / // % **} and {@code and}, {@code or}. */
    public record BinExpr(String op, Expr left, Expr right, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(left, right);
        }
    }

    /** Unary operators: {@code not}, {@code -}, {@code +}. */
    public record UnaryExpr(String op, Expr node, int lineno) implements Expr {
        @Override
        public List<Node> children() {
            return kids(node);
        }
    }

    /**
     * A call of a host function that is not a template variable (Jinja2's {@code self.call_method} in an
     * extension): the extension's runtime half.
     */
    public record HostCall(JinjaCallable function, String description, List<Expr> args, List<Keyword> kwargs, int lineno)
            implements Expr {
        @Override
        public List<Node> children() {
            return kids(args, kwargs);
        }
    }

    // ---- tree helpers -----------------------------------------------------------------------------------------

    /** Jinja2's set_ctx: the node with every Name/Tuple/Getattr/Getitem in it given {@code ctx}. */
    public static Expr setCtx(Expr e, String ctx) {
        if (e instanceof Name n) {
            return new Name(n.name(), ctx, n.lineno());
        }
        if (e instanceof Tuple t) {
            List<Expr> items = new ArrayList<>();
            for (Expr i : t.items()) {
                items.add(setCtx(i, ctx));
            }
            return new Tuple(items, ctx, t.lineno());
        }
        if (e instanceof Getattr g) {
            return new Getattr(setCtx(g.node(), ctx), g.attr(), ctx, g.lineno());
        }
        if (e instanceof Getitem g) {
            return new Getitem(setCtx(g.node(), ctx), setCtx(g.arg(), ctx), ctx, g.lineno());
        }
        return e;
    }

    /** Every node of the type in the subtree (depth first, Jinja2's find_all order), the root excluded. */
    public static <T extends Node> List<T> findAll(Node root, Class<T> type) {
        List<T> out = new ArrayList<>();
        findAll(root, type, out);
        return out;
    }

    private static <T extends Node> void findAll(Node n, Class<T> type, List<T> out) {
        for (Node c : n.children()) {
            if (type.isInstance(c)) {
                out.add(type.cast(c));
            }
            findAll(c, type, out);
        }
    }

    /** Jinja2's type name for "can't assign to 'const'" messages. */
    public static String kindName(Expr e) {
        String simple = e.getClass().getSimpleName();
        return switch (simple) {
            case "ListLit" -> "list";
            case "DictLit" -> "dict";
            case "BinExpr" -> switch (((BinExpr) e).op()) {
                case "+" -> "add";
                case "-" -> "sub";
                case "*" -> "mul";
                case "/" -> "div";
                case "//" -> "floordiv";
                case "%" -> "mod";
                case "**" -> "pow";
                case "and" -> "and";
                default -> "or";
            };
            case "UnaryExpr" -> switch (((UnaryExpr) e).op()) {
                case "not" -> "not";
                case "-" -> "neg";
                default -> "pos";
            };
            default -> simple.toLowerCase();
        };
    }
}
