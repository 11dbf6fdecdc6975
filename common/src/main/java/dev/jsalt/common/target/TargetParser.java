package dev.jsalt.common.target;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Recursive-descent parser: or := and ('or' and)* ; and := unary ('and' unary)* ; unary := 'not' unary | '(' or ')' | term. */
final class TargetParser {
    private static final Pattern ID_CHARS = Pattern.compile("[A-Za-z0-9_.*?\\[\\]!-]+");
    private static final Pattern GRAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_:.-]*");

    private record Token(String text, int column) {
    }

    private final String expression;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int depth;
    /** Longest target expression accepted (characters). */
    public static final int MAX_LENGTH = 4096;
    /** Deepest nesting of parentheses and 'not' accepted. */
    public static final int MAX_DEPTH = 32;
    /** Most terms ('and'/'or' operands) in one expression: each is a level of the tree that matching walks. */
    public static final int MAX_TERMS = 256;
    private int terms;

    TargetParser(String expression) {
        this.expression = expression == null ? "" : expression;
        // Bounded before it is read: a 20,000-'not' or 5,000-parenthesis target once overflowed the API thread's stack.
        if (this.expression.length() > MAX_LENGTH) {
            throw new TargetSyntaxException(this.expression.substring(0, 40) + "…", 1, "target is " + this.expression.length()
                    + " characters long; the limit is " + MAX_LENGTH);
        }
        tokenize();
    }

    Target parse() {
        if (tokens.isEmpty()) throw new TargetSyntaxException(expression, 1, "empty target");
        Target t = parseOr();
        if (pos < tokens.size()) {
            Token extra = tokens.get(pos);
            throw new TargetSyntaxException(expression, extra.column(), "unexpected '" + extra.text() + "'");
        }
        return t;
    }

    private void tokenize() {
        int i = 0;
        String s = expression;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(new Token(String.valueOf(c), i + 1));
                i++;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '(' && s.charAt(i) != ')') {
                    i++;
                }
                tokens.add(new Token(s.substring(start, i), start + 1));
            }
        }
    }

    private Target parseOr() {
        Target left = parseAnd();
        while (peekWord("or")) {
            pos++;
            left = new TargetExpr.Or(left, parseAnd());
        }
        return left;
    }

    private Target parseAnd() {
        Target left = parseUnary();
        while (peekWord("and")) {
            pos++;
            left = new TargetExpr.And(left, parseUnary());
        }
        return left;
    }

    private Target parseUnary() {
        if (pos >= tokens.size()) {
            int col = expression.length() + 1;
            String after = pos == 0 ? "" : " after '" + tokens.get(pos - 1).text() + "'";
            throw new TargetSyntaxException(expression, col, "expected a target" + after);
        }
        Token t = tokens.get(pos);
        boolean nests = t.text().equalsIgnoreCase("not") || t.text().equals("(");
        if (nests && ++depth > MAX_DEPTH) {
            throw new TargetSyntaxException(expression, t.column(), "target nested more than " + MAX_DEPTH + " deep ('not' and parentheses)");
        }
        try {
            return parseNested(t);
        } finally {
            if (nests) depth--;
        }
    }

    private Target parseNested(Token t) {
        if (t.text().equalsIgnoreCase("not")) {
            pos++;
            return new TargetExpr.Not(parseUnary());
        }
        if (t.text().equals("(")) {
            pos++;
            Target inner = parseOr();
            if (pos >= tokens.size() || !tokens.get(pos).text().equals(")")) {
                throw new TargetSyntaxException(expression, t.column(), "unclosed '('");
            }
            pos++;
            return inner;
        }
        if (t.text().equals(")") || t.text().equalsIgnoreCase("and") || t.text().equalsIgnoreCase("or")) {
            throw new TargetSyntaxException(expression, t.column(), "expected a target, found '" + t.text() + "'");
        }
        pos++;
        if (++terms > MAX_TERMS) {
            throw new TargetSyntaxException(expression, t.column(), "target has more than " + MAX_TERMS + " terms");
        }
        return term(t);
    }

    private boolean peekWord(String w) {
        return pos < tokens.size() && tokens.get(pos).text().equalsIgnoreCase(w);
    }

    private Target term(Token t) {
        String s = t.text();
        if (s.startsWith("L@")) {
            Set<String> ids = new LinkedHashSet<>();
            for (String id : s.substring(2).split(",")) {
                if (id.isEmpty() || !ID_CHARS.matcher(id).matches()) {
                    throw new TargetSyntaxException(expression, t.column(), "bad minion id '" + id + "' in list");
                }
                ids.add(id);
            }
            return new TargetExpr.ListOf(Set.copyOf(ids));
        }
        if (s.startsWith("G@")) {
            String body = s.substring(2);
            int colon = body.lastIndexOf(':');
            if (colon <= 0 || colon == body.length() - 1) {
                throw new TargetSyntaxException(expression, t.column(), "grain target must be G@key:value, got '" + s + "'");
            }
            return grain(t, body.substring(0, colon), body.substring(colon + 1));
        }
        if (s.startsWith("E@")) {
            try {
                return new TargetExpr.Regex(Pattern.compile(s.substring(2)));
            } catch (PatternSyntaxException e) {
                throw new TargetSyntaxException(expression, t.column(), "bad regular expression: " + e.getDescription());
            }
        }
        if (s.length() > 1 && s.charAt(1) == '@') {
            throw new TargetSyntaxException(expression, t.column(), "unknown target type '" + s.substring(0, 2) + "' (known: L@, G@, E@)");
        }
        int eq = s.indexOf('=');
        if (eq >= 0) {
            if (eq == 0 || eq == s.length() - 1) {
                throw new TargetSyntaxException(expression, t.column(), "grain target must be key=value, got '" + s + "'");
            }
            return grain(t, s.substring(0, eq), s.substring(eq + 1));
        }
        if (!ID_CHARS.matcher(s).matches()) {
            throw new TargetSyntaxException(expression, t.column(), "'" + s + "' is not a minion id or glob");
        }
        return new TargetExpr.Glob(s);
    }

    private Target grain(Token t, String key, String value) {
        if (!GRAIN_KEY.matcher(key).matches()) {
            throw new TargetSyntaxException(expression, t.column(), "bad grain name '" + key + "'");
        }
        return new TargetExpr.Grain(key, value);
    }
}
