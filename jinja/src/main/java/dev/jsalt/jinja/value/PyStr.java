package dev.jsalt.jinja.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python str operations on Java strings. Python indexes strings by code point, Java by UTF-16 unit: every
 * index, length and width here is in code points (with a fast path for strings without surrogates).
 */
public final class PyStr {
    private PyStr() {
    }

    static boolean hasSurrogates(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** len(s) in code points. */
    public static int length(String s) {
        return hasSurrogates(s) ? s.codePointCount(0, s.length()) : s.length();
    }

    /** The char offset of code point index {@code cp} (0..length). */
    static int offset(String s, int cp) {
        if (!hasSurrogates(s)) {
            return cp;
        }
        return s.offsetByCodePoints(0, cp);
    }

    /** The code point index of char offset {@code off}. */
    static int cpIndex(String s, int off) {
        if (!hasSurrogates(s)) {
            return off;
        }
        return s.codePointCount(0, off);
    }

    /** The code points of s as one-character strings. */
    public static List<Object> chars(String s) {
        List<Object> out = new ArrayList<>(s.length());
        for (int i = 0, n = s.length(); i < n; ) {
            int cp = s.codePointAt(i);
            int k = Character.charCount(cp);
            out.add(s.substring(i, i + k));
            i += k;
        }
        return out;
    }

    /** Code point order, as Python compares str. */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** The code point at code point index i (0 <= i < length). */
    public static String charAt(String s, int i) {
        int off = offset(s, i);
        int cp = s.codePointAt(off);
        return s.substring(off, off + Character.charCount(cp));
    }

    /** s[start:stop] for normalized code point bounds (step 1). */
    public static String substring(String s, int start, int stop) {
        if (start >= stop) {
            return "";
        }
        if (!hasSurrogates(s)) {
            return s.substring(start, stop);
        }
        int a = s.offsetByCodePoints(0, start);
        int b = s.offsetByCodePoints(a, stop - start);
        return s.substring(a, b);
    }

    // ---- character classes (CPython's unicodectype) ------------------------------------------------------------

    /** str.isspace for one code point: bidi WS/B/S or Zs. */
    public static boolean isSpace(int c) {
        if (c < 128) {
            return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f);
        }
        return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029
                || c == 0x202f || c == 0x205f || c == 0x3000;
    }

    /** Line boundaries of str.splitlines. */
    public static boolean isLineBreak(int c) {
        return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x85
                || c == 0x2028 || c == 0x2029;
    }

