package dev.jsalt.common.target;

import java.util.regex.Pattern;

/** Shell-style globs ({@code *}, {@code ?}, {@code [...]}) compiled to regular expressions. */
public final class Globs {
    private Globs() {
    }

    public static boolean hasWildcard(String glob) {
        return glob.indexOf('*') >= 0 || glob.indexOf('?') >= 0 || glob.indexOf('[') >= 0;
    }

    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    String inside = end < 0 ? "" : glob.substring(i + 1, end);
                    if (end < 0 || inside.isEmpty() || inside.equals("!") || inside.equals("^")) {
                        re.append("\\["); // no class, or an empty one ("[]" is no valid pattern): a literal bracket
                    } else {
                        String cls = glob.substring(i + 1, end);
                        boolean negate = cls.startsWith("!") || cls.startsWith("^");
                        if (negate) cls = cls.substring(1);
                        // Only characters and ranges: everything else is escaped, so a glob cannot smuggle regular
                        // expression syntax (nested classes, '&&' intersections) into the pattern. Found by Jazzer.
                        StringBuilder c2 = new StringBuilder();
                        for (int k = 0; k < cls.length(); k++) {
                            char ch = cls.charAt(k);
                            boolean range = ch == '-' && k > 0 && k < cls.length() - 1 && Character.isLetterOrDigit(cls.charAt(k - 1))
                                    && Character.isLetterOrDigit(cls.charAt(k + 1)) && cls.charAt(k - 1) <= cls.charAt(k + 1);
                            if (ch == '-' && !range && k > 0 && k < cls.length() - 1 && cls.charAt(k - 1) > cls.charAt(k + 1)) {
                                throw new IllegalArgumentException("bad glob '" + glob + "': range " + cls.charAt(k - 1) + "-"
                                        + cls.charAt(k + 1) + " is backwards");
                            }
                            if (Character.isLetterOrDigit(ch) || range) c2.append(ch);
                            else c2.append('\\').append(ch);
                        }
                        re.append('[').append(negate ? "^" : "").append(c2).append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString());
        } catch (java.util.regex.PatternSyntaxException e) {
            // e.g. "[z-a]": one line naming the glob, not the regular expression it became
            throw new IllegalArgumentException("bad glob '" + glob + "': " + e.getDescription());
        }
    }
}
