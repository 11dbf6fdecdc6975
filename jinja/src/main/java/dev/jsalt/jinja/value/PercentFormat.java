package dev.jsalt.jinja.value;

import dev.jsalt.jinja.PythonError;

import java.math.BigInteger;
import java.util.Map;

/** Python's printf-style {@code str % args} (CPython's PyUnicode_Format), Markup-aware. */
public final class PercentFormat {
    private PercentFormat() {
    }

    private static final class State {
        final Object args;
        final int arglen;
        int argidx;
        final Object dict;

        State(Object args) {
            this.args = args;
            if (args instanceof PyTuple t) {
                arglen = t.size();
                argidx = 0;
            } else {
                arglen = -1;
                argidx = -2;
            }
            // CPython: PyMapping_Check(args) && !tuple && !str, i.e. anything subscriptable
            boolean mapping = args instanceof Map || args instanceof java.util.List || args instanceof Undefined
                    || args instanceof PyRange;
            dict = mapping && !(args instanceof PyTuple) && !Py.isStr(args) ? args : null;
        }

        Object next() {
            if (argidx < arglen) {
                int i = argidx++;
                if (arglen < 0) {
                    return args;
                }
                return ((PyTuple) args).get(i);
            }
            throw Py.typeError("not enough arguments for format string");
        }
    }