    public static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        int t = Character.getType(cp);
        return !(t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE || t == Character.PRIVATE_USE
                || t == Character.UNASSIGNED || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR
                || t == Character.SPACE_SEPARATOR);
    }

    static boolean isCased(int cp) {
        return Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
    }

    public static boolean isAlpha(int cp) {
        return Character.isLetter(cp);
    }

    public static boolean isDecimal(int cp) {
        return Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER;
    }

    public static boolean isDigit(int cp) {
        if (isDecimal(cp)) {
            return true;
        }
        int t = Character.getType(cp);
        if (t == Character.OTHER_NUMBER) {
            int v = Character.getNumericValue(cp);
            return v >= 0 && v <= 9;
        }
        return false;
    }

    public static boolean isNumeric(int cp) {
        int t = Character.getType(cp);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    public static boolean isAlnum(int cp) {
        return isAlpha(cp) || isDecimal(cp) || isDigit(cp) || isNumeric(cp);
    }

    /** Python's \w for one code point (used by Jinja's wordcount and friends). */
    public static boolean isWord(int cp) {
        return isAlnum(cp) || cp == '_';
    }

    interface CpTest {
        boolean test(int cp);
    }

    /** True when s is non-empty and every code point passes. */
    static boolean all(String s, CpTest t) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!t.test(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    public static boolean isLower(String s) {
        boolean cased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
                return false;
            }
            if (Character.isLowerCase(cp)) {
                cased = true;
            }
            i += Character.charCount(cp);
        }
        return cased;
    }

    public static boolean isUpper(String s) {
        boolean cased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isLowerCase(cp) || Character.isTitleCase(cp)) {
                return false;
            }
            if (Character.isUpperCase(cp)) {
                cased = true;
            }
            i += Character.charCount(cp);
        }
        return cased;
    }

    public static boolean isTitle(String s) {
        boolean cased = false;
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
                if (previousCased) {
                    return false;
                }
                previousCased = true;
                cased = true;
            } else if (Character.isLowerCase(cp)) {
                if (!previousCased) {
                    return false;
                }
                previousCased = true;
                cased = true;
            } else {
                previousCased = false;
            }
            i += Character.charCount(cp);
        }
        return cased;
    }

    public static boolean isIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        int first = s.codePointAt(0);
        if (first != '_' && !Character.isUnicodeIdentifierStart(first)) {
            return false;
        }
        for (int i = Character.charCount(first); i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!Character.isUnicodeIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    // ---- case mapping -----------------------------------------------------------------------------------------

    public static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    public static String casefold(String s) {
        return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** Title case of one code point with Python's full mappings for the common special cases. */
    static String titleOf(int cp) {
        switch (cp) {
            case 0xdf:
                return "Ss";
            case 0xfb00:
                return "Ff";
            case 0xfb01:
                return "Fi";
            case 0xfb02:
                return "Fl";
            case 0xfb03:
                return "Ffi";
            case 0xfb04:
                return "Ffl";
            case 0xfb05:
            case 0xfb06:
                return "St";
            case 0x149:
                return "\u02bcN";
            default:
                break;
        }
        int t = Character.toTitleCase(cp);
        if (t == cp && Character.isLowerCase(cp)) {
            String u = new String(Character.toChars(cp)).toUpperCase(Locale.ROOT);
            return u;
        }
        return new String(Character.toChars(t));
    }

    static String lowerOf(int cp) {
        return new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
    }

    static String upperOf(int cp) {
        return new String(Character.toChars(cp)).toUpperCase(Locale.ROOT);
    }

    /** str.capitalize (3.8+): first character title-cased, the rest lower-cased. */
    public static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int cp = s.codePointAt(0);
        return titleOf(cp) + lower(s.substring(Character.charCount(cp)));
    }

    /** str.title: a cased character after an uncased one is title-cased, the others lower-cased. */
    public static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (previousCased) {
                b.append(lowerOf(cp));
            } else {
                b.append(titleOf(cp));
            }
            previousCased = isCased(cp);
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    public static String swapcase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isUpperCase(cp)) {
                b.append(lowerOf(cp));
            } else if (Character.isLowerCase(cp)) {
                b.append(upperOf(cp));
            } else {
                b.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    // ---- whitespace and splitting -----------------------------------------------------------------------------

    /** str.strip/lstrip/rstrip: chars null strips whitespace, else any of the given code points. */
    public static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        if (left) {
            while (start < end) {
                int cp = s.codePointAt(start);
                if (!stripped(cp, chars)) {
                    break;
                }
                start += Character.charCount(cp);
            }
        }
        if (right) {
            while (end > start) {
                int cp = s.codePointBefore(end);
                if (!stripped(cp, chars)) {
                    break;
                }
                end -= Character.charCount(cp);
            }
        }
        return s.substring(start, end);
    }

    private static boolean stripped(int cp, String chars) {
        if (chars == null) {
            return isSpace(cp);
        }
        return chars.indexOf(cp) >= 0;
    }

    /** str.split(sep, maxsplit). */
    public static List<Object> split(String s, String sep, long maxsplit) {
        List<Object> out = new ArrayList<>();
        if (maxsplit < 0) {
            maxsplit = Long.MAX_VALUE;
        }
        int n = s.length();
        if (sep == null) {
            int i = 0;
            while (maxsplit-- > 0) {
                while (i < n && isSpace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                if (i == n) {
                    break;
                }
                int j = i;
                while (i < n && !isSpace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                out.add(s.substring(j, i));
            }
            if (i < n) {
                while (i < n && isSpace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                if (i != n) {
                    out.add(s.substring(i));
                }
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw Py.valueError("empty separator");
        }
        int i = 0;
        while (maxsplit-- > 0) {
            int k = s.indexOf(sep, i);
            if (k < 0) {
                break;
            }
            out.add(s.substring(i, k));
            i = k + sep.length();
        }
        out.add(s.substring(i));
        return out;
    }

    /** str.rsplit(sep, maxsplit). */
    public static List<Object> rsplit(String s, String sep, long maxsplit) {
        List<Object> out = new ArrayList<>();
        if (maxsplit < 0) {
            maxsplit = Long.MAX_VALUE;
        }
        if (sep == null) {
            int i = s.length();
            while (maxsplit-- > 0) {
                while (i > 0 && isSpace(s.codePointBefore(i))) {
                    i -= Character.charCount(s.codePointBefore(i));
                }
                if (i == 0) {
                    break;
                }
                int j = i;
                while (i > 0 && !isSpace(s.codePointBefore(i))) {
                    i -= Character.charCount(s.codePointBefore(i));
                }
                out.add(s.substring(i, j));
            }
            if (i > 0) {
                while (i > 0 && isSpace(s.codePointBefore(i))) {
                    i -= Character.charCount(s.codePointBefore(i));
                }
                if (i > 0) {
                    out.add(s.substring(0, i));
                }
            }
            java.util.Collections.reverse(out);
            return out;
        }
        if (sep.isEmpty()) {
            throw Py.valueError("empty separator");
        }
        int end = s.length();
        while (maxsplit-- > 0) {
            int k = s.lastIndexOf(sep, end - sep.length());
            if (k < 0) {
                break;
            }
            out.add(s.substring(k + sep.length(), end));
            end = k;
        }
        out.add(s.substring(0, end));
        java.util.Collections.reverse(out);
        return out;
    }

    /** str.splitlines(keepends). */
    public static List<Object> splitlines(String s, boolean keepends) {
        List<Object> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            int j = i;
            while (i < n && !isLineBreak(s.charAt(i))) {
                i++;
            }
            int eol = i;
            if (i < n) {
                if (s.charAt(i) == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                    i += 2;
                } else {
                    i++;
                }
                if (keepends) {
                    eol = i;
                }
            }
            out.add(s.substring(j, eol));
        }
        return out;
    }

    /** str.replace(old, new, count). */
    public static String replace(String s, String old, String rep, long count) {
        if (count < 0) {
            count = Long.MAX_VALUE;
        }
        if (old.isEmpty()) {
            StringBuilder b = new StringBuilder();
            List<Object> cs = chars(s);
            long done = 0;
            for (Object c : cs) {
                if (done < count) {
                    b.append(rep);
                    done++;
                }
                b.append((String) c);
            }
            if (done < count) {
                b.append(rep);
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        long done = 0;
        while (done < count) {
            int k = s.indexOf(old, i);
            if (k < 0) {
                break;
            }
            b.append(s, i, k).append(rep);
            i = k + old.length();
            done++;
        }
        b.append(s, i, s.length());
        return b.toString();
    }

    /** str.center(width, fill) per CPython's pad(): the odd extra space goes left only when width is odd. */
    public static String center(String s, long width, String fill) {
        int len = length(s);
        if (width <= len) {
            return s;
        }
        long marg = width - len;
        long left = marg / 2 + (marg & width & 1);
        return fill.repeat((int) left) + s + fill.repeat((int) (marg - left));
    }

    public static String ljust(String s, long width, String fill) {
        int len = length(s);
        return width <= len ? s : s + fill.repeat((int) (width - len));
    }

    public static String rjust(String s, long width, String fill) {
        int len = length(s);
        return width <= len ? s : fill.repeat((int) (width - len)) + s;
    }

    public static String zfill(String s, long width) {
        int len = length(s);
        if (width <= len) {
            return s;
        }
        String pad = "0".repeat((int) (width - len));
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            return s.charAt(0) + pad + s.substring(1);
        }
        return pad + s;
    }

    public static String expandtabs(String s, long tabsize) {
        StringBuilder b = new StringBuilder(s.length());
        long col = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t') {
                if (tabsize > 0) {
                    long incr = tabsize - (col % tabsize);
                    b.append(" ".repeat((int) incr));
                    col += incr;
                }
            } else {
                b.appendCodePoint(cp);
                col++;
                if (cp == '\n' || cp == '\r') {
                    col = 0;
                }
            }
        }
        return b.toString();
    }

    /** Reverses by code point. */
    public static String reverse(String s) {
        return new StringBuilder(s).reverse().toString();
    }
}
