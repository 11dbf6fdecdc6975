package dev.jsalt.minion.states.file;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Salt's file states take Python {@code re} patterns, flags and replacement templates. Java's regex dialect is close;
 * this translates what differs: named groups {@code (?P<n>...)} and {@code (?P=n)}, {@code \Z}, Python's flag
 * numbers and names, and the replacement template ({@code \1}, {@code \g<n>}, {@code \n}; {@code $} is literal).
 * Patterns are compiled with {@link Pattern#UNIX_LINES} so that {@code .}, {@code ^} and {@code $} treat only
 * {@code \n} as a line end, as Python does.
 */
final class PyRegex {
    static final int IGNORECASE = 2, LOCALE = 4, MULTILINE = 8, DOTALL = 16, UNICODE = 32, VERBOSE = 64, ASCII = 256;

    private PyRegex() {
    }

    /** Python flags as an int or a list of names ({@code [IGNORECASE, MULTILINE]}), or null for {@code dflt}. */
    static int flags(Object v, int dflt) {
        if (v == null) return dflt;
        if (v instanceof Number n) return n.intValue();
        if (v instanceof List<?> l) {
            int f = 0;
            for (Object o : l) f |= flag(o.toString());
            return f;
        }
        String s = v.toString().strip();
        if (s.matches("\\d+")) return Integer.parseInt(s);
        return flag(s);
    }

    private static int flag(String name) {
        return switch (name.strip().toUpperCase(Locale.ROOT).replaceFirst("^RE\\.", "")) {
            case "I", "IGNORECASE" -> IGNORECASE;
            case "L", "LOCALE" -> LOCALE;
            case "M", "MULTILINE" -> MULTILINE;
            case "S", "DOTALL" -> DOTALL;
            case "U", "UNICODE" -> UNICODE;
            case "X", "VERBOSE" -> VERBOSE;
            case "A", "ASCII" -> ASCII;
            default -> throw new IllegalArgumentException("unknown regular expression flag '" + name + "'");
        };
    }

    static Pattern compile(String python, int pyFlags) {
        try {
            return Pattern.compile(translate(python), javaFlags(pyFlags));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + python + "': " + e.getDescription());
        }
    }

    static int javaFlags(int pyFlags) {
        int f = Pattern.UNIX_LINES;
        if ((pyFlags & IGNORECASE) != 0) f |= Pattern.CASE_INSENSITIVE | ((pyFlags & ASCII) != 0 ? 0 : Pattern.UNICODE_CASE);
        if ((pyFlags & MULTILINE) != 0) f |= Pattern.MULTILINE;
        if ((pyFlags & DOTALL) != 0) f |= Pattern.DOTALL;
        if ((pyFlags & VERBOSE) != 0) f |= Pattern.COMMENTS;
        return f;
    }

    /** The Java spelling of a Python pattern. */
    static String translate(String p) {
        StringBuilder sb = new StringBuilder(p.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char n = p.charAt(i + 1);
                if (n == 'Z' && !inClass) sb.append("\\z");
                else sb.append(c).append(n);
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') inClass = false;
                else if (c == '[') { sb.append("\\["); continue; } // a literal [ inside a Python class
                sb.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                sb.append(c);
                if (i + 1 < p.length() && p.charAt(i + 1) == '^') sb.append(p.charAt(++i));
                if (i + 1 < p.length() && p.charAt(i + 1) == ']') { sb.append("\\]"); i++; }
                continue;
            }
            if (p.startsWith("(?P<", i)) {
                sb.append("(?<");
                i += 3;
                continue;
            }
            if (p.startsWith("(?P=", i)) {
                int close = p.indexOf(')', i);
                if (close < 0) throw new IllegalArgumentException("invalid regular expression '" + p + "': unterminated (?P=");
                sb.append("\\k<").append(p, i + 4, close).append('>');
                i = close;
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Python's {@code re.sub} template expanded for one match. */
    static String expand(String template, Matcher m, boolean literal) {
        if (literal) return template;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '\\' || i + 1 >= template.length()) {
                sb.append(c);
                continue;
            }
            char n = template.charAt(++i);
            switch (n) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case '\\' -> sb.append('\\');
                case 'g' -> {
                    int close = template.indexOf('>', i);
                    if (i + 1 >= template.length() || template.charAt(i + 1) != '<' || close < 0) {
                        throw new IllegalArgumentException("bad group reference in replacement '" + template + "'");
                    }
                    String ref = template.substring(i + 2, close);
                    String g = ref.matches("\\d+") ? m.group(Integer.parseInt(ref)) : m.group(ref);
                    if (g != null) sb.append(g);
                    i = close;
                }
                default -> {
                    if (Character.isDigit(n)) {
                        int j = i + 1;
                        if (j < template.length() && Character.isDigit(template.charAt(j)) && Integer.parseInt(template.substring(i, j + 1)) <= m.groupCount()) j++;
                        int group = Integer.parseInt(template.substring(i, j));
                        if (group > m.groupCount()) throw new IllegalArgumentException("invalid group reference " + group + " in replacement '" + template + "'");
                        String g = m.group(group);
                        if (g != null) sb.append(g);
                        i = j - 1;
                    } else {
                        sb.append('\\').append(n);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** {@code re.subn}: the new text and how many replacements were made ({@code count} 0: all). */
    record Sub(String text, int n) {
    }

    static Sub subn(Pattern p, String template, String text, int count, boolean literal) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0, n = 0;
        while ((count <= 0 || n < count) && m.find()) {
            sb.append(text, last, m.start()).append(expand(template, m, literal));
            last = m.end();
            n++;
        }
        sb.append(text, last, text.length());
        return new Sub(sb.toString(), n);
    }
}
