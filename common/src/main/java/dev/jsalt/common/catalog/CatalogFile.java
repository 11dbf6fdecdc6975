package dev.jsalt.common.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code states.catalog}, the declarative list of state functions and their arguments. Line-based:
 * <pre>
 * # comment
 * global                                   the global state arguments follow
 * group NAME                               a named set of arguments several functions share
 * state MODULE.FUNCTION implemented|declared [one-line doc]
 *   arg NAME TYPE DEFAULT SINCE HANDLING doc...     (TYPE: STRING BOOL INT NUMBER LIST MAP ANY;
 *                                                    SINCE: a Salt version or '-'; HANDLING: see {@link Handling})
 *   use GROUP                              the group's arguments, here
 * </pre>
 * Defaults are one token ({@code None}, {@code True}, {@code ''}, {@code '#'}, {@code required}).
 */
final class CatalogFile {
    record Parsed(List<ArgSpec> globals, List<StateFunctionSpec> functions) {
    }

    private CatalogFile() {
    }

    static Parsed load(String resource) {
        try (InputStream in = CatalogFile.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("catalog resource " + resource + " is missing");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    static Parsed parse(String text, String where) {
        List<ArgSpec> globals = new ArrayList<>();
        Map<String, List<ArgSpec>> groups = new LinkedHashMap<>();
        List<StateFunctionSpec> functions = new ArrayList<>();
        List<ArgSpec> current = null;
        String[] head = null; // module, function, implemented, doc
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] w = line.split("\\s+", 2);
            String rest = w.length > 1 ? w[1] : "";
            switch (w[0]) {
                case "global" -> {
                    finish(head, current, functions);
                    head = null;
                    current = globals;
                }
                case "group" -> {
                    finish(head, current, functions);
                    head = null;
                    current = new ArrayList<>();
                    groups.put(rest.strip(), current);
                }
                case "state" -> {
                    finish(head, current, functions);
                    String[] s = rest.split("\\s+", 3);
                    if (s.length < 2 || !s[0].contains(".")) throw bad(where, n, "state needs MODULE.FUNCTION and implemented|declared");
                    int dot = s[0].indexOf('.');
                    boolean impl = switch (s[1]) {
                        case "implemented" -> true;
                        case "declared" -> false;
                        default -> throw bad(where, n, "state status must be implemented or declared, got " + s[1]);
                    };
                    head = new String[] {s[0].substring(0, dot), s[0].substring(dot + 1), Boolean.toString(impl), s.length > 2 ? s[2] : ""};
                    current = new ArrayList<>();
                }
                case "arg" -> {
                    if (current == null) throw bad(where, n, "arg outside a state, group or global section");
                    String[] a = fields(rest, 6);
                    if (a.length < 5) throw bad(where, n, "arg needs NAME TYPE DEFAULT SINCE HANDLING [doc]");
                    ArgType type;
                    Handling handling;
                    try {
                        type = ArgType.valueOf(a[1].toUpperCase(Locale.ROOT));
                        handling = Handling.valueOf(a[4].toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw bad(where, n, e.getMessage());
                    }
                    for (ArgSpec prev : current) if (prev.name().equals(a[0])) throw bad(where, n, "argument " + a[0] + " declared twice");
                    current.add(new ArgSpec(a[0], type, a[2], a[3].equals("-") ? null : a[3], handling, a.length > 5 ? a[5] : ""));
                }
                case "use" -> {
                    if (current == null) throw bad(where, n, "use outside a state");
                    List<ArgSpec> g = groups.get(rest.strip());
                    if (g == null) throw bad(where, n, "no group " + rest.strip() + " (groups must come first)");
                    current.addAll(g);
                }
                default -> throw bad(where, n, "unknown line kind '" + w[0] + "'");
            }
        }
        finish(head, current, functions);
        return new Parsed(globals, functions);
    }

    /** Splits off {@code n - 1} whitespace-separated fields (a field in single quotes may hold spaces), then the rest. */
    static String[] fields(String text, int n) {
        java.util.List<String> out = new ArrayList<>();
        int i = 0, len = text.length();
        while (out.size() < n - 1) {
            while (i < len && Character.isWhitespace(text.charAt(i))) i++;
            if (i >= len) break;
            int start = i;
            if (text.charAt(i) == '\'') {
                int close = text.indexOf('\'', i + 1);
                i = close < 0 ? len : close + 1;
            } else {
                while (i < len && !Character.isWhitespace(text.charAt(i))) i++;
            }
            out.add(text.substring(start, i));
        }
        while (i < len && Character.isWhitespace(text.charAt(i))) i++;
        if (i < len) out.add(text.substring(i));
        return out.toArray(new String[0]);
    }

    private static void finish(String[] head, List<ArgSpec> args, List<StateFunctionSpec> out) {
        if (head == null) return;
        out.add(new StateFunctionSpec(head[0], head[1], Boolean.parseBoolean(head[2]), head[3], args));
    }

    private static IllegalStateException bad(String where, int line, String why) {
        return new IllegalStateException(where + ":" + line + ": " + why);
    }
}
