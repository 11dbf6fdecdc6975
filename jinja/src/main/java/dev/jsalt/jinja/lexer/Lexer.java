package dev.jsalt.jinja.lexer;

import dev.jsalt.jinja.TemplateSyntaxError;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyStr;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Jinja2's lexer (jinja2/lexer.py) for the default delimiters, hand-written instead of regex-driven so hostile
 * input cannot blow the regex engine's stack, with the same token boundaries, whitespace control ({@code -},
 * {@code +}, trim_blocks, lstrip_blocks), newline handling, balancing rules, error messages and line numbers.
 * A lexer error becomes an {@link TokenTypes#ERROR} token that the parser raises on reaching it, because
 * Jinja2's lexer is a generator: a parse error earlier in the template wins over a later lexer error.
 */
public final class Lexer {
    private final boolean trimBlocks;
    private final boolean lstripBlocks;
    private final boolean keepTrailingNewline;

    public Lexer(boolean trimBlocks, boolean lstripBlocks, boolean keepTrailingNewline) {
        this.trimBlocks = trimBlocks;
        this.lstripBlocks = lstripBlocks;
        this.keepTrailingNewline = keepTrailingNewline;
    }

    private enum State { ROOT, BLOCK, VARIABLE, COMMENT, RAW }

    /** Thrown inside tokenizing, turned into an ERROR token. */
    private static final class LexError extends RuntimeException {
        final int lineno;

        LexError(String message, int lineno) {
            super(message, null, false, false);
            this.lineno = lineno;
        }
    }

    /** Normalizes newlines and drops one trailing newline unless keep_trailing_newline, as tokeniter does. */
    public String normalize(String source) {
        StringBuilder b = new StringBuilder(source.length());
        int n = source.length();
        for (int i = 0; i < n; i++) {
            char c = source.charAt(i);
            if (c == '\r') {
                if (i + 1 < n && source.charAt(i + 1) == '\n') {
                    i++;
                }
                b.append('\n');
            } else {
                b.append(c);
            }
        }
        if (!keepTrailingNewline && b.length() > 0 && b.charAt(b.length() - 1) == '\n') {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    /**
     * The parser's tokens (whitespace, comments and raw markers dropped), ending with EOF or an ERROR token.
     * Thread-safe: each call tokenizes with a fresh lexer state.
     */
    public List<Token> tokenize(String source, String name) {
        return new Lexer(trimBlocks, lstripBlocks, keepTrailingNewline).tokenizeOnce(source, name);
    }

    private List<Token> tokenizeOnce(String source, String name) {
        List<Token> out = new ArrayList<>();
        try {
            run(normalize(source), out);
            out.add(new Token(out.isEmpty() ? 1 : out.get(out.size() - 1).lineno(), TokenTypes.EOF, ""));
        } catch (LexError e) {
            out.add(new Token(e.lineno, TokenTypes.ERROR, new TemplateSyntaxError(e.getMessage(), e.lineno, name)));
        }
        return out;
    }

    private int lineno;
    private List<Token> out;

    private void emit(int line, String type, Object value) {
        out.add(new Token(line, type, value));
    }

    private static int countNewlines(String s) {
        int c = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                c++;
            }
        }
        return c;
    }

    private void run(String src, List<Token> tokens) {
        this.out = tokens;
        this.lineno = 1;
        int pos = 0;
        int n = src.length();
        Deque<State> stack = new ArrayDeque<>();
        stack.push(State.ROOT);
        Deque<Character> balancing = new ArrayDeque<>();
        boolean lineStarting = true;
        while (true) {
            State state = stack.peek();
            switch (state) {
                case ROOT -> {
                    int p = findTag(src, pos);
                    if (p < 0) {
                        if (pos >= n) {
                            return;
                        }
                        String data = src.substring(pos);
                        emit(lineno, TokenTypes.DATA, data);
                        lineno += countNewlines(data);
                        lineStarting = data.endsWith("\n");
                        pos = n;
                        continue;
                    }
                    String text = src.substring(pos, p);
                    String tag;
                    String type;
                    State next;
                    int rawEnd = matchRawBegin(src, p);
                    if (rawEnd >= 0) {
                        tag = src.substring(p, rawEnd);
                        type = TokenTypes.RAW_BEGIN;
                        next = State.RAW;
                    } else {
                        char k = src.charAt(p + 1);
                        type = k == '{' ? TokenTypes.VARIABLE_BEGIN : k == '#' ? TokenTypes.COMMENT_BEGIN : TokenTypes.BLOCK_BEGIN;
                        next = k == '{' ? State.VARIABLE : k == '#' ? State.COMMENT : State.BLOCK;
                        int end = p + 2;
                        if (end < n && (src.charAt(end) == '-' || src.charAt(end) == '+')) {
                            end++;
                        }
                        tag = src.substring(p, end);
                    }
                    char sign = signOf(tag);
                    int stripped = 0;
                    if (sign == '-') {
                        String kept = PyStr.strip(text, null, false, true);
                        stripped = countNewlines(text.substring(kept.length()));
                        text = kept;
                    } else if (sign != '+' && lstripBlocks && !TokenTypes.VARIABLE_BEGIN.equals(type)) {
                        int lpos = text.lastIndexOf('\n') + 1;
                        if (lpos > 0 || lineStarting) {
                            if (lpos < text.length() && allSpace(text, lpos)) {
                                text = text.substring(0, lpos);
                            }
                        }
                    }
                    if (!text.isEmpty()) {
                        emit(lineno, TokenTypes.DATA, text);
                    }
                    lineno += countNewlines(text) + stripped;
                    if (next == State.BLOCK || next == State.VARIABLE) {
                        // comment and raw markers never reach the parser (Jinja2's wrap drops them)
                        emit(lineno, type, tag);
                    }
                    lineno += countNewlines(tag);
                    lineStarting = tag.endsWith("\n");
                    pos = p + tag.length();
                    stack.push(next);
                }
                case COMMENT -> {
                    int q = src.indexOf("#}", pos);
                    if (q < 0) {
                        if (pos >= n) {
                            return;
                        }
                        throw new LexError("Missing end of comment tag", lineno);
                    }
                    int start = q;
                    int end = q + 2;
                    if (q - 1 >= pos && src.charAt(q - 1) == '+') {
                        start = q - 1;
                    } else if (q - 1 >= pos && src.charAt(q - 1) == '-') {
                        start = q - 1;
                        end = skipSpace(src, end);
                    } else if (trimBlocks && end < n && src.charAt(end) == '\n') {
                        end++;
                    }
                    String comment = src.substring(pos, start);
                    String close = src.substring(start, end);
                    lineno += countNewlines(comment) + countNewlines(close);
                    lineStarting = close.endsWith("\n") || (close.isEmpty() && comment.endsWith("\n"));
                    pos = end;
                    stack.pop();
                }
                case RAW -> {
                    int p = pos;
                    int matchStart = -1;
                    int matchEnd = -1;
                    char sign = 0;
                    while (true) {
                        int q = src.indexOf("{%", p);
                        if (q < 0) {
                            break;
                        }
                        int e = matchEndRaw(src, q);
                        if (e >= 0) {
                            matchStart = q;
                            matchEnd = e;
                            char s = q + 2 < n ? src.charAt(q + 2) : 0;
                            sign = s == '-' || s == '+' ? s : 0;
                            break;
                        }
                        p = q + 1;
                    }
                    if (matchStart < 0) {
                        if (pos >= n) {
                            return;
                        }
                        throw new LexError("Missing end of raw directive", lineno);
                    }
                    String text = src.substring(pos, matchStart);
                    int stripped = 0;
                    if (sign == '-') {
                        String kept = PyStr.strip(text, null, false, true);
                        stripped = countNewlines(text.substring(kept.length()));
                        text = kept;
                    } else if (sign != '+' && lstripBlocks) {
                        int lpos = text.lastIndexOf('\n') + 1;
                        if (lpos > 0 || lineStarting) {
                            if (lpos < text.length() && allSpace(text, lpos)) {
                                text = text.substring(0, lpos);
                            }
                        }
                    }
                    if (!text.isEmpty()) {
                        emit(lineno, TokenTypes.DATA, text);
                    }
                    lineno += countNewlines(text) + stripped;
                    String end = src.substring(matchStart, matchEnd);
                    lineno += countNewlines(end);
                    lineStarting = end.endsWith("\n");
                    pos = matchEnd;
                    stack.pop();
                }
                default -> {
                    boolean block = state == State.BLOCK;
                    if (pos < n && balancing.isEmpty()) {
                        int e = block ? matchBlockEnd(src, pos) : matchVariableEnd(src, pos);
                        if (e >= 0) {
                            String end = src.substring(pos, e);
                            emit(lineno, block ? TokenTypes.BLOCK_END : TokenTypes.VARIABLE_END, end);
                            lineno += countNewlines(end);
                            lineStarting = end.endsWith("\n");
                            pos = e;
                            stack.pop();
                            continue;
                        }
                    }
                    if (pos >= n) {
                        return;
                    }
                    int e = skipSpace(src, pos);
                    if (e > pos) {
                        String ws = src.substring(pos, e);
                        lineno += countNewlines(ws);
                        lineStarting = ws.endsWith("\n");
                        pos = e;
                        continue;
                    }
                    e = matchFloat(src, pos);
                    if (e > pos) {
                        String text = src.substring(pos, e);
                        emit(lineno, TokenTypes.FLOAT, parseFloat(text));
                        lineStarting = false;
                        pos = e;
                        continue;
                    }
                    e = matchInteger(src, pos);
                    if (e > pos) {
                        String text = src.substring(pos, e);
                        emit(lineno, TokenTypes.INTEGER, parseInteger(text));
                        lineStarting = false;
                        pos = e;
                        continue;
                    }
                    e = matchName(src, pos);
                    if (e > pos) {
                        String text = src.substring(pos, e);
                        if (!PyStr.isIdentifier(text)) {
                            throw new LexError("Invalid character in identifier", lineno);
                        }
                        emit(lineno, TokenTypes.NAME, text);
                        lineStarting = false;
                        pos = e;
                        continue;
                    }
                    e = matchString(src, pos);
                    if (e > pos) {
                        String raw = src.substring(pos, e);
                        String decoded;
                        try {
                            decoded = StringLiterals.decode(raw.substring(1, raw.length() - 1), lineno);
                        } catch (StringLiterals.DecodeError bad) {
                            throw new LexError(bad.getMessage(), lineno);
                        }
                        emit(lineno, TokenTypes.STRING, decoded);
                        lineno += countNewlines(raw);
                        lineStarting = raw.endsWith("\n");
                        pos = e;
                        continue;
                    }
                    String op = matchOperator(src, pos);
                    if (op != null) {
                        char c = op.charAt(0);
                        if (op.length() == 1 && (c == '{' || c == '(' || c == '[')) {
                            balancing.push(c == '{' ? '}' : c == '(' ? ')' : ']');
                        } else if (op.length() == 1 && (c == '}' || c == ')' || c == ']')) {
                            if (balancing.isEmpty()) {
                                throw new LexError("unexpected '" + c + "'", lineno);
                            }
                            char expected = balancing.pop();
                            if (expected != c) {
                                throw new LexError("unexpected '" + c + "', expected '" + expected + "'", lineno);
                            }
                        }
                        emit(lineno, TokenTypes.OPERATORS.get(op), op);
                        lineStarting = false;
                        pos += op.length();
                        continue;
                    }
                    throw new LexError("unexpected char " + Py.repr(String.valueOf(src.charAt(pos))) + " at " + pos, lineno);
                }
            }
        }
    }

    private static char signOf(String tag) {
        if (tag.length() > 2) {
            char c = tag.charAt(2);
            if (c == '-' || c == '+') {
                return c;
            }
        }
        return 0;
    }

    private static boolean allSpace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!PyStr.isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(String s, int i) {
        int n = s.length();
        while (i < n && PyStr.isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The first position of {@code {{}, {@code {%} or <code>{#</code> at or after pos. */
    private static int findTag(String s, int pos) {
        int n = s.length();
        int i = s.indexOf('{', pos);
        while (i >= 0 && i + 1 < n) {
            char c = s.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i = s.indexOf('{', i + 1);
        }
        return -1;
    }

    /** {@code {%(-|+|)\s*raw\s*(?:-%}\s*|%})} at p: its end, or -1. */
    private static int matchRawBegin(String s, int p) {
        if (!s.startsWith("{%", p)) {
            return -1;
        }
        int i = p + 2;
        int n = s.length();
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        i = skipSpace(s, i);
        if (!s.startsWith("raw", i)) {
            return -1;
        }
        i = skipSpace(s, i + 3);
        if (s.startsWith("-%}", i)) {
            return skipSpace(s, i + 3);
        }
        if (s.startsWith("%}", i)) {
            return i + 2;
        }
        return -1;
    }

    /** {@code {%(-|+|)\s*endraw\s*(?:\+%}|-%}\s*|%}\n?)} at q: its end, or -1. */
    private int matchEndRaw(String s, int q) {
        int i = q + 2;
        int n = s.length();
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        i = skipSpace(s, i);
        if (!s.startsWith("endraw", i)) {
            return -1;
        }
        i = skipSpace(s, i + 6);
        if (s.startsWith("+%}", i)) {
            return i + 3;
        }
        if (s.startsWith("-%}", i)) {
            return skipSpace(s, i + 3);
        }
        if (s.startsWith("%}", i)) {
            i += 2;
            if (trimBlocks && i < n && s.charAt(i) == '\n') {
                i++;
            }
            return i;
        }
        return -1;
    }

    private int matchBlockEnd(String s, int p) {
        if (s.startsWith("+%}", p)) {
            return p + 3;
        }
        if (s.startsWith("-%}", p)) {
            return skipSpace(s, p + 3);
        }
        if (s.startsWith("%}", p)) {
            int i = p + 2;
            if (trimBlocks && i < s.length() && s.charAt(i) == '\n') {
                i++;
            }
            return i;
        }
        return -1;
    }

    private static int matchVariableEnd(String s, int p) {
        if (s.startsWith("-}}", p)) {
            return skipSpace(s, p + 3);
        }
        if (s.startsWith("}}", p)) {
            return p + 2;
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER;
    }

    /** {@code (\d+_)*\d+} at i: its end, or -1. */
    private static int digitPart(String s, int i) {
        int n = s.length();
        if (i >= n || !isDigit(s.charAt(i))) {
            return -1;
        }
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        while (i + 1 < n && s.charAt(i) == '_' && isDigit(s.charAt(i + 1))) {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
        }
        return i;
    }

    private static int exponentPart(String s, int i) {
        int n = s.length();
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            return digitPart(s, j);
        }
        return -1;
    }

    private static int matchFloat(String s, int p) {
        if (p > 0 && s.charAt(p - 1) == '.') {
            return -1;
        }
        int d1 = digitPart(s, p);
        if (d1 < 0) {
            return -1;
        }
        int frac = d1 < s.length() && s.charAt(d1) == '.' ? digitPart(s, d1 + 1) : -1;
        if (frac >= 0) {
            int e = exponentPart(s, frac);
            if (e >= 0) {
                return e;
            }
        }
        int e = exponentPart(s, d1);
        if (e >= 0) {
            return e;
        }
        return frac;
    }

    private static boolean inSet(char c, String set) {
        if (set == null) {
            return isDigit(c);
        }
        if (set.equals("hex")) {
            return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
        return set.indexOf(c) >= 0;
    }

    /** {@code (_?[set])+} at i: its end, or -1. */
    private static int underscored(String s, int i, String set) {
        int n = s.length();
        int start = i;
        while (true) {
            if (i + 1 < n && s.charAt(i) == '_' && inSet(s.charAt(i + 1), set)) {
                i += 2;
            } else if (i < n && inSet(s.charAt(i), set)) {
                i++;
            } else {
                break;
            }
        }
        return i > start ? i : -1;
    }

    private static int matchInteger(String s, int p) {
        int n = s.length();
        if (p + 1 < n && s.charAt(p) == '0') {
            char k = Character.toLowerCase(s.charAt(p + 1));
            int e = -1;
            if (k == 'b') {
                e = underscored(s, p + 2, "01");
            } else if (k == 'o') {
                e = underscored(s, p + 2, "01234567");
            } else if (k == 'x') {
                e = underscored(s, p + 2, "hex");
            }
            if (e >= 0) {
                return e;
            }
        }
        if (p < n && s.charAt(p) >= '1' && s.charAt(p) <= '9') {
            int e = underscored(s, p + 1, null);
            return e >= 0 ? e : p + 1;
        }
        if (p < n && s.charAt(p) == '0') {
            int e = underscored(s, p + 1, "0");
            return e >= 0 ? e : p + 1;
        }
        return -1;
    }

    private static boolean isNameChar(int cp) {
        if (cp < 128) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
        }
        int t = Character.getType(cp);
        return Character.isLetter(cp) || t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER
                || t == Character.OTHER_NUMBER || t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.CONNECTOR_PUNCTUATION || cp == 0xb7 || cp == 0x387 || (cp >= 0x1369 && cp <= 0x1371)
                || cp == 0x19da;
    }

    private static int matchName(String s, int p) {
        int i = p;
        int n = s.length();
        while (i < n) {
            int cp = s.codePointAt(i);
            if (!isNameChar(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static int matchString(String s, int p) {
        int n = s.length();
        char q = s.charAt(p);
        if (q != '\'' && q != '"') {
            return -1;
        }
        int i = p + 1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == q) {
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    private static String matchOperator(String s, int p) {
        for (Map.Entry<String, String> e : TokenTypes.OPERATORS.entrySet()) {
            if (s.startsWith(e.getKey(), p)) {
                return e.getKey();
            }
        }
        return null;
    }

    private static Object parseInteger(String text) {
        String t = text.replace("_", "");
        int radix = 10;
        if (t.length() > 1 && t.charAt(0) == '0') {
            char k = Character.toLowerCase(t.charAt(1));
            if (k == 'b') {
                radix = 2;
            } else if (k == 'o') {
                radix = 8;
            } else if (k == 'x') {
                radix = 16;
            }
            if (radix != 10) {
                t = t.substring(2);
            }
        }
        StringBuilder ascii = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            int d = Character.digit(t.charAt(i), radix);
            ascii.append(Character.forDigit(d, radix));
        }
        return Num.norm(new BigInteger(ascii.toString(), radix));
    }

    private static Object parseFloat(String text) {
        StringBuilder ascii = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                continue;
            }
            if (isDigit(c)) {
                ascii.append((char) ('0' + Character.digit(c, 10)));
            } else {
                ascii.append(c);
            }
        }
        return Double.parseDouble(ascii.toString());
    }
}
