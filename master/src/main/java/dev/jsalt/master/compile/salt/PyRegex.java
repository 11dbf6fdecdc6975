package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.value.Py;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python's {@code re} on Java's regex engine: the pattern syntax Salt formulas use is translated
 * ({@code (?P<name>...)}, {@code (?P=name)}, {@code \Z}, literal braces, {@code {,n}}, {@code [} inside classes,
 * {@code \U........}), str patterns are Unicode-aware ({@code \w \d \s \b}), {@code $} and {@code .} treat only
 * {@code \n} as a line end, and {@code re.sub}'s replacement templates ({@code \1}, {@code \g<name>}, escapes)
 * are expanded as Python does.
 */
final class PyRegex {
    static final int IGNORECASE = 2;
    static final int MULTILINE = 8;

    private PyRegex() {
    }

    /** A compiled pattern and the numbers of its named groups. */
    record Compiled(Pattern pattern, Map<String, Integer> names) {
    }

    static Compiled compile(String pattern, int flags) {
        Map<String, Integer> names = new HashMap<>();
        String java = translate(pattern, names);
        int jflags = Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES;
        if ((flags & IGNORECASE) != 0) {
            jflags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        if ((flags & MULTILINE) != 0) {
            jflags |= Pattern.MULTILINE;
        }
        try {
            return new Compiled(Pattern.compile(java, jflags), names);
        } catch (PatternSyntaxException e) {
            throw new PythonError(PythonError.Kind.ValueError, "bad regular expression " + Py.repr(pattern) + ": " + e.getDescription());
        }
    }

    private static String translate(String p, Map<String, Integer> names) {
        StringBuilder b = new StringBuilder();
        int n = p.length();
        int group = 0;
        boolean inClass = false;
        int classStart = -1;
        for (int i = 0; i < n; i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char d = p.charAt(i + 1);
                if (!inClass && d == 'Z') {
                    b.append("\\z");
                    i++;
                } else if (d == 'U' && i + 9 < n + 0 && i + 10 <= n) {
                    b.append("\\x{").append(p, i + 2, i + 10).append('}');
                    i += 9;
                } else if (d == '0') {
                    int j = i + 2;
                    int v = 0;
                    while (j < n && j < i + 4 && p.charAt(j) >= '0' && p.charAt(j) <= '7') {
                        v = v * 8 + (p.charAt(j) - '0');
                        j++;
                    }
                    b.append(String.format("\\x{%x}", v));
                    i = j - 1;
                } else {
                    b.append(c).append(d);
                    i++;
                }
                continue;
            }
            if (inClass) {
                if (c == ']' && i > classStart) {
                    inClass = false;
                    b.append(c);
                } else if (c == '[') {
                    b.append("\\[");
                } else if (c == '&' && i + 1 < n && p.charAt(i + 1) == '&') {
                    b.append("&\\&");
                    i++;
                } else if (c == ']') {
                    b.append("\\]");
                } else {
                    b.append(c);
                }
                continue;
            }
            switch (c) {
                case '[' -> {
                    inClass = true;
                    b.append('[');
                    if (i + 1 < n && p.charAt(i + 1) == '^') {
                        b.append('^');
                        i++;
                    }
                    classStart = i + 1;
                    if (i + 1 < n && p.charAt(i + 1) == ']') {
                        b.append("\\]");
                        i++;
                        classStart = i;
                    }
                }
                case '(' -> {
                    if (p.startsWith("(?P<", i)) {
                        int end = p.indexOf('>', i);
                        if (end < 0) {
                            throw new PythonError(PythonError.Kind.ValueError, "missing >, unterminated name");
                        }
                        group++;
                        names.put(p.substring(i + 4, end), group);
                        b.append('(');
                        i = end;
                    } else if (p.startsWith("(?P=", i)) {
                        int end = p.indexOf(')', i);
                        if (end < 0) {
                            throw new PythonError(PythonError.Kind.ValueError, "missing ), unterminated name");
                        }
                        Integer g = names.get(p.substring(i + 4, end));
                        if (g == null) {
                            throw new PythonError(PythonError.Kind.ValueError, "unknown group name '" + p.substring(i + 4, end) + "'");
                        }
                        b.append("(?:\\").append(g).append(')');
                        i = end;
                    } else if (p.startsWith("(?<", i) && i + 3 < n && p.charAt(i + 3) != '=' && p.charAt(i + 3) != '!') {
                        group++;
                        b.append('(');
                        int end = p.indexOf('>', i);
                        names.put(p.substring(i + 3, end), group);
                        i = end;
                    } else {
                        if (!p.startsWith("(?", i)) {
                            group++;
                        }
                        b.append('(');
                    }
                }
                case '{' -> {
                    Matcher m = QUANT.matcher(p).region(i, n);
                    if (m.lookingAt() && !(m.group(1).isEmpty() && m.group(2) == null)) {
                        String lo = m.group(1).isEmpty() ? "0" : m.group(1);
                        b.append('{').append(lo);
                        if (m.group(2) != null) {
                            b.append(',').append(m.group(2));
                        }
                        b.append('}');
                        i = m.end() - 1;
                    } else {
                        b.append("\\{");
                    }
                }
                case '}' -> b.append("\\}");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final Pattern QUANT = Pattern.compile("\\{(\\d*)(?:,(\\d*))?\\}");

    /** re.sub(pattern, repl, string): every match, Python's template expansion. */
    static String sub(Compiled c, String repl, String text) {
        Matcher m = c.pattern().matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            out.append(expand(repl, m, c.names()));
            last = m.end();
        }
        out.append(text, last, text.length());
        return out.toString();
    }

    private static String expand(String t, Matcher m, Map<String, Integer> names) {
        if (t.indexOf('\\') < 0) {
            return t;
        }
        StringBuilder b = new StringBuilder();
        int n = t.length();
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                if (c == '\\') {
                    throw new PythonError(PythonError.Kind.ValueError, "bad escape (end of pattern)");
                }
                b.append(c);
                continue;
            }
            char d = t.charAt(++i);
            if (d == 'g') {
                int end = t.indexOf('>', i);
                if (i + 1 >= n || t.charAt(i + 1) != '<' || end < 0) {
                    throw new PythonError(PythonError.Kind.ValueError, "missing <");
                }
                String name = t.substring(i + 2, end);
                int g;
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    g = Integer.parseInt(name);
                } else if (names.containsKey(name)) {
                    g = names.get(name);
                } else {
                    throw new PythonError(PythonError.Kind.IndexError, "unknown group name '" + name + "'");
                }
                appendGroup(b, m, g);
                i = end;
            } else if (d == '0') {
                int j = i + 1;
                int v = 0;
                while (j < n && j < i + 3 && t.charAt(j) >= '0' && t.charAt(j) <= '7') {
                    v = v * 8 + (t.charAt(j) - '0');
                    j++;
                }
                b.append((char) v);
                i = j - 1;
            } else if (d >= '1' && d <= '9') {
                int j = i + 1;
                if (j < n && Character.isDigit(t.charAt(j))) {
                    if (j + 1 < n && d <= '7' && t.charAt(j) <= '7' && t.charAt(j + 1) >= '0' && t.charAt(j + 1) <= '7') {
                        b.append((char) Integer.parseInt(t.substring(i, j + 2), 8));
                        i = j + 1;
                        continue;
                    }
                    j++;
                }
                appendGroup(b, m, Integer.parseInt(t.substring(i, j)));
                i = j - 1;
            } else {
                switch (d) {
                    case 'a' -> b.append('\u0007');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'v' -> b.append('\u000b');
                    case '\\' -> b.append('\\');
                    default -> {
                        if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z')) {
                            throw new PythonError(PythonError.Kind.ValueError, "bad escape \\" + d);
                        }
                        b.append('\\').append(d);
                    }
                }
            }
        }
        return b.toString();
    }

    private static void appendGroup(StringBuilder b, Matcher m, int g) {
        if (g > m.groupCount()) {
            throw new PythonError(PythonError.Kind.IndexError, "invalid group reference " + g);
        }
        String s = m.group(g);
        if (s != null) {
            b.append(s);
        }
    }

    /** re.escape (Python 3.7+). */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("()[]{}?*+-|^$\\.&~# \t\n\r\u000b\f".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
