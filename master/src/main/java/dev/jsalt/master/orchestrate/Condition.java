package dev.jsalt.master.orchestrate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A predicate on one minion's return, written {@code PATH OP VALUE}: {@code lag_seconds <= 5},
 * {@code io_running == Yes}, {@code role != none}, {@code retcode == 0}. PATH walks maps with dots ({@code .} alone is
 * the whole value); OP is one of {@code == != <= < >= >}; VALUE is a number, true/false, null or text (quotes
 * optional). Numbers compare as numbers; text compares case-insensitively (MySQL says Yes, operators type yes).
 */
record Condition(String path, String op, String value) {
    private static final Pattern FORM = Pattern.compile("^\\s*([^\\s=!<>]+)\\s*(==|!=|<=|>=|<|>)\\s*([^\\s=!<>].*?)\\s*$");
    private static final List<String> ORDERING = List.of("<=", "<", ">=", ">");

    static Condition parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("condition '" + text + "' is not PATH OP VALUE (OP one of == != <= < >= >), "
                    + "e.g. 'lag_seconds <= 5'");
        }
        String v = m.group(3);
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            v = v.substring(1, v.length() - 1);
        }
        Condition c = new Condition(m.group(1), m.group(2), v);
        if (ORDERING.contains(c.op) && number(v).isEmpty()) {
            throw new IllegalArgumentException("condition '" + text + "' compares with " + c.op + " but '" + v + "' is not a number");
        }
        return c;
    }

    /** Empty when the return satisfies it, else why not (one line: what was found). */
    Optional<String> check(Object result) {
        Object found = lookup(result);
        if (holds(found)) return Optional.empty();
        return Optional.of(path + " is " + show(found) + ", wanted " + op + " " + value);
    }

    private boolean holds(Object found) {
        Optional<BigDecimal> want = number(value);
        Optional<BigDecimal> have = found instanceof Number || found instanceof String ? number(String.valueOf(found)) : Optional.empty();
        if (ORDERING.contains(op)) {
            if (have.isEmpty()) return false; // NULL lag (replication stopped) never satisfies "lag <= N"
            int c = have.get().compareTo(want.get());
            return switch (op) {
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                case ">=" -> c >= 0;
                default -> c > 0;
            };
        }
        boolean equal;
        if (value.equalsIgnoreCase("null") || value.equalsIgnoreCase("none")) {
            equal = found == null;
        } else if (found == null) {
            equal = false;
        } else if (want.isPresent() && have.isPresent()) {
            equal = want.get().compareTo(have.get()) == 0;
        } else {
            equal = String.valueOf(found).equalsIgnoreCase(value);
        }
        return op.equals("==") == equal;
    }

    private Object lookup(Object result) {
        if (path.equals(".")) return result;
        Object cur = result;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) return null;
            cur = m.get(part);
        }
        return cur;
    }

    private static String show(Object v) {
        if (v == null) return "null";
        String s = String.valueOf(v).strip().replaceAll("\\s+", " ");
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static Optional<BigDecimal> number(String s) {
        try {
            return Optional.of(new BigDecimal(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() { return path + " " + op + " " + value; }
}
