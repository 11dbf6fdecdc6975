package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyStr;
import dev.jsalt.jinja.value.PyTuple;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Salt's minion-side matchers, against the minion being compiled: glob, list, pcre, {@code subdict_match} (grain,
 * pillar, with their pcre forms) and the compound matcher ({@code G@ P@ I@ J@ L@ E@}, globs, {@code and or not},
 * parentheses).
 */
final class SaltMatch {
    private final String id;
    private final Map<String, Object> grains;
    private final Map<String, Object> pillar;

    SaltMatch(String id, Map<String, Object> grains, Map<String, Object> pillar) {
        this.id = id;
        this.grains = grains;
        this.pillar = pillar;
    }

    static boolean listMatch(Object tgt, String id) {
        if (tgt instanceof String || tgt instanceof Markup) {
            for (Object x : PyStr.split(tgt.toString(), ",", -1)) {
                if (x.equals(id)) {
                    return true;
                }
            }
            return false;
        }
        for (Iterator<Object> it = Py.iter(tgt); it.hasNext(); ) {
            if (Py.eq(it.next(), id)) {
                return true;
            }
        }
        return false;
    }

    static boolean pcre(String tgt, String id) {
        return PyRegex.compile(tgt, 0).pattern().matcher(id).lookingAt();
    }

    private static boolean match(Object target, String pattern, boolean regex) {
        String t = PyStr.lower(Py.str(target));
        String p = PyStr.lower(pattern);
        if (regex) {
            try {
                return PyRegex.compile(p, 0).pattern().matcher(t).lookingAt();
            } catch (PythonError e) {
                return false;
            }
        }
        return Fnmatch.fnmatch(t, p);
    }

    private static boolean dictMatch(Map<?, ?> target, String pattern, boolean regex) {
        boolean wildcard = pattern.startsWith("*:");
        if (wildcard) {
            pattern = pattern.substring(2);
        }
        if (pattern.equals("*")) {
            return true;
        }
        if (Py.mapGet(target, pattern) != dev.jsalt.jinja.value.Missing.MISSING) {
            return true;
        }
        if (subdictMatch(target, pattern, ":", regex)) {
            return true;
        }
        if (wildcard) {
            for (Object key : target.keySet()) {
                Object v = Py.mapGet(target, key);
                if (v instanceof Map<?, ?> vm) {
                    if (dictMatch(vm, pattern, regex)) {
                        return true;
                    }
                } else if (v instanceof List<?> vl) {
                    for (Object item : vl) {
                        if (match(item, pattern, regex)) {
                            return true;
                        }
                    }
                } else if (match(v, pattern, regex)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** salt.utils.data.subdict_match: {@code key:sub:value} against nested data, values as case-insensitive globs. */
    static boolean subdictMatch(Object data, String expr, String delimiter, boolean regex) {
        String[] splits = expr.split(java.util.regex.Pattern.quote(delimiter), -1);
        if (splits.length == 1) {
            return false;
        }
        for (int idx = splits.length - 1; idx > 0; idx--) {
            String key = String.join(delimiter, java.util.Arrays.copyOfRange(splits, 0, idx));
            String matchstr;
            Object found;
            if (key.equals("*")) {
                matchstr = expr;
                found = data;
            } else {
                matchstr = String.join(delimiter, java.util.Arrays.copyOfRange(splits, idx, splits.length));
                found = Traverse.traverse(data, key, MISSING_DICT, delimiter);
            }
            if (found == MISSING_DICT || (found instanceof Map<?, ?> fm && fm.isEmpty())) {
                continue;
            }
            if (found instanceof Map<?, ?> fm) {
                if (dictMatch(fm, matchstr, regex)) {
                    return true;
                }
                continue;
            }
            if (found instanceof List<?> fl) {
                for (Object member : fl) {
                    if (member instanceof Map<?, ?> mm && dictMatch(mm, matchstr, regex)) {
                        return true;
                    }
                    if (match(member, matchstr, regex)) {
                        return true;
                    }
                }
                continue;
            }
            if (match(found, matchstr, regex)) {
                return true;
            }
        }
        return false;
    }

    private static final Object MISSING_DICT = new Object();

    // ---- compound -----------------------------------------------------------------------------------------------

    private List<String> tokens;
    private int pos;

    boolean compound(String tgt) {
        tokens = new ArrayList<>();
        for (String word : tgt.trim().split("\\s+")) {
            String w = word;
            while (w.startsWith("(")) {
                tokens.add("(");
                w = w.substring(1);
            }
            int close = 0;
            while (w.endsWith(")") && !w.matches("^[A-Z]@.*\\([^)]*\\)$")) {
                close++;
                w = w.substring(0, w.length() - 1);
            }
            if (!w.isEmpty()) {
                tokens.add(w);
            }
            for (int i = 0; i < close; i++) {
                tokens.add(")");
            }
        }
        pos = 0;
        if (tokens.isEmpty()) {
            return false;
        }
        boolean r = or();
        if (pos != tokens.size()) {
            throw new dev.jsalt.jinja.TemplateRuntimeError("Invalid compound target: " + tgt);
        }
        return r;
    }

    private boolean or() {
        boolean r = and();
        while (pos < tokens.size() && tokens.get(pos).equals("or")) {
            pos++;
            boolean rhs = and();
            r = r || rhs;
        }
        return r;
    }

    private boolean and() {
        boolean r = unary();
        while (pos < tokens.size() && tokens.get(pos).equals("and")) {
            pos++;
            boolean rhs = unary();
            r = r && rhs;
        }
        return r;
    }

    private boolean unary() {
        if (pos >= tokens.size()) {
            throw new dev.jsalt.jinja.TemplateRuntimeError("Invalid compound target: ends early");
        }
        String t = tokens.get(pos++);
        if (t.equals("not")) {
            return !unary();
        }
        if (t.equals("(")) {
            boolean r = or();
            if (pos >= tokens.size() || !tokens.get(pos).equals(")")) {
                throw new dev.jsalt.jinja.TemplateRuntimeError("Invalid compound target: unbalanced parentheses");
            }
            pos++;
            return r;
        }
        return word(t);
    }

    private boolean word(String w) {
        if (w.length() > 2 && w.charAt(1) == '@' && Character.isUpperCase(w.charAt(0))) {
            String v = w.substring(2);
            return switch (w.charAt(0)) {
                case 'G' -> subdictMatch(grains, v, ":", false);
                case 'P' -> subdictMatch(grains, v, ":", true);
                case 'I' -> subdictMatch(pillar, v, ":", false);
                case 'J' -> subdictMatch(pillar, v, ":", true);
                case 'L' -> listMatch(v, id);
                case 'E' -> pcre(v, id);
                default -> throw new dev.jsalt.jinja.TemplateRuntimeError("compound matcher '" + w.charAt(0)
                        + "@' is not available in jsalt (G@ P@ I@ J@ L@ E@ and globs)");
            };
        }
        return Fnmatch.fnmatch(id, w);
    }

    static boolean isTuple(Object o) {
        return o instanceof PyTuple;
    }
}
