package dev.jsalt.minion.states.file;

/**
 * File modes as written in SLS. YAML turns {@code mode: 644} into the integer 644 and {@code mode: '0644'} into a
 * string; both mean octal 0644, as in Salt.
 */
final class Mode {
    private Mode() {
    }

    static Integer parse(Object value) {
        if (value == null) return null;
        String s = value.toString().trim();
        if (s.startsWith("0o")) s = s.substring(2);
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new IllegalArgumentException("mode must be octal digits like 0644, got '" + value + "'");
        }
        int mode = Integer.parseInt(s, 8);
        if (mode > 07777) throw new IllegalArgumentException("mode out of range: " + value);
        return mode;
    }

    static String format(int mode) { return String.format("%04o", mode & 07777); }
}
