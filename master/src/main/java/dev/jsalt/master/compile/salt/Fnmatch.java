package dev.jsalt.master.compile.salt;

import java.util.regex.Pattern;

/** Python's {@code fnmatch.fnmatch} on POSIX (case-sensitive): {@code * ? [seq] [!seq]}. */
final class Fnmatch {
    private Fnmatch() {
    }

    static boolean fnmatch(String name, String pattern) {
        return Pattern.compile(translate(pattern), Pattern.DOTALL).matcher(name).matches();
    }

    /** fnmatch.translate, as a Java regex matched against the whole name. */
    static String translate(String pat) {
        StringBuilder res = new StringBuilder();
        int i = 0;
        int n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                res.append(".*");
                while (i < n && pat.charAt(i) == '*') {
                    i++;
                }
            } else if (c == '?') {
                res.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pat.charAt(j) == ']') {
                    j++;
                }
                while (j < n && pat.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    res.append("\\[");
                } else {
                    String stuff = pat.substring(i, j).replace("\\", "\\\\");
                    i = j + 1;
                    if (stuff.isEmpty()) {
                        res.append("(?!)");
                        continue;
                    }
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (stuff.charAt(0) == '!') {
                        cls.append('^');
                        k = 1;
                    } else if (stuff.charAt(0) == '^') {
                        cls.append("\\^");
                        k = 1;
                    }
                    for (; k < stuff.length(); k++) {
                        char s = stuff.charAt(k);
                        if (s == '[' || s == ']' || s == '&' || s == '~' || s == '|') {
                            cls.append('\\');
                        }
                        cls.append(s);
                    }
                    res.append(cls).append(']');
                }
            } else {
                res.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return res.toString();
    }
}
