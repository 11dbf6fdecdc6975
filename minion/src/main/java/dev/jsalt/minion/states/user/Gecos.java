package dev.jsalt.minion.states.user;

import dev.jsalt.minion.state.Args;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GECOS (comment) field of /etc/passwd as Salt reads and writes it on Linux: full name, room number, work phone,
 * home phone and other, separated by commas, trailing empty fields left out.
 */
record Gecos(List<String> fields) {
    /** Salt's argument names, in the field order. */
    static final List<String> ARGS = List.of("fullname", "roomnumber", "workphone", "homephone", "other");

    static Gecos parse(String comment) {
        String[] f = Arrays.copyOf(comment.split(",", ARGS.size()), ARGS.size());
        for (int i = 0; i < f.length; i++) if (f[i] == null) f[i] = "";
        return new Gecos(List.of(f));
    }

    /** The fields {@code args} sets (each checked: a comma would shift the fields after it, a colon breaks passwd). */
    static Map<String, String> wanted(Args args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : ARGS) {
            String v = args.string(a).orElse(null);
            if (v == null) continue;
            if (v.contains(",") || v.contains(":") || v.contains("\n")) {
                throw args.bad(a, "must not contain ',', ':' or a newline (they separate the fields of /etc/passwd)");
            }
            out.put(a, v);
        }
        return out;
    }

    String get(String arg) { return fields.get(ARGS.indexOf(arg)); }

    Gecos with(Map<String, String> values) {
        String[] f = fields.toArray(new String[0]);
        values.forEach((k, v) -> f[ARGS.indexOf(k)] = v);
        return new Gecos(List.of(f));
    }

    /** As usermod -c takes it: Salt's {@code _build_gecos}, trailing commas stripped. */
    String format() {
        String s = String.join(",", fields);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ',') end--;
        return s.substring(0, end);
    }
}
