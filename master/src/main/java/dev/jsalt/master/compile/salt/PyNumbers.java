package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyStr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/** Python's {@code int()} and {@code float()} of a value, as Salt's helpers call them. */
final class PyNumbers {
    private PyNumbers() {
    }

    private static final Pattern INT = Pattern.compile("[+-]?\\d(?:_?\\d)*", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:(?:\\d(?:_?\\d)*(?:\\.(?:\\d(?:_?\\d)*)?)?|\\.\\d(?:_?\\d)*)(?:[eE][+-]?\\d(?:_?\\d)*)?|inf|infinity|nan)",
            Pattern.CASE_INSENSITIVE);

    /** int(x): the number, or null where Python raises ValueError; TypeError for types int() refuses. */
    static Object parseInt(Object x) {
        if (x instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (Num.isInt(x)) {
            return x;
        }
        if (Num.isFloat(x) || x instanceof BigDecimal) {
            double d = Num.toDouble(x);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return null;
            }
            return Num.norm(new BigDecimal(d).toBigInteger());
        }
        if (x instanceof String || x instanceof Markup) {
            return parseIntBase(x.toString(), 10);
        }
        throw Py.typeError("int() argument must be a string, a bytes-like object or a real number, not '" + Py.typeName(x) + "'");
    }

    /** int(s, base) of a str, or null where Python raises ValueError. */
    static Object parseIntBase(String raw, int base) {
        String s = PyStr.strip(raw, null, true, true);
        if (base == 16) {
            String t = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                t = t.substring(2);
                if (t.startsWith("_")) {
                    t = t.substring(1);
                }
            }
            if (!t.matches("[0-9a-fA-F](?:_?[0-9a-fA-F])*")) {
                return null;
            }
            BigInteger v = new BigInteger(t.replace("_", ""), 16);
            return Num.norm(s.startsWith("-") ? v.negate() : v);
        }
        if (!INT.matcher(s).matches()) {
            return null;
        }
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                continue;
            }
            digits.append(Character.isDigit(c) ? (char) ('0' + Character.digit(c, 10)) : c);
        }
        return Num.norm(new BigInteger(digits.toString()));
    }

    /** float(x) of a str or number, or null where Python raises ValueError. */
    static Object parseFloat(Object x) {
        if (Num.isNumber(x)) {
            return Num.toDouble(x);
        }
        if (x instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (!(x instanceof String) && !(x instanceof Markup)) {
            throw Py.typeError("float() argument must be a string or a real number, not '" + Py.typeName(x) + "'");
        }
        String s = PyStr.strip(x.toString(), null, true, true);
        if (!FLOAT.matcher(s).matches()) {
            return null;
        }
        String t = s.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        boolean neg = t.startsWith("-");
        String u = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        if (u.equals("inf") || u.equals("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (u.equals("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(t);
    }
}
