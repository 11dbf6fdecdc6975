package dev.jsalt.minion.states.pkgrepo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One-line-style apt source ({@code sources.list(5)}): {@code [#] deb [opt=value ...] URI SUITE [COMPONENT...] [# comment]}.
 * A leading {@code #} is Salt's {@code disabled: true}. Two lines are the same source when type, URI (without its
 * trailing slashes, as Salt's strip_uri) and suite agree; they are equal as Salt compares them when, besides, options,
 * components (in any order) and the disabled flag agree.
 */
record SourceLine(boolean disabled, String type, Map<String, String> options, String uri, String dist, List<String> comps,
                  String comment) {

    SourceLine {
        // ordered: the line is written back with its options in the order they came
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        comps = List.copyOf(comps);
    }

    /** The entry a line holds, or null for a comment, a blank or anything that is not a deb/deb-src line. */
    static SourceLine parse(String line) {
        String s = line.strip();
        boolean disabled = false;
        if (s.startsWith("#")) {
            disabled = true;
            s = s.replaceFirst("^#+\\s*", "");
        }
        String comment = null;
        int hash = s.indexOf('#');
        if (hash >= 0) {
            comment = s.substring(hash + 1).strip();
            s = s.substring(0, hash).strip();
        }
        List<String> words = new ArrayList<>(Arrays.asList(s.split("\\s+")));
        if (words.isEmpty() || !(words.get(0).equals("deb") || words.get(0).equals("deb-src"))) return null;
        String type = words.remove(0);
        Map<String, String> options = new LinkedHashMap<>();
        if (!words.isEmpty() && words.get(0).startsWith("[")) {
            StringBuilder opts = new StringBuilder();
            while (!words.isEmpty()) {
                String w = words.remove(0);
                opts.append(' ').append(w);
                if (w.endsWith("]")) break;
            }
            String inner = opts.toString().strip();
            if (!inner.endsWith("]")) return null;
            for (String o : inner.substring(1, inner.length() - 1).strip().split("\\s+")) {
                if (o.isEmpty()) continue;
                int eq = o.indexOf('=');
                if (eq <= 0) return null;
                options.put(o.substring(0, eq), o.substring(eq + 1));
            }
        }
        if (words.size() < 2) return null;
        String uri = words.remove(0);
        String dist = words.remove(0);
        return new SourceLine(disabled, type, options, uri, dist, words, comment == null || comment.isEmpty() ? null : comment);
    }

    /** Type, URI and suite: what makes two lines the same source. */
    String key() { return type + " " + uri.replaceAll("/+$", "") + " " + dist; }

    boolean sameSource(SourceLine o) { return key().equals(o.key()); }

    /** Equal as Salt compares a configured repo: options, components as sets, disabled; the comment only if wanted. */
    boolean sameAs(SourceLine o, boolean compareComment) {
        return sameSource(o) && disabled == o.disabled && options.equals(o.options)
                && comps.stream().sorted().toList().equals(o.comps.stream().sorted().toList())
                && (!compareComment || Objects.equals(comment, o.comment));
    }

    SourceLine withDisabled(boolean d) { return new SourceLine(d, type, options, uri, dist, comps, comment); }

    SourceLine withDist(String d) { return new SourceLine(disabled, type, options, uri, d, comps, comment); }

    SourceLine withComps(List<String> c) { return new SourceLine(disabled, type, options, uri, dist, c, comment); }

    SourceLine withComment(String c) { return new SourceLine(disabled, type, options, uri, dist, comps, c); }

    SourceLine withOption(String key, String value) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put(key, value);
        return new SourceLine(disabled, type, o, uri, dist, comps, comment);
    }

    String line() {
        StringBuilder sb = new StringBuilder();
        if (disabled) sb.append("# ");
        sb.append(type);
        if (!options.isEmpty()) {
            List<String> o = new ArrayList<>();
            options.forEach((k, v) -> o.add(k + "=" + v));
            sb.append(" [").append(String.join(" ", o)).append(']');
        }
        sb.append(' ').append(uri).append(' ').append(dist);
        for (String c : comps) sb.append(' ').append(c);
        if (comment != null) sb.append(" # ").append(comment);
        return sb.toString();
    }

    @Override
    public String toString() { return line(); }
}
