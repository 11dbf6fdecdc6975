package dev.jsalt.jinja.lexer;

/**
 * A Jinja2 token: its line, type ({@code "name"}, {@code "string"}, {@code "block_end"}, an operator type such
 * as {@code "add"}, ...) and value (the name or operator text, the decoded string, a Long/BigInteger/Double).
 */
public record Token(int lineno, String type, Object value) {

    /** Jinja2's token test: a type, or {@code "type:value"} for names ({@code "name:endfor"}). */
    public boolean test(String expr) {
        if (type.equals(expr)) {
            return true;
        }
        int colon = expr.indexOf(':');
        if (colon >= 0) {
            return type.equals(expr.substring(0, colon)) && expr.substring(colon + 1).equals(value);
        }
        return false;
    }

    public boolean testAny(String... exprs) {
        for (String e : exprs) {
            if (test(e)) {
                return true;
            }
        }
        return false;
    }

    /** The value as a string (names, operators, data). */
    public String text() {
        return value instanceof String s ? s : String.valueOf(value);
    }

    /** Jinja2's describe_token. */
    public String describe() {
        if (TokenTypes.NAME.equals(type)) {
            return text();
        }
        return TokenTypes.describeType(type);
    }
}
