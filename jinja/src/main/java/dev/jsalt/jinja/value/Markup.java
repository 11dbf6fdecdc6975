package dev.jsalt.jinja.value;

/**
 * markupsafe's Markup: a str marked safe for HTML. With autoescape off (Salt) it prints like a str, but it still
 * behaves as Markup does: {@code +}, {@code %}, {@code join} and {@code format} escape their plain-str operands.
 */
public final class Markup implements CharSequence, Comparable<Markup> {
    private final String text;

    public Markup(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** markupsafe's escape(): {@code & < > " '} to entities; Markup passes through. */
    public static Markup escape(Object value) {
        if (value instanceof Markup m) {
            return m;
        }
        return new Markup(escapeText(Py.str(value)));
    }

    public static String escapeText(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16);
        b.append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&#34;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Markup m && m.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public int compareTo(Markup o) {
        return text.compareTo(o.text);
    }
}
