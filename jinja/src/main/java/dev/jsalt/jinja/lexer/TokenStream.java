package dev.jsalt.jinja.lexer;

import dev.jsalt.jinja.TemplateSyntaxError;
import dev.jsalt.jinja.value.Py;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Jinja2's TokenStream: the current token, one-token lookahead, expect() with Jinja2's messages. */
public final class TokenStream {
    private final List<Token> tokens;
    private int index;
    private final Deque<Token> pushed = new ArrayDeque<>();
    private final String name;
    private Token current;

    public TokenStream(List<Token> tokens, String name) {
        this.tokens = tokens;
        this.name = name;
        this.current = new Token(1, TokenTypes.INITIAL, "");
        this.index = 0;
        next();
    }

    public Token current() {
        return current;
    }

    public String name() {
        return name;
    }

    /** True while tokens remain (Jinja2's {@code bool(stream)}). */
    public boolean hasMore() {
        return !pushed.isEmpty() || !TokenTypes.EOF.equals(current.type());
    }

    private Token pull() {
        if (index >= tokens.size()) {
            return new Token(current.lineno(), TokenTypes.EOF, "");
        }
        Token t = tokens.get(index++);
        if (TokenTypes.ERROR.equals(t.type())) {
            index--;
            throw (TemplateSyntaxError) t.value();
        }
        return t;
    }

    /** Advances and returns the previous current token. */
    public Token next() {
        Token rv = current;
        if (!pushed.isEmpty()) {
            current = pushed.pollFirst();
        } else if (!TokenTypes.EOF.equals(current.type())) {
            current = pull();
        }
        return rv;
    }

    /** The token after the current one. */
    public Token look() {
        Token old = next();
        Token result = current;
        pushed.addLast(result);
        current = old;
        return result;
    }

    public void push(Token t) {
        pushed.addLast(t);
    }

    public void skip(int n) {
        for (int i = 0; i < n; i++) {
            next();
        }
    }

    public Token nextIf(String expr) {
        if (current.test(expr)) {
            return next();
        }
        return null;
    }

    public boolean skipIf(String expr) {
        return nextIf(expr) != null;
    }

    /** The current token if it matches (and advance), else Jinja2's "expected token" syntax error. */
    public Token expect(String expr) {
        if (!current.test(expr)) {
            String described = TokenTypes.describeExpr(expr);
            if (TokenTypes.EOF.equals(current.type())) {
                throw new TemplateSyntaxError("unexpected end of template, expected " + Py.repr(described) + ".", current.lineno(), name);
            }
            throw new TemplateSyntaxError("expected token " + Py.repr(described) + ", got " + Py.repr(current.describe()), current.lineno(), name);
        }
        return next();
    }
}
