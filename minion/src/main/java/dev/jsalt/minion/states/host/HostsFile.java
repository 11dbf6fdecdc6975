package dev.jsalt.minion.states.host;

import dev.jsalt.minion.states.sys.TextFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /etc/hosts as Salt's {@code hosts} module sees it: address → names (several lines with one address merge) and an
 * end-of-line comment. Edits are minimal: a name joins the address's first line, a new address is a new line at the
 * end, a line that loses its last name goes; every other line keeps its text, comments and blank lines included.
 */
final class HostsFile {
    private final List<String> lines;

    HostsFile(String text) {
        this.lines = new ArrayList<>(TextFile.lines(text));
    }

    String text() { return TextFile.join(lines); }

    /** One parsed line: address, names, comment (null if none). */
    record Entry(String ip, List<String> names, String comment) {
        String render() {
            String s = ip + "\t" + String.join(" ", names);
            return comment == null ? s : s + "\t# " + comment;
        }
    }

    static Entry parse(String line) {
        String body = line;
        String comment = null;
        int hash = line.indexOf('#');
        if (hash >= 0) {
            body = line.substring(0, hash);
            comment = line.substring(hash + 1).strip();
        }
        String[] w = body.strip().split("\\s+");
        if (w.length == 0 || w[0].isEmpty()) return null;
        List<String> names = new ArrayList<>();
        for (int i = 1; i < w.length; i++) names.add(w[i]);
        return new Entry(w[0], names, comment);
    }

    /** Address → names, merged over lines, in file order. */
    Map<String, List<String>> hosts() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String l : lines) {
            Entry e = parse(l);
            if (e != null) m.computeIfAbsent(e.ip(), k -> new ArrayList<>()).addAll(e.names());
        }
        return m;
    }

    /** The comment of the address's first line that has one, or null. */
    String comment(String ip) {
        for (String l : lines) {
            Entry e = parse(l);
            if (e != null && e.ip().equals(ip) && e.comment() != null) return e.comment();
        }
        return null;
    }

    boolean hasPair(String ip, String name) {
        List<String> names = hosts().get(ip);
        return names != null && names.contains(name);
    }

    void add(String ip, String name) {
        if (hasPair(ip, name)) return;
        for (int i = 0; i < lines.size(); i++) {
            Entry e = parse(lines.get(i));
            if (e != null && e.ip().equals(ip)) {
                List<String> names = new ArrayList<>(e.names());
                names.add(name);
                lines.set(i, new Entry(ip, names, e.comment()).render());
                return;
            }
        }
        lines.add(new Entry(ip, List.of(name), null).render());
    }

    void remove(String ip, String name) {
        for (int i = 0; i < lines.size(); i++) {
            Entry e = parse(lines.get(i));
            if (e == null || !e.ip().equals(ip) || !e.names().contains(name)) continue;
            List<String> names = new ArrayList<>(e.names());
            names.removeIf(name::equals);
            if (names.isEmpty()) lines.remove(i--);
            else lines.set(i, new Entry(ip, names, e.comment()).render());
        }
    }

    /** Sets the comment on every line of the address. */
    void setComment(String ip, String comment) {
        for (int i = 0; i < lines.size(); i++) {
            Entry e = parse(lines.get(i));
            if (e != null && e.ip().equals(ip)) lines.set(i, new Entry(ip, e.names(), comment).render());
        }
    }

    /** The address has exactly {@code names} (one line, replacing its others), or no line at all if empty. */
    void only(String ip, List<String> names) {
        int first = -1;
        String comment = null;
        for (int i = 0; i < lines.size(); i++) {
            Entry e = parse(lines.get(i));
            if (e == null || !e.ip().equals(ip)) continue;
            if (first < 0) {
                first = i;
                comment = e.comment();
            } else {
                lines.remove(i--);
            }
        }
        if (names.isEmpty()) {
            if (first >= 0) lines.remove(first);
            return;
        }
        String line = new Entry(ip, names, comment).render();
        if (first >= 0) lines.set(first, line);
        else lines.add(line);
    }
}
