package dev.jsalt.minion.states.pkg;

/**
 * Debian version ordering (deb-version(7)): {@code [epoch:]upstream[-revision]}, compared part by part; within a
 * part, non-digit runs compare with {@code ~} before everything (even the end) and letters before other characters,
 * digit runs compare numerically.
 */
final class DebVersion {
    private DebVersion() {
    }

    static int compare(String a, String b) {
        String[] x = split(a), y = split(b);
        long ea = Long.parseLong(x[0]), eb = Long.parseLong(y[0]);
        if (ea != eb) return Long.compare(ea, eb);
        int c = part(x[1], y[1]);
        return c != 0 ? c : part(x[2], y[2]);
    }

    /** epoch, upstream, revision. */
    private static String[] split(String v) {
        String s = v.strip();
        String epoch = "0";
        int colon = s.indexOf(':');
        if (colon > 0 && s.substring(0, colon).chars().allMatch(Character::isDigit)) {
            epoch = s.substring(0, colon);
            s = s.substring(colon + 1);
        }
        String rev = "";
        int dash = s.lastIndexOf('-');
        if (dash >= 0) {
            rev = s.substring(dash + 1);
            s = s.substring(0, dash);
        }
        return new String[] {epoch, s, rev};
    }

    private static int order(char c) {
        if (Character.isDigit(c)) return 0;
        if (Character.isLetter(c)) return c;
        if (c == '~') return -1;
        return c + 256;
    }

    private static int part(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ac = i < a.length() ? order(a.charAt(i)) : 0;
                int bc = j < b.length() ? order(b.charAt(j)) : 0;
                if (ac != bc) return Integer.compare(ac, bc);
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') i++;
            while (j < b.length() && b.charAt(j) == '0') j++;
            while (i < a.length() && Character.isDigit(a.charAt(i)) && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (firstDiff == 0) firstDiff = a.charAt(i) - b.charAt(j);
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) return 1;
            if (j < b.length() && Character.isDigit(b.charAt(j))) return -1;
            if (firstDiff != 0) return Integer.signum(firstDiff);
        }
        return 0;
    }
}