    public static Object format(String fmt, Object args, boolean markup, Ops.SizeCheck size) {
        State st = new State(args);
        StringBuilder out = new StringBuilder(fmt.length() + 16);
        int n = fmt.length();
        int i = 0;
        while (i < n) {
            char c = fmt.charAt(i);
            if (c != '%') {
                int j = fmt.indexOf('%', i);
                if (j < 0) {
                    j = n;
                }
                out.append(fmt, i, j);
                i = j;
                continue;
            }
            i++;
            if (i >= n) {
                throw Py.valueError("incomplete format");
            }
            Object value = Missing.MISSING;
            if (fmt.charAt(i) == '(') {
                if (st.dict == null) {
                    throw Py.typeError("format requires a mapping");
                }
                int depth = 1;
                int start = ++i;
                while (i < n && depth > 0) {
                    if (fmt.charAt(i) == '(') {
                        depth++;
                    } else if (fmt.charAt(i) == ')') {
                        depth--;
                    }
                    i++;
                }
                if (depth > 0) {
                    throw Py.valueError("incomplete format key");
                }
                String key = fmt.substring(start, i - 1);
                value = lookup(st.dict, key);
            }
            boolean left = false;
            boolean plus = false;
            boolean blank = false;
            boolean alt = false;
            boolean zero = false;
            flags:
            while (i < n) {
                switch (fmt.charAt(i)) {
                    case '-' -> left = true;
                    case '+' -> plus = true;
                    case ' ' -> blank = true;
                    case '#' -> alt = true;
                    case '0' -> zero = true;
                    default -> {
                        break flags;
                    }
                }
                i++;
            }
            long width = -1;
            if (i < n && fmt.charAt(i) == '*') {
                Object w = st.next();
                if (!Num.isIntOrBool(w)) {
                    throw Py.typeError("* wants int");
                }
                width = Num.toLong(w);
                if (width < 0) {
                    left = true;
                    width = -width;
                }
                i++;
            } else {
                int start = i;
                while (i < n && Character.isDigit(fmt.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    width = parseSize(fmt.substring(start, i), "width");
                }
            }
            long prec = -1;
            if (i < n && fmt.charAt(i) == '.') {
                i++;
                if (i < n && fmt.charAt(i) == '*') {
                    Object p = st.next();
                    if (!Num.isIntOrBool(p)) {
                        throw Py.typeError("* wants int");
                    }
                    prec = Math.max(0, Num.toLong(p));
                    i++;
                } else {
                    int start = i;
                    while (i < n && Character.isDigit(fmt.charAt(i))) {
                        i++;
                    }
                    prec = i > start ? parseSize(fmt.substring(start, i), "precision") : 0;
                }
            }
            while (i < n && (fmt.charAt(i) == 'h' || fmt.charAt(i) == 'l' || fmt.charAt(i) == 'L')) {
                i++;
            }
            if (i >= n) {
                throw Py.valueError("incomplete format");
            }
            char conv = fmt.charAt(i++);
            if (conv == '%') {
                out.append('%');
                continue;
            }
            if (value == Missing.MISSING) {
                value = st.next();
            }
            if (width > 0) {
                size.check(width);
            }
            String body;
            String sign = "";
            String prefix = "";
            boolean numeric = true;
            switch (conv) {
                case 's', 'r', 'a' -> {
                    numeric = false;
                    String text;
                    if (conv == 's') {
                        text = markup ? Markup.escape(value).text() : Py.str(value);
                    } else {
                        text = Py.repr(value);
                        if (conv == 'a') {
                            text = ascii(text);
                        }
                        if (markup) {
                            text = Markup.escapeText(text);
                        }
                    }
                    if (prec >= 0 && prec < PyStr.length(text)) {
                        text = PyStr.substring(text, 0, (int) prec);
                    }
                    body = text;
                }
                case 'd', 'i', 'u' -> {
                    Object iv = toIntForD(value, conv);
                    BigInteger b = Num.toBig(iv);
                    if (b.signum() < 0) {
                        sign = "-";
                        b = b.negate();
                    } else if (plus) {
                        sign = "+";
                    } else if (blank) {
                        sign = " ";
                    }
                    body = b.toString();
                    if (prec > body.length()) {
                        size.check(prec);
                        body = "0".repeat((int) (prec - body.length())) + body;
                    }
                }
                case 'x', 'X', 'o' -> {
                    if (value instanceof Undefined u) {
                        throw u.error();
                    }
                    if (!Num.isIntOrBool(value)) {
                        throw Py.typeError("%" + conv + " format: an integer is required, not " + Py.typeName(value));
                    }
                    BigInteger b = Num.toBig(value);
                    if (b.signum() < 0) {
                        sign = "-";
                        b = b.negate();
                    } else if (plus) {
                        sign = "+";
                    } else if (blank) {
                        sign = " ";
                    }
                    body = b.toString(conv == 'o' ? 8 : 16);
                    if (conv == 'X') {
                        body = body.toUpperCase();
                    }
                    if (prec > body.length()) {
                        size.check(prec);
                        body = "0".repeat((int) (prec - body.length())) + body;
                    }
                    if (alt) {
                        prefix = conv == 'o' ? "0o" : conv == 'x' ? "0x" : "0X";
                    }
                }
                case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                    double d = toFloat(value);
                    if (d < 0 || (d == 0 && 1 / d < 0)) {
                        sign = "-";
                    } else if (plus) {
                        sign = "+";
                    } else if (blank) {
                        sign = " ";
                    }
                    double abs = Math.abs(d);
                    if (prec < 0) {
                        prec = 6;
                    }
                    size.check(prec);
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        body = Double.isNaN(d) ? "nan" : "inf";
                        if (Double.isNaN(d)) {
                            sign = plus ? "+" : blank ? " " : "";
                        }
                        if (Character.isUpperCase(conv)) {
                            body = body.toUpperCase();
                        }
                        zero = false;
                    } else {
                        body = switch (conv) {
                            case 'f', 'F' -> {
                                String f = Num.fixed(abs, (int) prec);
                                yield alt && prec == 0 ? f + "." : f;
                            }
                            case 'e', 'E' -> {
                                String e = Num.exponent(abs, (int) prec, conv == 'E');
                                if (alt && prec == 0) {
                                    int k = e.indexOf(conv);
                                    e = e.substring(0, k) + "." + e.substring(k);
                                }
                                yield e;
                            }
                            default -> Num.general(abs, (int) prec, alt, conv == 'G');
                        };
                    }
                }
                case 'c' -> {
                    numeric = false;
                    if (value instanceof Undefined u) {
                        throw u.error();
                    }
                    if (Py.isStr(value)) {
                        String s = Py.strValue(value);
                        if (PyStr.length(s) != 1) {
                            throw Py.typeError("%c requires int or char");
                        }
                        body = s;
                    } else if (Num.isIntOrBool(value)) {
                        BigInteger b = Num.toBig(value);
                        if (b.signum() < 0 || b.compareTo(BigInteger.valueOf(0x110000)) >= 0) {
                            throw Py.error(PythonError.Kind.OverflowError, "%c arg not in range(0x110000)");
                        }
                        body = new String(Character.toChars(b.intValue()));
                    } else {
                        throw Py.typeError("%c requires int or char");
                    }
                }
                default -> throw Py.valueError("unsupported format character '" + conv + "' (0x"
                        + Integer.toHexString(conv) + ") at index " + (i - 1));
            }
            String field;
            int len = PyStr.length(sign) + prefix.length() + PyStr.length(body);
            if (width > len) {
                int pad = (int) (width - len);
                if (left) {
                    field = sign + prefix + body + " ".repeat(pad);
                } else if (zero && numeric) {
                    field = sign + prefix + "0".repeat(pad) + body;
                } else {
                    field = " ".repeat(pad) + sign + prefix + body;
                }
            } else {
                field = sign + prefix + body;
            }
            out.append(field);
            size.check(out.length());
        }
        if (st.argidx < st.arglen && st.dict == null) {
            throw Py.typeError("not all arguments converted during string formatting");
        }
        String result = out.toString();
        return markup ? new Markup(result) : result;
    }

    private static long parseSize(String digits, String what) {
        try {
            long v = Long.parseLong(digits);
            if (v > Integer.MAX_VALUE) {
                throw Py.valueError(what + " too big");
            }
            return v;
        } catch (NumberFormatException e) {
            throw Py.valueError(what + " too big");
        }
    }

    private static Object lookup(Object dict, String key) {
        if (dict instanceof Map<?, ?> m) {
            Object v = Py.mapGet(m, key);
            if (v == Missing.MISSING) {
                throw new PythonError(PythonError.Kind.KeyError, Py.repr(key));
            }
            return v;
        }
        if (dict instanceof Undefined u) {
            throw u.error();
        }
        if (dict instanceof PyObject p) {
            Object v = p.getItem(key);
            if (v != Missing.MISSING) {
                return v;
            }
            throw new PythonError(PythonError.Kind.KeyError, Py.repr(key));
        }
        throw Py.typeError(Py.typeName(dict) + " indices must be integers or slices, not str");
    }

    private static Object toIntForD(Object value, char conv) {
        if (value instanceof Undefined u) {
            throw u.error();
        }
        if (Num.isIntOrBool(value)) {
            return value;
        }
        if (Num.isFloat(value)) {
            double d = Num.toDouble(value);
            if (Double.isNaN(d)) {
                throw Py.valueError("cannot convert float NaN to integer");
            }
            if (Double.isInfinite(d)) {
                throw Py.error(PythonError.Kind.OverflowError, "cannot convert float infinity to integer");
            }
            return new java.math.BigDecimal(d).toBigInteger();
        }
        throw Py.typeError("%" + conv + " format: a real number is required, not " + Py.typeName(value));
    }

    private static double toFloat(Object value) {
        if (value instanceof Undefined u) {
            throw u.error();
        }
        if (Num.isNumber(value)) {
            return Num.toDouble(value);
        }
        throw Py.typeError("must be real number, not " + Py.typeName(value));
    }

    /** Python's ascii(): repr with non-ASCII escaped. */
    static String ascii(String repr) {
        StringBuilder b = new StringBuilder(repr.length());
        for (int i = 0; i < repr.length(); ) {
            int cp = repr.codePointAt(i);
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
}
