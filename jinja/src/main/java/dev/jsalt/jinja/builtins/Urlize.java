package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.PyStr;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Jinja2's utils.urlize. */
public final class Urlize {
    private Urlize() {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern HTTP = Pattern.compile("^("
            + "(https?://|www\\.)(([\\w%-]+\\.)+)?([a-z]{2,63}|xn--[\\w%]{2,59})"
            + "|([\\w%-]{2,63}\\.)+(com|net|int|edu|gov|org|info|mil)"
            + "|(https?://)((([\\d]{1,3})(\\.[\\d]{1,3}){3})|(\\[([\\da-f]{0,4}:){2}([\\da-f]{0,4}:?){1,6}\\]))"
            + ")(?::[\\d]{1,5})?(?:[/?#]\\S*)?$", FLAGS);
    private static final Pattern EMAIL = Pattern.compile("^\\S+@\\w[\\w.-]*\\.\\w+$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern LEAD = Pattern.compile("^([(<]|&lt;)+");
    private static final Pattern TRAIL = Pattern.compile("([)>.,\\n]|&gt;)+$");
    private static final Pattern SPACES = Pattern.compile("(\\s+)", Pattern.UNICODE_CHARACTER_CLASS);

    public static String urlize(String text, Long trimLimit, String rel, String target, List<String> extraSchemes) {
        String escaped = Markup.escapeText(text);
        List<String> words = new ArrayList<>();
        Matcher sm = SPACES.matcher(escaped);
        int last = 0;
        while (sm.find()) {
            words.add(escaped.substring(last, sm.start()));
            words.add(sm.group(1));
            last = sm.end();
        }
        words.add(escaped.substring(last));
        String relAttr = rel != null && !rel.isEmpty() ? " rel=\"" + Markup.escapeText(rel) + "\"" : "";
        String targetAttr = target != null && !target.isEmpty() ? " target=\"" + Markup.escapeText(target) + "\"" : "";
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            String head = "";
            String middle = word;
            String tail = "";
            Matcher m = LEAD.matcher(middle);
            if (m.find()) {
                head = m.group();
                middle = middle.substring(m.end());
            }
            if (middle.endsWith(")") || middle.endsWith(">") || middle.endsWith(".") || middle.endsWith(",") || middle.endsWith("\n")
                    || middle.endsWith("&gt;")) {
                Matcher t = TRAIL.matcher(middle);
                if (t.find()) {
                    tail = t.group();
                    middle = middle.substring(0, t.start());
                }
            }
            String[][] pairs = {{"(", ")"}, {"<", ">"}, {"&lt;", "&gt;"}};
            for (String[] p : pairs) {
                int startCount = count(middle, p[0]);
                if (startCount <= count(middle, p[1])) {
                    continue;
                }
                int moves = Math.min(startCount, count(tail, p[1]));
                for (int i = 0; i < moves; i++) {
                    int endIndex = tail.indexOf(p[1]) + p[1].length();
                    middle += tail.substring(0, endIndex);
                    tail = tail.substring(endIndex);
                }
            }
            if (HTTP.matcher(middle).matches()) {
                if (middle.startsWith("https://") || middle.startsWith("http://")) {
                    middle = "<a href=\"" + middle + "\"" + relAttr + targetAttr + ">" + trim(middle, trimLimit) + "</a>";
                } else {
                    middle = "<a href=\"https://" + middle + "\"" + relAttr + targetAttr + ">" + trim(middle, trimLimit) + "</a>";
                }
            } else if (middle.startsWith("mailto:") && EMAIL.matcher(middle.substring(7)).matches()) {
                middle = "<a href=\"" + middle + "\">" + middle.substring(7) + "</a>";
            } else if (middle.contains("@") && !middle.startsWith("www.") && !middle.contains(":") && EMAIL.matcher(middle).matches()) {
                middle = "<a href=\"mailto:" + middle + "\">" + middle + "</a>";
            } else if (extraSchemes != null) {
                for (String scheme : extraSchemes) {
                    if (!middle.equals(scheme) && middle.startsWith(scheme)) {
                        middle = "<a href=\"" + middle + "\"" + relAttr + targetAttr + ">" + middle + "</a>";
                    }
                }
            }
            out.append(head).append(middle).append(tail);
        }
        return out.toString();
    }

    private static int count(String s, String sub) {
        int c = 0;
        int i = 0;
        while ((i = s.indexOf(sub, i)) >= 0) {
            c++;
            i += sub.length();
        }
        return c;
    }

    private static String trim(String x, Long limit) {
        if (limit != null && PyStr.length(x) > limit) {
            return PyStr.substring(x, 0, (int) Math.max(0, (long) limit)) + "...";
        }
        return x;
    }
}
