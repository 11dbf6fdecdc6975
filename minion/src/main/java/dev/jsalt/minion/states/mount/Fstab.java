package dev.jsalt.minion.states.mount;

import dev.jsalt.minion.states.sys.TextFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An fstab file, edited as Salt's {@code mount.set_fstab} / {@code rm_fstab} do: an entry is identified by the
 * {@code match_on} fields (auto: the mount point for pseudo file systems, the device otherwise); a matching line that
 * differs in any field is replaced by Salt's rendering ({@code device\t\tname\tfstype\topts\tdump pass}), a missing
 * one is appended; comments and other lines stay as they are.
 */
final class Fstab {
    /** Salt's specialFSes: matched on the mount point, since their "device" is not unique. */
    static final Set<String> SPECIAL = Set.of("none", "tmpfs", "sysfs", "proc", "fusectl", "debugfs", "securityfs",
            "devtmpfs", "cgroup", "btrfs");
    static final List<String> FIELDS = List.of("device", "name", "fstype", "opts", "dump", "pass_num");

    record Entry(String device, String name, String fstype, String opts, String dump, String passNum) {
        String field(String f) {
            return switch (f) {
                case "device" -> device;
                case "name" -> name;
                case "fstype" -> fstype;
                case "opts" -> opts;
                case "dump" -> dump;
                case "pass_num" -> passNum;
                default -> throw new IllegalArgumentException("no fstab field " + f);
            };
        }

        String render() { return device + "\t\t" + name + "\t" + fstype + "\t" + opts + "\t" + dump + " " + passNum; }
    }

    /** The entry of a line, or null for comments, blank and malformed lines. */
    static Entry parse(String line) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) return null;
        String[] w = l.split("\\s+");
        if (w.length < 4) return null;
        return new Entry(w[0], w[1], w[2], w[3], w.length > 4 ? w[4] : "0", w.length > 5 ? w[5] : "0");
    }

    static List<String> criteria(Object matchOn, String fstype) {
        if (matchOn == null || "auto".equals(matchOn)) return SPECIAL.contains(fstype) ? List.of("name") : List.of("device");
        List<String> out = new ArrayList<>();
        for (Object o : matchOn instanceof List<?> l ? l : List.of(matchOn)) {
            if (!FIELDS.contains(o.toString())) throw new IllegalArgumentException("match_on: no fstab field '" + o + "' (fields: " + FIELDS + ")");
            out.add(o.toString());
        }
        return out;
    }

    /** "present", "new" or "change", and the new text. */
    record Result(String status, String text) {
    }

    static Result set(String text, Entry want, List<String> criteria) {
        List<String> out = new ArrayList<>();
        String status = null;
        for (String line : TextFile.lines(text)) {
            Entry e = parse(line);
            boolean matches = e != null && criteria.stream().allMatch(c -> e.field(c).equals(want.field(c)));
            if (!matches) {
                out.add(line);
                continue;
            }
            if (e.equals(want)) {
                if (status == null) status = "present";
                out.add(line);
            } else {
                status = "change";
                out.add(want.render());
            }
        }
        if (status == null) {
            status = "new";
            out.add(want.render());
        }
        return new Result(status, TextFile.join(out));
    }

    /** The lines for mount point {@code name} (and {@code device}, if given). */
    static List<Entry> entries(String text, String name) {
        List<Entry> out = new ArrayList<>();
        for (String line : TextFile.lines(text)) {
            Entry e = parse(line);
            if (e != null && e.name().equals(name)) out.add(e);
        }
        return out;
    }

    static String remove(String text, String name, String device) {
        List<String> out = new ArrayList<>();
        for (String line : TextFile.lines(text)) {
            Entry e = parse(line);
            if (e != null && e.name().equals(name) && (device == null || e.device().equals(device))) continue;
            out.add(line);
        }
        return TextFile.join(out);
    }
}
