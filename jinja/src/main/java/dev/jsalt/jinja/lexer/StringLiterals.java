package dev.jsalt.jinja.lexer;

/**
 * Decodes a string literal's body as Jinja2 does: {@code value.encode("ascii", "backslashreplace")
 * .decode("unicode-escape")}. So Python's escapes work ({@code \n}, {@code \x41}, {@code \u00e9},
 * {@code \N{...}}, octal), unknown ones such as {@code \s} stay as written, and a non-ASCII character right after a
 * backslash comes out as its escape text (Jinja2's quirk, reproduced).
 */
public final class StringLiterals {
    private StringLiterals() {
    }

    /** A decoding failure; the message is the codec's reason, as Jinja2 reports it. */
    public static final class DecodeError extends RuntimeException {
        DecodeError(String message) {
            super(message, null, false, false);
        }
    }

    public static String decode(String body, int lineno) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        String ascii = backslashReplace(body);
        return unicodeEscape(ascii);
    }

    private static String backslashReplace(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 128) {
                b.append((char) cp);
            } else if (cp <= 0xff) {
                b.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.append(String.format("\\U%08x", cp));
            }
        }
        return b.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static String unicodeEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                throw new DecodeError("\\ at end of string");
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case '\n' -> {
                }
                case '\\' -> b.append('\\');
                case '\'' -> b.append('\'');
                case '"' -> b.append('"');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'v' -> b.append('\u000b');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    int k = 0;
                    while (k < 2 && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                        v = v * 8 + (s.charAt(i) - '0');
                        i++;
                        k++;
                    }
                    b.append((char) v);
                }
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    int v = 0;
                    for (int k = 0; k < digits; k++) {
                        if (i + k >= n || hex(s.charAt(i + k)) < 0) {
                            throw new DecodeError(e == 'x' ? "truncated \\xXX escape"
                                    : e == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape");
                        }
                        v = v * 16 + hex(s.charAt(i + k));
                    }
                    if (e == 'U' && (v < 0 || v > 0x10ffff)) {
                        throw new DecodeError("illegal Unicode character");
                    }
                    i += digits;
                    b.appendCodePoint(v);
                }
                case 'N' -> {
                    if (i >= n || s.charAt(i) != '{') {
                        throw new DecodeError("malformed \\N character escape");
                    }
                    int close = s.indexOf('}', i);
                    if (close < 0 || close == i + 1) {
                        throw new DecodeError("malformed \\N character escape");
                    }
                    String name = s.substring(i + 1, close);
                    int cp;
                    try {
                        cp = Character.codePointOf(name);
                    } catch (IllegalArgumentException ex) {
                        throw new DecodeError("unknown Unicode character name");
                    }
                    b.appendCodePoint(cp);
                    i = close + 1;
                }
                default -> b.append('\\').append(e);
            }
        }
        return b.toString();
    }
}
