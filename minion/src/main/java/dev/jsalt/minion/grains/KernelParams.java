package dev.jsalt.minion.grains;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Salt's {@code kernelparams} grain: {@code /proc/cmdline} split by {@code salt.utils.args.shlex_split} (Python's
 * {@code shlex} in its default, non-POSIX mode with {@code whitespace_split}: quotes stay in the words, a word only
 * starts a quoted string at its first character, {@code #} ends the line) and every word split at "=" into
 * {@code [key, value]}, value null unless there is exactly one "=" (then stripped of double quotes).
 */
final class KernelParams {
    private KernelParams() {
    }

    /** The grain, or null when the line has an unclosed quote (Salt's grain function fails: no grain). */
    static List<List<Object>> parse(String cmdline) {
        List<String> words = shlexSplit(cmdline);
        if (words == null) return null;
        List<List<Object>> out = new ArrayList<>();
        for (String item : words) {
            String[] data = item.split("=", -1);
            Object value = data.length == 2 ? strip(data[1], '"') : null;
            out.add(Arrays.asList(data[0], value));
        }
        return out;
    }

    private static String strip(String s, char c) {
        int a = 0, b = s.length();
        while (a < b && s.charAt(a) == c) a++;
        while (b > a && s.charAt(b - 1) == c) b--;
        return s.substring(a, b);
    }

    /** Non-POSIX {@code shlex} with {@code whitespace_split=True}; null on "No closing quotation". */
    static List<String> shlexSplit(String s) {
        final String whitespace = " \t\r\n";
        final String quotes = "'\"";
        List<String> out = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        char state = ' ';
        int i = 0;
        while (true) {
            if (i >= s.length()) {
                if (quotes.indexOf(state) >= 0) return null;
                if (token.length() > 0) out.add(token.toString());
                return out;
            }
            char c = s.charAt(i++);
            if (state == ' ') {
                if (whitespace.indexOf(c) >= 0) continue;
                if (c == '#') {
                    i = skipLine(s, i);
                } else if (quotes.indexOf(c) >= 0) {
                    token.append(c);
                    state = c;
                } else {
                    token.append(c);
                    state = 'a';
                }
            } else if (state == 'a') {
                if (whitespace.indexOf(c) >= 0) {
                    state = ' ';
                    if (token.length() > 0) {
                        out.add(token.toString());
                        token.setLength(0);
                    }
                } else if (c == '#') {
                    i = skipLine(s, i);
                } else {
                    token.append(c);
                }
            } else { // inside quotes
                token.append(c);
                if (c == state) {
                    out.add(token.toString());
                    token.setLength(0);
                    state = ' ';
                }
            }
        }
    }

    private static int skipLine(String s, int i) {
        int nl = s.indexOf('\n', i);
        return nl < 0 ? s.length() : nl + 1;
    }
}
