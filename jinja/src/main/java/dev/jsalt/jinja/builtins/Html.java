package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.value.PyStr;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** markupsafe's striptags/unescape and Python's html.unescape for the common entities. */
public final class Html {
    private Html() {
    }

    private static final Pattern CHARREF = Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
    private static final Map<String, String> ENTITIES = Map.ofEntries(Map.entry("amp;", "&"), Map.entry("lt;", "<"),
            Map.entry("gt;", ">"), Map.entry("quot;", "\""), Map.entry("apos;", "'"), Map.entry("nbsp;", "\u00a0"),
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("nbsp", "\u00a0"),
            Map.entry("copy;", "\u00a9"), Map.entry("copy", "\u00a9"), Map.entry("raquo;", "\u00bb"), Map.entry("laquo;", "\u00ab"),
            Map.entry("reg;", "\u00ae"), Map.entry("reg", "\u00ae"), Map.entry("hellip;", "\u2026"), Map.entry("mdash;", "\u2014"),
            Map.entry("ndash;", "\u2013"), Map.entry("euro;", "\u20ac"));

    /**
     * Removes every leftmost-shortest {@code open ... close} span, as re.sub with {@code open.*?close} does, in linear
     * time (the regex would rescan to the end from every unmatched opener).
     */
    static String removeSpans(String s, String open, String close) {
        StringBuilder b = new StringBuilder(s.length());
        int pos = 0;
        while (true) {
            int i = s.indexOf(open, pos);
            if (i < 0) {
                break;
            }
            int j = s.indexOf(close, i + open.length());
            if (j < 0) {
                break;
            }
            b.append(s, pos, i);
            pos = j + close.length();
        }
        b.append(s, pos, s.length());
        return b.toString();
    }

    /** markupsafe's Markup.striptags(): drop comments and tags, collapse whitespace, unescape. */
    public static String striptags(String s) {
        String v = removeSpans(s, "<!--", "-->");
        v = removeSpans(v, "<", ">");
        v = String.join(" ", PyStr.split(v, null, -1).stream().map(String::valueOf).toList());
        return unescape(v);
    }

    /** Python's html.unescape for numeric references and the common named entities. */
    public static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = CHARREF.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String rep;
            if (ref.startsWith("#")) {
                String num = ref.endsWith(";") ? ref.substring(1, ref.length() - 1) : ref.substring(1);
                int cp;
                try {
                    cp = num.startsWith("x") || num.startsWith("X") ? Integer.parseInt(num.substring(1), 16) : Integer.parseInt(num);
                } catch (NumberFormatException e) {
                    cp = 0xfffd;
                }
                if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                    cp = 0xfffd;
                }
                rep = new String(Character.toChars(cp));
            } else {
                rep = ENTITIES.get(ref);
                if (rep == null) {
                    rep = "&" + ref;
                }
            }
            m.appendReplacement(b, Matcher.quoteReplacement(rep));
        }
        m.appendTail(b);
        return b.toString();
    }
}
