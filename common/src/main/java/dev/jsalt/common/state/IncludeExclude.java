package dev.jsalt.common.state;

import java.util.regex.Pattern;

/**
 * Salt's {@code check_include_exclude} for {@code file.recurse}'s {@code include_pat}/{@code exclude_pat}: a pattern
 * is a shell glob matched against the whole relative path ({@code fnmatch}: {@code *} also matches {@code /}), or
 * {@code E@regex} searched in it. The master filters the source files with it, the minion keeps excluded files when
 * it cleans.
 */
public final class IncludeExclude {
    private IncludeExclude() {
    }

    /** Whether {@code path} (relative, with /) is taken: matches include (if any) and not exclude (if any). */
    public static boolean check(String path, String include, String exclude) {
        boolean ok = true;
        if (include != null && !include.isEmpty()) ok = matches(include, path);
        if (exclude != null && !exclude.isEmpty()) ok = ok && !matches(exclude, path);
        return ok;
    }

    public static boolean matches(String pattern, String path) {
        if (pattern.startsWith("E@")) return Pattern.compile(pattern.substring(2).replace("(?P<", "(?<")).matcher(path).find();
        return Pattern.compile(globToRegex(pattern), Pattern.DOTALL).matcher(path).matches();
    }

    /** Python's fnmatch.translate: * and ? match any character (also /), [seq] and [!seq] classes. */
    public static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                case '[' -> {
                    int j = i + 1;
                    if (j < glob.length() && glob.charAt(j) == '!') j++;
                    if (j < glob.length() && glob.charAt(j) == ']') j++;
                    while (j < glob.length() && glob.charAt(j) != ']') j++;
                    if (j >= glob.length()) {
                        sb.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, j).replace("\\", "\\\\");
                        if (body.startsWith("!")) body = "^" + body.substring(1);
                        else if (body.startsWith("^")) body = "\\" + body;
                        sb.append('[').append(body).append(']');
                        i = j;
                    }
                }
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
