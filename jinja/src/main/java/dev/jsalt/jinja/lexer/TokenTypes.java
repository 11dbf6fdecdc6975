package dev.jsalt.jinja.lexer;

import java.util.LinkedHashMap;
import java.util.Map;

/** Jinja2's token type names and their descriptions (jinja2/lexer.py). */
public final class TokenTypes {
    private TokenTypes() {
    }

    public static final String NAME = "name";
    public static final String STRING = "string";
    public static final String INTEGER = "integer";
    public static final String FLOAT = "float";
    public static final String DATA = "data";
    public static final String BLOCK_BEGIN = "block_begin";
    public static final String BLOCK_END = "block_end";
    public static final String VARIABLE_BEGIN = "variable_begin";
    public static final String VARIABLE_END = "variable_end";
    public static final String RAW_BEGIN = "raw_begin";
    public static final String RAW_END = "raw_end";
    public static final String COMMENT_BEGIN = "comment_begin";
    public static final String COMMENT_END = "comment_end";
    public static final String COMMENT = "comment";
    public static final String WHITESPACE = "whitespace";
    public static final String EOF = "eof";
    public static final String INITIAL = "initial";
    /** Not a Jinja2 type: a lexer error, raised when the parser reaches it (Jinja2's lexer is lazy too). */
    public static final String ERROR = "error";

    /** Operator text to token type, longest first. */
    public static final Map<String, String> OPERATORS = new LinkedHashMap<>();
    static final Map<String, String> REVERSE = new LinkedHashMap<>();

    static {
        String[][] ops = {
            {"//", "floordiv"}, {"**", "pow"}, {"==", "eq"}, {"!=", "ne"}, {">=", "gteq"}, {"<=", "lteq"},
            {"+", "add"}, {"-", "sub"}, {"/", "div"}, {"*", "mul"}, {"%", "mod"}, {"~", "tilde"}, {"[", "lbracket"},
            {"]", "rbracket"}, {"(", "lparen"}, {")", "rparen"}, {"{", "lbrace"}, {"}", "rbrace"}, {">", "gt"},
            {"<", "lt"}, {"=", "assign"}, {".", "dot"}, {":", "colon"}, {"|", "pipe"}, {",", "comma"}, {";", "semicolon"},
        };
        for (String[] op : ops) {
            OPERATORS.put(op[0], op[1]);
            REVERSE.put(op[1], op[0]);
        }
    }

    /** Jinja2's _describe_token_type. */
    public static String describeType(String type) {
        String op = REVERSE.get(type);
        if (op != null) {
            return op;
        }
        return switch (type) {
            case COMMENT_BEGIN -> "begin of comment";
            case COMMENT_END -> "end of comment";
            case COMMENT -> "comment";
            case BLOCK_BEGIN -> "begin of statement block";
            case BLOCK_END -> "end of statement block";
            case VARIABLE_BEGIN -> "begin of print statement";
            case VARIABLE_END -> "end of print statement";
            case DATA -> "template data / text";
            case EOF -> "end of template";
            default -> type;
        };
    }

    /** Jinja2's describe_token_expr. */
    public static String describeExpr(String expr) {
        int colon = expr.indexOf(':');
        if (colon >= 0) {
            String type = expr.substring(0, colon);
            if (NAME.equals(type)) {
                return expr.substring(colon + 1);
            }
            return describeType(type);
        }
        return describeType(expr);
    }
}
