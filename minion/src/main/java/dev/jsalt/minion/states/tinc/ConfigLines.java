package dev.jsalt.minion.states.tinc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads tinc's {@code Variable = Value} files the way tincd 1.0 does: '#' comments, case-insensitive variable names,
 * '=' or blanks between name and value, and PEM blocks skipped (a host file ends with its public key).
 */
final class ConfigLines {
    /** One config line; {@code key} is lower-cased for lookups. */
    record Line(String key, String value) {
    }

    private ConfigLines() {
    }

    static List<Line> parse(String text) {
        List<Line> out = new ArrayList<>();
        boolean inPem = false;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("-----BEGIN")) { inPem = true; continue; }
            if (line.startsWith("-----END")) { inPem = false; continue; }
            if (inPem || line.isEmpty() || line.startsWith("#")) continue;
            int i = 0;
            while (i < line.length() && line.charAt(i) != '=' && !Character.isWhitespace(line.charAt(i))) i++;
            String key = line.substring(0, i);
            String rest = line.substring(i).strip();
            if (rest.startsWith("=")) rest = rest.substring(1).strip();
            if (!key.isEmpty()) out.add(new Line(key.toLowerCase(Locale.ROOT), rest));
        }
        return out;
    }

    static List<String> values(List<Line> lines, String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return lines.stream().filter(l -> l.key().equals(k)).map(Line::value).toList();
    }

    static String first(List<Line> lines, String key) {
        List<String> v = values(lines, key);
        return v.isEmpty() ? null : v.get(0);
    }
}
