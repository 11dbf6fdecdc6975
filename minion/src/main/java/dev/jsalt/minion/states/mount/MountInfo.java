package dev.jsalt.minion.states.mount;

import dev.jsalt.minion.states.sys.TextFile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** /proc/self/mountinfo: what is mounted where, with its per-mount and super-block options. */
final class MountInfo {
    record Mount(String root, String point, Set<String> opts, String fstype, String source, Set<String> superOpts) {
        boolean has(String opt) { return opts.contains(opt) || superOpts.contains(opt); }
    }

    private MountInfo() {
    }

    /** The mount visible at {@code point} (the last one mounted there), or null. */
    static Mount at(String text, String point) {
        Mount found = null;
        for (Mount m : parse(text)) if (m.point().equals(point)) found = m;
        return found;
    }

    static List<Mount> parse(String text) {
        List<Mount> out = new ArrayList<>();
        for (String line : TextFile.lines(text)) {
            String[] w = line.split(" ");
            int dash = Arrays.asList(w).indexOf("-");
            if (w.length < 10 || dash < 6 || dash + 3 >= w.length + 1) continue;
            out.add(new Mount(unescape(w[3]), unescape(w[4]), set(w[5]), w[dash + 1], unescape(w[dash + 2]),
                    dash + 3 < w.length ? set(w[dash + 3]) : Set.of()));
        }
        return out;
    }

    private static Set<String> set(String csv) { return new LinkedHashSet<>(Arrays.asList(csv.split(","))); }

    /** Octal escapes (\040 for a space) as the kernel writes them. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() + 0 && s.substring(i + 1, Math.min(i + 4, s.length())).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
