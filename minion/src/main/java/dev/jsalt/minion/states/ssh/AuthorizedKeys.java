package dev.jsalt.minion.states.ssh;

import dev.jsalt.minion.states.sys.TextFile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** authorized_keys lines as Salt's ssh module reads and writes them: [options] enc key [comment]. */
final class AuthorizedKeys {
    /** Salt's: the options (if any), then the key starting at its type. */
    static final Pattern FULL = Pattern.compile("^(.*?)\\s?((?:sk-)?(?:ssh-|ecds)[\\w-]+\\s.+)$");

    record Key(List<String> options, String enc, String key, String comment) {
        String render() {
            String s = (options.isEmpty() ? "" : String.join(",", options) + " ") + enc + " " + key;
            return comment == null || comment.isEmpty() ? s : s + " " + comment;
        }

        /** Salt compares enc, comment and options of the line holding the key. */
        boolean same(Key o) {
            return enc.equals(o.enc) && key.equals(o.key) && nz(comment).equals(nz(o.comment)) && options.equals(o.options);
        }
    }

    private static String nz(String s) { return s == null ? "" : s.strip(); }

    /** A line of the file (or a full key given as a state's name), or null for comments and lines without a key. */
    static Key parse(String line) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) return null;
        Matcher m = FULL.matcher(l);
        if (!m.matches()) return null;
        List<String> options = m.group(1).isBlank() ? List.of() : splitOptions(m.group(1).strip());
        String[] comps = m.group(2).split("\\s+", 3);
        if (comps.length < 2) return null;
        return new Key(options, comps[0], comps[1], comps.length == 3 ? comps[2] : "");
    }

    /** Splits options on commas outside double quotes (from="a,b",no-pty). */
    static List<String> splitOptions(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }

    static List<Key> keys(String text) {
        List<Key> out = new ArrayList<>();
        for (String l : TextFile.lines(text)) {
            Key k = parse(l);
            if (k != null) out.add(k);
        }
        return out;
    }

    /** "exists", "update" or "new" for {@code want} in {@code text}. */
    static String check(String text, Key want) {
        for (Key k : keys(text)) {
            if (k.key().equals(want.key())) return k.same(want) ? "exists" : "update";
        }
        return "new";
    }

    /** The text with {@code want}: lines holding its key replaced, or the line appended. */
    static String set(String text, Key want) {
        List<String> out = new ArrayList<>();
        boolean found = false;
        for (String l : TextFile.lines(text)) {
            Key k = parse(l);
            if (k != null && k.key().equals(want.key())) {
                if (!found) out.add(want.render());
                found = true;
            } else {
                out.add(l);
            }
        }
        if (!found) out.add(want.render());
        return TextFile.join(out);
    }

    static String remove(String text, String key) {
        List<String> out = new ArrayList<>();
        for (String l : TextFile.lines(text)) {
            Key k = parse(l);
            if (k == null || !k.key().equals(key)) out.add(l);
        }
        return TextFile.join(out);
    }
}
