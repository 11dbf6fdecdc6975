package dev.jsalt.jinja.parser;

import dev.jsalt.jinja.LimitExceededError;
import dev.jsalt.jinja.TemplateSyntaxError;
import dev.jsalt.jinja.ast.Nodes;
import dev.jsalt.jinja.ast.Nodes.*;
import dev.jsalt.jinja.ext.TagExtension;
import dev.jsalt.jinja.lexer.Token;
import dev.jsalt.jinja.lexer.TokenStream;
import dev.jsalt.jinja.lexer.TokenTypes;
import dev.jsalt.jinja.value.Py;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jinja2's parser (jinja2/parser.py), method for method, with the same precedence, error messages and line
 * numbers. Extensions ({@link TagExtension}) get this object to parse their tags with: {@link #stream()},
 * {@link #parseExpression()}, {@link #parseTuple}, {@link #parseAssignTarget}, {@link #parseStatements},
 * {@link #parseImport()}, {@link #freeIdentifier}, {@link #fail}.
 */
public final class Parser {
    /** Nesting deeper than this is refused (Jinja2 itself dies of Python's recursion limit much earlier). */
    public static final int MAX_NESTING = 200;

    private static final Set<String> STATEMENT_KEYWORDS = Set.of("for", "if", "block", "extends", "print", "macro", "include",
            "from", "import", "set", "with", "autoescape");
    private static final Set<String> COMPARE_OPERATORS = Set.of("eq", "ne", "lt", "lteq", "gt", "gteq");

    private final TokenStream stream;
    private final String name;
    private final Map<String, TagExtension> extensions;
    private int lastIdentifier;
    private final List<String> tagStack = new ArrayList<>();
    private final List<String[]> endTokenStack = new ArrayList<>();
    private int depth;

    public Parser(TokenStream stream, String name, Map<String, TagExtension> extensions) {
        this.stream = stream;
        this.name = name;
        this.extensions = extensions;
    }

    public TokenStream stream() {
        return stream;
    }

    /** The template's name (null for a template made from a string). */
    public String templateName() {
        return name;
    }

    // ---- failures ---------------------------------------------------------------------------------------------

    public TemplateSyntaxError fail(String msg, int lineno) {
        return new TemplateSyntaxError(msg, lineno, name);
    }

    public TemplateSyntaxError fail(String msg) {
        return fail(msg, stream.current().lineno());
    }

    private TemplateSyntaxError failUtEof(String tagName, List<String[]> endTokens, int lineno) {
        Set<String> expected = new LinkedHashSet<>();
        for (String[] exprs : endTokens) {
            for (String e : exprs) {
                expected.add(TokenTypes.describeExpr(e));
            }
        }
        String currentlyLooking = null;
        if (!endTokens.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (String e : endTokens.get(endTokens.size() - 1)) {
                parts.add(Py.repr(TokenTypes.describeExpr(e)));
            }
            currentlyLooking = String.join(" or ", parts);
        }
        List<String> message = new ArrayList<>();
        if (tagName == null) {
            message.add("Unexpected end of template.");
        } else {
            message.add("Encountered unknown tag " + Py.repr(tagName) + ".");
        }
        if (currentlyLooking != null) {
            if (tagName != null && expected.contains(tagName)) {
                message.add("You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for "
                        + currentlyLooking + ".");
            } else {
                message.add("Jinja was looking for the following tags: " + currentlyLooking + ".");
            }
        }
        if (!tagStack.isEmpty()) {
            message.add("The innermost block that needs to be closed is " + Py.repr(tagStack.get(tagStack.size() - 1)) + ".");
        }
        return fail(String.join(" ", message), lineno);
    }

    private TemplateSyntaxError failUnknownTag(String tagName, int lineno) {
        return failUtEof(tagName, endTokenStack, lineno);
    }

    private TemplateSyntaxError failEof(String[] endTokens, int lineno) {
        List<String[]> stack = new ArrayList<>(endTokenStack);
        if (endTokens != null) {
            stack.add(endTokens);
        }
        return failUtEof(null, stack, lineno);
    }

    private void enter() {
        if (++depth > MAX_NESTING) {
            throw new LimitExceededError("max template nesting depth", MAX_NESTING);
        }
    }

    private void leave() {
        depth--;
    }

    public boolean isTupleEnd(String[] extraEndRules) {
        String t = stream.current().type();
        if (t.equals(TokenTypes.VARIABLE_END) || t.equals(TokenTypes.BLOCK_END) || t.equals("rparen")) {
            return true;
        }
        return extraEndRules != null && stream.current().testAny(extraEndRules);
    }

    /** A fresh internal name ({@code fi1}, {@code fi2}, ...) for an extension's helper variables. */
    public String freeIdentifier() {
        lastIdentifier++;
        return "fi" + lastIdentifier;
    }

    // ---- statements -------------------------------------------------------------------------------------------

    private List<Stmt> parseStatement() {
        Token token = stream.current();
        if (!token.type().equals(TokenTypes.NAME)) {
            throw fail("tag name expected", token.lineno());
        }
        String tag = token.text();
        tagStack.add(tag);
        boolean popTag = true;
        enter();
        try {
            if (STATEMENT_KEYWORDS.contains(tag)) {
                return List.of(switch (tag) {
                    case "for" -> parseFor();
                    case "if" -> parseIf();
                    case "block" -> parseBlock();
                    case "extends" -> parseExtends();
                    case "print" -> parsePrint();
                    case "macro" -> parseMacro();
                    case "include" -> parseInclude();
                    case "from" -> parseFrom();
                    case "import" -> parseImport();
                    case "set" -> parseSet();
                    case "with" -> parseWith();
                    default -> parseAutoescape();
                });
            }
            if (tag.equals("call")) {
                return List.of(parseCallBlock());
            }
            if (tag.equals("filter")) {
                return List.of(parseFilterBlock());
            }
            TagExtension ext = extensions.get(tag);
            if (ext != null) {
                return ext.parse(this);
            }
            tagStack.remove(tagStack.size() - 1);
            popTag = false;
            throw failUnknownTag(tag, token.lineno());
        } finally {
            leave();
            if (popTag) {
                tagStack.remove(tagStack.size() - 1);
            }
        }
    }

    /**
     * Statements up to one of {@code endTokens} ({@code "name:endfor"}, ...): skips an optional colon, expects the
     * block end, parses the body. The stream is left on the matched end token, or past it when dropNeedle.
     */
    public List<Stmt> parseStatements(String[] endTokens, boolean dropNeedle) {
        stream.skipIf("colon");
        stream.expect(TokenTypes.BLOCK_END);
        List<Stmt> result = subparse(endTokens);
        if (stream.current().type().equals(TokenTypes.EOF)) {
            throw failEof(endTokens, stream.current().lineno());
        }
        if (dropNeedle) {
            stream.next();
        }
        return result;
    }

    private static String[] ends(String... tokens) {
        return tokens;
    }

    private Stmt parseSet() {
        int lineno = stream.next().lineno();
        Expr target = parseAssignTarget(true, false, null, true);
        if (stream.skipIf("assign")) {
            Expr expr = parseTuple(false, true, null, false);
            return new Assign(target, expr, lineno);
        }
        Filter filter = parseFilter(null, false);
        List<Stmt> body = parseStatements(ends("name:endset"), true);
        return new AssignBlock(target, filter, body, lineno);
    }

    private Stmt parseFor() {
        int lineno = stream.expect("name:for").lineno();
        Expr target = parseAssignTarget(true, false, ends("name:in"), false);
        stream.expect("name:in");
        Expr iter = parseTuple(false, false, ends("name:recursive"), false);
        Expr test = null;
        if (stream.skipIf("name:if")) {
            test = parseExpression();
        }
        boolean recursive = stream.skipIf("name:recursive");
        List<Stmt> body = parseStatements(ends("name:endfor", "name:else"), false);
        List<Stmt> orelse;
        if (stream.next().value().equals("endfor")) {
            orelse = List.of();
        } else {
            orelse = parseStatements(ends("name:endfor"), true);
        }
        return new For(target, iter, body, orelse, test, recursive, lineno);
    }

    private Stmt parseIf() {
        int lineno = stream.expect("name:if").lineno();
        Expr test = parseTuple(false, false, null, false);
        List<Stmt> body = parseStatements(ends("name:elif", "name:else", "name:endif"), false);
        List<If> elifs = new ArrayList<>();
        List<Stmt> orelse = List.of();
        while (true) {
            Token token = stream.next();
            if (token.test("name:elif")) {
                int elifLine = stream.current().lineno();
                Expr elifTest = parseTuple(false, false, null, false);
                List<Stmt> elifBody = parseStatements(ends("name:elif", "name:else", "name:endif"), false);
                elifs.add(new If(elifTest, elifBody, List.of(), List.of(), elifLine));
                continue;
            } else if (token.test("name:else")) {
                orelse = parseStatements(ends("name:endif"), true);
            }
            break;
        }
        return new If(test, body, elifs, orelse, lineno);
    }

    private Stmt parseWith() {
        int lineno = stream.next().lineno();
        List<Expr> targets = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!stream.current().type().equals(TokenTypes.BLOCK_END)) {
            if (!targets.isEmpty()) {
                stream.expect("comma");
            }
            Expr target = parseAssignTarget(true, false, null, false);
            target = Nodes.setCtx(target, "param");
            targets.add(target);
            stream.expect("assign");
            values.add(parseExpression());
        }
        List<Stmt> body = parseStatements(ends("name:endwith"), true);
        return new With(targets, values, body, lineno);
    }

    private Stmt parseAutoescape() {
        int lineno = stream.next().lineno();
        Expr value = parseExpression();
        List<Stmt> body = parseStatements(ends("name:endautoescape"), true);
        if (value instanceof Const c && !Py.truthy(c.value())) {
            // escaping is already off in Salt's environment: a no-op scope
            return new Scope(body, lineno);
        }
        throw fail("autoescape blocks that turn escaping on are not supported by jsalt's Jinja engine"
                + " (Salt renders with autoescape off)", lineno);
    }

    private Stmt parseBlock() {
        int lineno = stream.next().lineno();
        String blockName = stream.expect(TokenTypes.NAME).text();
        boolean scoped = stream.skipIf("name:scoped");
        boolean required = stream.skipIf("name:required");
        if (stream.current().type().equals("sub")) {
            throw fail("Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an"
                    + " underscore instead.");
        }
        List<Stmt> body = parseStatements(ends("name:endblock"), true);
        if (required) {
            for (Stmt s : body) {
                if (!(s instanceof Output o)) {
                    throw fail("Required blocks can only contain comments or whitespace");
                }
                for (Expr child : o.nodes()) {
                    if (!(child instanceof TemplateData d) || !isSpace(d.data())) {
                        throw fail("Required blocks can only contain comments or whitespace");
                    }
                }
            }
        }
        stream.skipIf("name:" + blockName);
        return new Block(blockName, body, scoped, required, lineno);
    }

    private static boolean isSpace(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!dev.jsalt.jinja.value.PyStr.isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private Stmt parseExtends() {
        int lineno = stream.next().lineno();
        return new Extends(parseExpression(), lineno);
    }

    private Boolean parseImportContext(boolean dflt) {
        if (stream.current().testAny("name:with", "name:without") && stream.look().test("name:context")) {
            boolean with = stream.next().value().equals("with");
            stream.skip(1);
            return with;
        }
        return dflt;
    }

    private Stmt parseInclude() {
        int lineno = stream.next().lineno();
        Expr template = parseExpression();
        boolean ignoreMissing;
        if (stream.current().test("name:ignore") && stream.look().test("name:missing")) {
            ignoreMissing = true;
            stream.skip(2);
        } else {
            ignoreMissing = false;
        }
        boolean withContext = parseImportContext(true);
        return new Include(template, withContext, ignoreMissing, lineno);
    }

    /** {@code import EXPR as name [with|without context]}, the stream on the {@code import} token. */
    public Import parseImport() {
        int lineno = stream.next().lineno();
        Expr template = parseExpression();
        stream.expect("name:as");
        String target = ((Name) parseAssignTarget(true, true, null, false)).name();
        boolean withContext = parseImportContext(false);
        return new Import(template, target, withContext, lineno);
    }

    private Stmt parseFrom() {
        int lineno = stream.next().lineno();
        Expr template = parseExpression();
        stream.expect("name:import");
        List<ImportName> names = new ArrayList<>();
        Boolean withContext = null;
        while (true) {
            if (!names.isEmpty()) {
                stream.expect("comma");
            }
            if (stream.current().type().equals(TokenTypes.NAME)) {
                Boolean ctx = parseFromContext();
                if (ctx != null) {
                    withContext = ctx;
                    break;
                }
                Name target = (Name) parseAssignTarget(true, true, null, false);
                if (target.name().startsWith("_")) {
                    throw new TemplateSyntaxError("names starting with an underline can not be imported", target.lineno(), name, true);
                }
                if (stream.skipIf("name:as")) {
                    Name alias = (Name) parseAssignTarget(true, true, null, false);
                    names.add(new ImportName(target.name(), alias.name()));
                } else {
                    names.add(new ImportName(target.name(), null));
                }
                ctx = parseFromContext();
                if (ctx != null) {
                    withContext = ctx;
                    break;
                }
                if (!stream.current().type().equals("comma")) {
                    break;
                }
            } else {
                stream.expect(TokenTypes.NAME);
            }
        }
        return new FromImport(template, names, withContext != null && withContext, lineno);
    }

    private Boolean parseFromContext() {
        Object v = stream.current().value();
        if (("with".equals(v) || "without".equals(v)) && stream.look().test("name:context")) {
            boolean with = stream.next().value().equals("with");
            stream.skip(1);
            return with;
        }
        return null;
    }

    private record Signature(List<Name> args, List<Expr> defaults) {
    }

    private Signature parseSignature() {
        List<Name> args = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        stream.expect("lparen");
        while (!stream.current().type().equals("rparen")) {
            if (!args.isEmpty()) {
                stream.expect("comma");
            }
            Name arg = (Name) parseAssignTarget(true, true, null, false);
            arg = new Name(arg.name(), "param", arg.lineno());
            if (stream.skipIf("assign")) {
                defaults.add(parseExpression());
            } else if (!defaults.isEmpty()) {
                throw fail("non-default argument follows default argument");
            }
            args.add(arg);
        }
        stream.expect("rparen");
        return new Signature(args, defaults);
    }

    private Stmt parseCallBlock() {
        int lineno = stream.next().lineno();
        Signature sig;
        if (stream.current().type().equals("lparen")) {
            sig = parseSignature();
        } else {
            sig = new Signature(List.of(), List.of());
        }
        Expr callNode = parseExpression();
        if (!(callNode instanceof Call call)) {
            throw fail("expected call", lineno);
        }
        List<Stmt> body = parseStatements(ends("name:endcall"), true);
        return new CallBlock(call, sig.args(), sig.defaults(), body, lineno);
    }

    private Stmt parseFilterBlock() {
        int lineno = stream.next().lineno();
        Filter filter = parseFilter(null, true);
        List<Stmt> body = parseStatements(ends("name:endfilter"), true);
        return new FilterBlock(body, filter, lineno);
    }

    private Stmt parseMacro() {
        int lineno = stream.next().lineno();
        String macroName = ((Name) parseAssignTarget(true, true, null, false)).name();
        Signature sig = parseSignature();
        List<Stmt> body = parseStatements(ends("name:endmacro"), true);
        return new Macro(macroName, sig.args(), sig.defaults(), body, lineno);
    }

    private Stmt parsePrint() {
        int lineno = stream.next().lineno();
        List<Expr> nodes = new ArrayList<>();
        while (!stream.current().type().equals(TokenTypes.BLOCK_END)) {
            if (!nodes.isEmpty()) {
                stream.expect("comma");
            }
            nodes.add(parseExpression());
        }
        return new Output(nodes, lineno);
    }

    /**
     * An assignment target: a name, a tuple of targets (with_tuple), only a name (name_only), or {@code ns.attr}
     * (with_namespace), failing with Jinja2's "can't assign to ..." otherwise.
     */
    public Expr parseAssignTarget(boolean withTuple, boolean nameOnly, String[] extraEndRules, boolean withNamespace) {
        Expr target;
        if (withNamespace && stream.look().type().equals("dot")) {
            Token token = stream.expect(TokenTypes.NAME);
            stream.next();
            Token attr = stream.expect(TokenTypes.NAME);
            target = new NSRef(token.text(), attr.text(), token.lineno());
        } else if (nameOnly) {
            Token token = stream.expect(TokenTypes.NAME);
            target = new Name(token.text(), "store", token.lineno());
        } else {
            if (withTuple) {
                target = parseTuple(true, true, extraEndRules, false);
            } else {
                target = parsePrimary();
            }
            target = Nodes.setCtx(target, "store");
        }
        if (!target.canAssign()) {
            throw fail("can't assign to " + Py.repr(Nodes.kindName(target)), target.lineno());
        }
        return target;
    }

    // ---- expressions ------------------------------------------------------------------------------------------

    /** A full expression (conditional expressions included). */
    public Expr parseExpression() {
        return parseExpression(true);
    }

    public Expr parseExpression(boolean withCondexpr) {
        if (withCondexpr) {
            return parseCondexpr();
        }
        return parseOr();
    }

    private Expr parseCondexpr() {
        int lineno = stream.current().lineno();
        Expr expr1 = parseOr();
        while (stream.skipIf("name:if")) {
            Expr expr2 = parseOr();
            Expr expr3;
            if (stream.skipIf("name:else")) {
                expr3 = parseCondexpr();
            } else {
                expr3 = null;
            }
            expr1 = new CondExpr(expr2, expr1, expr3, lineno);
            lineno = stream.current().lineno();
        }
        return expr1;
    }

    private Expr parseOr() {
        int lineno = stream.current().lineno();
        Expr left = parseAnd();
        while (stream.skipIf("name:or")) {
            Expr right = parseAnd();
            left = new BinExpr("or", left, right, lineno);
            lineno = stream.current().lineno();
        }
        return left;
    }

    private Expr parseAnd() {
        int lineno = stream.current().lineno();
        Expr left = parseNot();
        while (stream.skipIf("name:and")) {
            Expr right = parseNot();
            left = new BinExpr("and", left, right, lineno);
            lineno = stream.current().lineno();
        }
        return left;
    }

    private Expr parseNot() {
        if (stream.current().test("name:not")) {
            int lineno = stream.next().lineno();
            enter();
            try {
                return new UnaryExpr("not", parseNot(), lineno);
            } finally {
                leave();
            }
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        int lineno = stream.current().lineno();
        Expr expr = parseMath1();
        List<Operand> ops = new ArrayList<>();
        while (true) {
            String type = stream.current().type();
            if (COMPARE_OPERATORS.contains(type)) {
                stream.next();
                ops.add(new Operand(type, parseMath1()));
            } else if (stream.skipIf("name:in")) {
                ops.add(new Operand("in", parseMath1()));
            } else if (stream.current().test("name:not") && stream.look().test("name:in")) {
                stream.skip(2);
                ops.add(new Operand("notin", parseMath1()));
            } else {
                break;
            }
            lineno = stream.current().lineno();
        }
        if (ops.isEmpty()) {
            return expr;
        }
        return new Compare(expr, ops, lineno);
    }

    private Expr parseMath1() {
        int lineno = stream.current().lineno();
        Expr left = parseConcat();
        while (stream.current().type().equals("add") || stream.current().type().equals("sub")) {
            String op = stream.current().type().equals("add") ? "+" : "-";
            stream.next();
            Expr right = parseConcat();
            left = new BinExpr(op, left, right, lineno);
            lineno = stream.current().lineno();
        }
        return left;
    }

    private Expr parseConcat() {
        int lineno = stream.current().lineno();
        List<Expr> args = new ArrayList<>();
        args.add(parseMath2());
        while (stream.current().type().equals("tilde")) {
            stream.next();
            args.add(parseMath2());
        }
        if (args.size() == 1) {
            return args.get(0);
        }
        return new Concat(args, lineno);
    }

    private Expr parseMath2() {
        int lineno = stream.current().lineno();
        Expr left = parsePow();
        while (true) {
            String type = stream.current().type();
            String op = switch (type) {
                case "mul" -> "*";
                case "div" -> "/";
                case "floordiv" -> "//";
                case "mod" -> "%";
                default -> null;
            };
            if (op == null) {
                break;
            }
            stream.next();
            Expr right = parsePow();
            left = new BinExpr(op, left, right, lineno);
            lineno = stream.current().lineno();
        }
        return left;
    }

    private Expr parsePow() {
        int lineno = stream.current().lineno();
        Expr left = parseUnary(true);
        while (stream.current().type().equals("pow")) {
            stream.next();
            Expr right = parseUnary(true);
            left = new BinExpr("**", left, right, lineno);
            lineno = stream.current().lineno();
        }
        return left;
    }

    private Expr parseUnary(boolean withFilter) {
        String type = stream.current().type();
        int lineno = stream.current().lineno();
        Expr node;
        enter();
        try {
            if (type.equals("sub")) {
                stream.next();
                node = new UnaryExpr("-", parseUnary(false), lineno);
            } else if (type.equals("add")) {
                stream.next();
                node = new UnaryExpr("+", parseUnary(false), lineno);
            } else {
                node = parsePrimary();
            }
            node = parsePostfix(node);
            if (withFilter) {
                node = parseFilterExpr(node);
            }
            return node;
        } finally {
            leave();
        }
    }

    /** A literal, name, parenthesized tuple, list or dict. */
    public Expr parsePrimary() {
        Token token = stream.current();
        Expr node;
        switch (token.type()) {
            case TokenTypes.NAME -> {
                String v = token.text();
                if (v.equals("true") || v.equals("false") || v.equals("True") || v.equals("False")) {
                    node = new Const(v.equals("true") || v.equals("True"), token.lineno());
                } else if (v.equals("none") || v.equals("None")) {
                    node = new Const(null, token.lineno());
                } else {
                    node = new Name(v, "load", token.lineno());
                }
                stream.next();
            }
            case TokenTypes.STRING -> {
                stream.next();
                StringBuilder buf = new StringBuilder(token.text());
                while (stream.current().type().equals(TokenTypes.STRING)) {
                    buf.append(stream.current().text());
                    stream.next();
                }
                node = new Const(buf.toString(), token.lineno());
            }
            case TokenTypes.INTEGER, TokenTypes.FLOAT -> {
                stream.next();
                node = new Const(token.value(), token.lineno());
            }
            case "lparen" -> {
                stream.next();
                node = parseTuple(false, true, null, true);
                stream.expect("rparen");
            }
            case "lbracket" -> node = parseList();
            case "lbrace" -> node = parseDict();
            default -> throw fail("unexpected " + Py.repr(token.describe()), token.lineno());
        }
        return node;
    }

    /**
     * Like parseExpression, but comma-separated expressions make a tuple. simplified: only names and literals;
     * extraEndRules: tokens that also end the tuple ({@code name:in} in a for loop).
     */
    public Expr parseTuple(boolean simplified, boolean withCondexpr, String[] extraEndRules, boolean explicitParentheses) {
        int lineno = stream.current().lineno();
        List<Expr> args = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!args.isEmpty()) {
                stream.expect("comma");
            }
            if (isTupleEnd(extraEndRules)) {
                break;
            }
            Expr item;
            if (simplified) {
                item = parsePrimary();
            } else if (withCondexpr) {
                item = parseExpression();
            } else {
                item = parseExpression(false);
            }
            args.add(item);
            if (stream.current().type().equals("comma")) {
                isTuple = true;
            } else {
                break;
            }
            lineno = stream.current().lineno();
        }
        if (!isTuple) {
            if (!args.isEmpty()) {
                return args.get(0);
            }
            if (!explicitParentheses) {
                throw fail("Expected an expression, got " + Py.repr(stream.current().describe()));
            }
        }
        return new Tuple(args, "load", lineno);
    }

    private Expr parseList() {
        Token token = stream.expect("lbracket");
        List<Expr> items = new ArrayList<>();
        while (!stream.current().type().equals("rbracket")) {
            if (!items.isEmpty()) {
                stream.expect("comma");
            }
            if (stream.current().type().equals("rbracket")) {
                break;
            }
            items.add(parseExpression());
        }
        stream.expect("rbracket");
        return new ListLit(items, token.lineno());
    }

    private Expr parseDict() {
        Token token = stream.expect("lbrace");
        List<Pair> items = new ArrayList<>();
        while (!stream.current().type().equals("rbrace")) {
            if (!items.isEmpty()) {
                stream.expect("comma");
            }
            if (stream.current().type().equals("rbrace")) {
                break;
            }
            Expr key = parseExpression();
            stream.expect("colon");
            Expr value = parseExpression();
            items.add(new Pair(key, value, key.lineno()));
        }
        stream.expect("rbrace");
        return new DictLit(items, token.lineno());
    }

    private Expr parsePostfix(Expr node) {
        while (true) {
            String type = stream.current().type();
            if (type.equals("dot") || type.equals("lbracket")) {
                node = parseSubscript(node);
            } else if (type.equals("lparen")) {
                node = parseCall(node);
            } else {
                break;
            }
        }
        return node;
    }

    private Expr parseFilterExpr(Expr node) {
        while (true) {
            String type = stream.current().type();
            if (type.equals("pipe")) {
                node = parseFilter(node, false);
            } else if (type.equals(TokenTypes.NAME) && "is".equals(stream.current().value())) {
                node = parseTest(node);
            } else if (type.equals("lparen")) {
                node = parseCall(node);
            } else {
                break;
            }
        }
        return node;
    }

    private Expr parseSubscript(Expr node) {
        Token token = stream.next();
        if (token.type().equals("dot")) {
            Token attr = stream.current();
            stream.next();
            if (attr.type().equals(TokenTypes.NAME)) {
                return new Getattr(node, attr.text(), "load", token.lineno());
            } else if (!attr.type().equals(TokenTypes.INTEGER)) {
                throw fail("expected name or number", attr.lineno());
            }
            return new Getitem(node, new Const(attr.value(), attr.lineno()), "load", token.lineno());
        }
        if (token.type().equals("lbracket")) {
            List<Expr> args = new ArrayList<>();
            while (!stream.current().type().equals("rbracket")) {
                if (!args.isEmpty()) {
                    stream.expect("comma");
                }
                args.add(parseSubscribed());
            }
            stream.expect("rbracket");
            Expr arg = args.size() == 1 ? args.get(0) : new Tuple(args, "load", token.lineno());
            return new Getitem(node, arg, "load", token.lineno());
        }
        throw fail("expected subscript expression", token.lineno());
    }

    private Expr parseSubscribed() {
        int lineno = stream.current().lineno();
        Expr[] parts = new Expr[3];
        if (stream.current().type().equals("colon")) {
            stream.next();
            parts[0] = null;
        } else {
            Expr node = parseExpression();
            if (!stream.current().type().equals("colon")) {
                return node;
            }
            stream.next();
            parts[0] = node;
        }
        if (stream.current().type().equals("colon")) {
            parts[1] = null;
        } else if (!stream.current().type().equals("rbracket") && !stream.current().type().equals("comma")) {
            parts[1] = parseExpression();
        } else {
            parts[1] = null;
        }
        if (stream.current().type().equals("colon")) {
            stream.next();
            if (!stream.current().type().equals("rbracket") && !stream.current().type().equals("comma")) {
                parts[2] = parseExpression();
            }
        }
        return new Slice(parts[0], parts[1], parts[2], lineno);
    }

    private record CallArgs(List<Expr> args, List<Keyword> kwargs, Expr dynArgs, Expr dynKwargs) {
    }

    private CallArgs parseCallArgs() {
        Token token = stream.expect("lparen");
        List<Expr> args = new ArrayList<>();
        List<Keyword> kwargs = new ArrayList<>();
        Expr dynArgs = null;
        Expr dynKwargs = null;
        boolean requireComma = false;
        while (!stream.current().type().equals("rparen")) {
            if (requireComma) {
                stream.expect("comma");
                if (stream.current().type().equals("rparen")) {
                    break;
                }
            }
            if (stream.current().type().equals("mul")) {
                ensure(dynArgs == null && dynKwargs == null, token);
                stream.next();
                dynArgs = parseExpression();
            } else if (stream.current().type().equals("pow")) {
                ensure(dynKwargs == null, token);
                stream.next();
                dynKwargs = parseExpression();
            } else {
                if (stream.current().type().equals(TokenTypes.NAME) && stream.look().type().equals("assign")) {
                    ensure(dynKwargs == null, token);
                    String key = stream.current().text();
                    stream.skip(2);
                    Expr value = parseExpression();
                    kwargs.add(new Keyword(key, value, value.lineno()));
                } else {
                    ensure(dynArgs == null && dynKwargs == null && kwargs.isEmpty(), token);
                    args.add(parseExpression());
                }
            }
            requireComma = true;
        }
        stream.expect("rparen");
        return new CallArgs(args, kwargs, dynArgs, dynKwargs);
    }

    private void ensure(boolean ok, Token token) {
        if (!ok) {
            throw fail("invalid syntax for function call expression", token.lineno());
        }
    }

    private Expr parseCall(Expr node) {
        Token token = stream.current();
        CallArgs a = parseCallArgs();
        return new Call(node, a.args(), a.kwargs(), a.dynArgs(), a.dynKwargs(), token.lineno());
    }

    /** {@code |name(args)} filters applied to node (node null: the filter of a filter or set block). */
    public Filter parseFilter(Expr node, boolean startInline) {
        Expr result = node;
        while (stream.current().type().equals("pipe") || startInline) {
            if (!startInline) {
                stream.next();
            }
            Token token = stream.expect(TokenTypes.NAME);
            StringBuilder filterName = new StringBuilder(token.text());
            while (stream.current().type().equals("dot")) {
                stream.next();
                filterName.append('.').append(stream.expect(TokenTypes.NAME).text());
            }
            CallArgs a;
            if (stream.current().type().equals("lparen")) {
                a = parseCallArgs();
            } else {
                a = new CallArgs(List.of(), List.of(), null, null);
            }
            result = new Filter(result, filterName.toString(), a.args(), a.kwargs(), a.dynArgs(), a.dynKwargs(), token.lineno());
            startInline = false;
        }
        return (Filter) result;
    }

    private Expr parseTest(Expr node) {
        Token token = stream.next();
        boolean negated = false;
        if (stream.current().test("name:not")) {
            stream.next();
            negated = true;
        }
        StringBuilder testName = new StringBuilder(stream.expect(TokenTypes.NAME).text());
        while (stream.current().type().equals("dot")) {
            stream.next();
            testName.append('.').append(stream.expect(TokenTypes.NAME).text());
        }
        CallArgs a;
        String type = stream.current().type();
        if (type.equals("lparen")) {
            a = parseCallArgs();
        } else if (Arrays.asList(TokenTypes.NAME, TokenTypes.STRING, TokenTypes.INTEGER, TokenTypes.FLOAT, "lparen", "lbracket", "lbrace")
                .contains(type) && !stream.current().testAny("name:else", "name:or", "name:and")) {
            if (stream.current().test("name:is")) {
                throw fail("You cannot chain multiple tests with is");
            }
            Expr arg = parsePrimary();
            arg = parsePostfix(arg);
            a = new CallArgs(List.of(arg), List.of(), null, null);
        } else {
            a = new CallArgs(List.of(), List.of(), null, null);
        }
        Expr result = new Test(node, testName.toString(), a.args(), a.kwargs(), a.dynArgs(), a.dynKwargs(), token.lineno());
        if (negated) {
            result = new UnaryExpr("not", result, token.lineno());
        }
        return result;
    }

    // ---- bodies -----------------------------------------------------------------------------------------------

    private List<Stmt> subparse(String[] endTokens) {
        List<Stmt> body = new ArrayList<>();
        List<Expr> dataBuffer = new ArrayList<>();
        if (endTokens != null) {
            endTokenStack.add(endTokens);
        }
        try {
            while (stream.hasMore()) {
                Token token = stream.current();
                switch (token.type()) {
                    case TokenTypes.DATA -> {
                        if (!token.text().isEmpty()) {
                            dataBuffer.add(new TemplateData(token.text(), token.lineno()));
                        }
                        stream.next();
                    }
                    case TokenTypes.VARIABLE_BEGIN -> {
                        stream.next();
                        dataBuffer.add(parseTuple(false, true, null, false));
                        stream.expect(TokenTypes.VARIABLE_END);
                    }
                    case TokenTypes.BLOCK_BEGIN -> {
                        flush(body, dataBuffer);
                        stream.next();
                        if (endTokens != null && stream.current().testAny(endTokens)) {
                            return body;
                        }
                        body.addAll(parseStatement());
                        stream.expect(TokenTypes.BLOCK_END);
                    }
                    default -> throw new IllegalStateException("internal parsing error");
                }
            }
            flush(body, dataBuffer);
        } finally {
            if (endTokens != null) {
                endTokenStack.remove(endTokenStack.size() - 1);
            }
        }
        return body;
    }

    private static void flush(List<Stmt> body, List<Expr> dataBuffer) {
        if (!dataBuffer.isEmpty()) {
            body.add(new Output(new ArrayList<>(dataBuffer), dataBuffer.get(0).lineno()));
            dataBuffer.clear();
        }
    }

    /** The whole template. */
    public Template parse() {
        return new Template(subparse(null));
    }
}
