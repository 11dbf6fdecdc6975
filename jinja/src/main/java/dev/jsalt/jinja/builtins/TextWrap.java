package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyStr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python's textwrap.wrap as Jinja2's wordwrap calls it (no tab expansion, no whitespace replacement). */
public final class TextWrap {
    private TextWrap() {
    }

    private static final String WS = "[\\t\\n\\x0b\\x0c\\r ]";
    private static final String NWS = "[^\\t\\n\\x0b\\x0c\\r ]";
    private static final String WP = "[\\w!\"'&.,?]";
    private static final String LT = "[^\\d\\W]";
    private static final Pattern WORDSEP = Pattern.compile(
            "(" + WS + "+"
                    + "|(?<=" + WP + ")-{2,}(?=\\w)"
                    + "|" + NWS + "+?(?:"
                    + "-(?:(?<=" + LT + "{2}-)|(?<=" + LT + "-" + LT + "-))(?=" + LT + "-?" + LT + ")"
                    + "|(?=" + WS + "|\\z)"
                    + "|(?<=" + WP + ")(?=-{2,}\\w)"
                    + "))", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORDSEP_SIMPLE = Pattern.compile("(" + WS + "+)");

    private static List<String> split(String text, boolean breakOnHyphens) {
        Matcher m = (breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE).matcher(text);
        List<String> chunks = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                chunks.add(text.substring(last, m.start()));
            }
            if (!m.group(1).isEmpty()) {
                chunks.add(m.group(1));
            }
            last = m.end();
        }
        if (last < text.length()) {
            chunks.add(text.substring(last));
        }
        return chunks;
    }

    private static int len(String s) {
        return PyStr.length(s);
    }

    private static boolean blank(String s) {
        return PyStr.strip(s, null, true, true).isEmpty();
    }

    public static List<String> wrap(String text, long width, boolean breakLongWords, boolean breakOnHyphens) {
        List<String> chunks = split(text, breakOnHyphens);
        List<String> lines = new ArrayList<>();
        if (width <= 0) {
            throw Py.valueError("invalid width " + width + " (must be > 0)");
        }
        Collections.reverse(chunks);
        while (!chunks.isEmpty()) {
            List<String> cur = new ArrayList<>();
            long curLen = 0;
            if (blank(chunks.get(chunks.size() - 1)) && !lines.isEmpty()) {
                chunks.remove(chunks.size() - 1);
            }
            while (!chunks.isEmpty()) {
                int l = len(chunks.get(chunks.size() - 1));
                if (curLen + l <= width) {
                    cur.add(chunks.remove(chunks.size() - 1));
                    curLen += l;
                } else {
                    break;
                }
            }
            if (!chunks.isEmpty() && len(chunks.get(chunks.size() - 1)) > width) {
                handleLongWord(chunks, cur, curLen, width, breakLongWords, breakOnHyphens);
                curLen = 0;
                for (String c : cur) {
                    curLen += len(c);
                }
            }
            if (!cur.isEmpty() && blank(cur.get(cur.size() - 1))) {
                curLen -= len(cur.get(cur.size() - 1));
                cur.remove(cur.size() - 1);
            }
            if (!cur.isEmpty()) {
                lines.add(String.join("", cur));
            }
        }
        return lines;
    }

    private static void handleLongWord(List<String> chunks, List<String> cur, long curLen, long width, boolean breakLongWords,
                                       boolean breakOnHyphens) {
        long spaceLeft = width < 1 ? 1 : width - curLen;
        if (breakLongWords) {
            long end = spaceLeft;
            String chunk = chunks.get(chunks.size() - 1);
            if (breakOnHyphens && len(chunk) > spaceLeft) {
                String head = PyStr.substring(chunk, 0, (int) Math.min(spaceLeft, len(chunk)));
                int hyphen = head.lastIndexOf('-');
                if (hyphen > 0) {
                    boolean nonHyphen = false;
                    for (int i = 0; i < hyphen; i++) {
                        if (head.charAt(i) != '-') {
                            nonHyphen = true;
                            break;
                        }
                    }
                    if (nonHyphen) {
                        end = head.codePointCount(0, hyphen) + 1;
                    }
                }
            }
            int e = (int) Math.min(end, len(chunk));
            cur.add(PyStr.substring(chunk, 0, e));
            chunks.set(chunks.size() - 1, PyStr.substring(chunk, e, len(chunk)));
        } else if (cur.isEmpty()) {
            cur.add(chunks.remove(chunks.size() - 1));
        }
    }
}
