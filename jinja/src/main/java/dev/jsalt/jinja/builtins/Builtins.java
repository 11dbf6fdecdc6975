package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.value.DictView;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyIter;
import dev.jsalt.jinja.value.PyRange;
import dev.jsalt.jinja.value.PyStr;
import dev.jsalt.jinja.value.PyTuple;
import dev.jsalt.jinja.value.Undefined;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Python built-in functions the filters rely on: float(), int(), round(), math.ceil/floor, reversed(). */
public final class Builtins {
    private Builtins() {
    }

    /** Digits with single underscores between them, from i: the end, or -1 when there are none. */
    private static int digits(String s, int i) {
        int n = s.length();
        if (i >= n || s.charAt(i) < '0' || s.charAt(i) > '9') {
            return -1;
        }
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                i++;
            } else if (c == '_' && i + 1 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '9') {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** Python's float() syntax for finite numbers ({@code 1_000.5e-3}), checked in linear time. */
    static boolean isFloatText(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intEnd = digits(s, i);
        boolean mantissa = intEnd >= 0;
        if (intEnd >= 0) {
            i = intEnd;
        }
        if (i < n && s.charAt(i) == '.') {
            int frac = digits(s, i + 1);
            if (frac >= 0) {
                i = frac;
                mantissa = true;
            } else {
                i++;
            }
        }
        if (!mantissa) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int exp = digits(s, j);
            if (exp < 0) {
                return false;
            }
            i = exp;
        }
        return i == n;
    }
    private static final Pattern INF_NAN = Pattern.compile("[+-]?(?:inf|infinity|nan)", Pattern.CASE_INSENSITIVE);

    /** Python's float(x). */
    public static double pyFloat(Object x) {
        if (x instanceof Undefined u) {
            throw u.error();
        }
        if (Num.isNumber(x)) {
            return Num.toDouble(x);
        }
        if (Py.isStr(x)) {
            String orig = Py.strValue(x);
            String s = asciiDigits(PyStr.strip(orig, null, true, true));
            if (isFloatText(s)) {
                return Double.parseDouble(s.replace("_", ""));
            }
            if (INF_NAN.matcher(s).matches()) {
                String t = s.toLowerCase();
                boolean neg = t.startsWith("-");
                if (t.contains("nan")) {
                    return Double.NaN;
                }
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            throw Py.valueError("could not convert string to float: " + Py.repr(orig));
        }
        throw Py.typeError("float() argument must be a string or a real number, not '" + Py.typeName(x) + "'");
    }

    private static String asciiDigits(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (PyStr.isDecimal(cp)) {
                b.append((char) ('0' + Character.digit(cp, 10)));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    /** Python's int(x) for a non-str. */
    public static Object pyInt(Object x) {
        if (x instanceof Undefined u) {
            throw u.error();
        }
        if (x instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (Num.isInt(x)) {
            return Num.norm(Num.toBig(x));
        }
        if (Num.isFloat(x) || x instanceof BigDecimal) {
            return truncate(Num.toDouble(x));
        }
        if (Py.isStr(x)) {
            return intFromString(Py.strValue(x), 10L);
        }
        throw Py.typeError("int() argument must be a string, a bytes-like object or a real number, not '" + Py.typeName(x) + "'");
    }

    static Object truncate(double d) {
        if (Double.isNaN(d)) {
            throw Py.valueError("cannot convert float NaN to integer");
        }
        if (Double.isInfinite(d)) {
            throw Py.error(PythonError.Kind.OverflowError, "cannot convert float infinity to integer");
        }
        if (Math.abs(d) < 9e18) {
            return (long) d;
        }
        return Num.norm(new BigDecimal(d).toBigInteger());
    }

    /** Python's int(s, base). */
    public static Object intFromString(String orig, Object baseObj) {
        long base = Conv.index(baseObj);
        if ((base != 0 && base < 2) || base > 36) {
            throw Py.valueError("int() base must be >= 2 and <= 36, or 0");
        }
        String s = asciiDigits(PyStr.strip(orig, null, true, true));
        String err = "invalid literal for int() with base " + base + ": " + Py.repr(orig);
        boolean neg = false;
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        String body = s.substring(i);
        int radix = (int) base;
        String lower = body.toLowerCase();
        if (base == 0) {
            if (lower.startsWith("0x")) {
                radix = 16;
                body = body.substring(2);
            } else if (lower.startsWith("0o")) {
                radix = 8;
                body = body.substring(2);
            } else if (lower.startsWith("0b")) {
                radix = 2;
                body = body.substring(2);
            } else {
                radix = 10;
                if (body.length() > 1 && body.charAt(0) == '0' && !body.replace("_", "").matches("0+")) {
                    throw Py.valueError(err);
                }
            }
            if (radix != 10 && body.startsWith("_")) {
                body = body.substring(1);
            }
        } else if ((base == 16 && lower.startsWith("0x")) || (base == 8 && lower.startsWith("0o")) || (base == 2 && lower.startsWith("0b"))) {
            body = body.substring(2);
            if (body.startsWith("_")) {
                body = body.substring(1);
            }
        }
        if (body.isEmpty() || body.startsWith("_") || body.endsWith("_") || body.contains("__")) {
            throw Py.valueError(err);
        }
        String digits = body.replace("_", "");
        for (int k = 0; k < digits.length(); k++) {
            if (Character.digit(digits.charAt(k), radix) < 0) {
                throw Py.valueError(err);
            }
        }
        if (radix == 10 && digits.length() > Num.MAX_STR_DIGITS) {
            throw Py.valueError("Exceeds the limit (" + Num.MAX_STR_DIGITS + " digits) for integer string conversion: value has "
                    + digits.length() + " digits; use sys.set_int_max_str_digits() to increase the limit");
        }
        BigInteger v = new BigInteger(digits, radix);
        return Num.norm(neg ? v.negate() : v);
    }

    /** Python's round(number, ndigits). */
    public static Object pyRound(Object value, Object ndigits) {
        if (!Num.isNumber(value)) {
            throw Py.typeError("type " + Py.typeName(value) + " doesn't define __round__ method");
        }
        if (ndigits == null) {
            if (Num.isIntOrBool(value)) {
                return Num.norm(Num.toBig(value));
            }
            double d = Num.toDouble(value);
            double r = Math.rint(d);
            return truncate(r);
        }
        long n = Conv.index(ndigits);
        if (Num.isIntOrBool(value)) {
            BigInteger v = Num.toBig(value);
            if (n >= 0) {
                return Num.norm(v);
            }
            if (n < -4000) {
                return 0L;
            }
            BigDecimal r = new BigDecimal(v).setScale((int) n, RoundingMode.HALF_EVEN);
            return Num.norm(r.toBigInteger());
        }
        return Num.round(Num.toDouble(value), n);
    }

    public static Object ceil(Object x) {
        if (Num.isIntOrBool(x)) {
            return Num.norm(Num.toBig(x));
        }
        if (!Num.isNumber(x)) {
            if (x instanceof Undefined u) {
                throw u.error();
            }
            throw Py.typeError("must be real number, not " + Py.typeName(x));
        }
        return truncate(Math.ceil(Num.toDouble(x)));
    }

    public static Object floor(Object x) {
        if (Num.isIntOrBool(x)) {
            return Num.norm(Num.toBig(x));
        }
        if (!Num.isNumber(x)) {
            if (x instanceof Undefined u) {
                throw u.error();
            }
            throw Py.typeError("must be real number, not " + Py.typeName(x));
        }
        return truncate(Math.floor(Num.toDouble(x)));
    }

    /** reversed(x) as an iterator. */
    public static Iterator<Object> reversed(Object x) {
        return (Iterator<Object>) reversedObject(x);
    }

    /** reversed(x): the reverse iterator object Python returns (printing as list_reverseiterator etc.). */
    public static PyIter reversedObject(Object x) {
        if (x instanceof Undefined u) {
            u.failIfStrict();
            return PyIter.of("reversed", Collections.emptyIterator());
        }
        String type;
        List<Object> items;
        if (x instanceof PyTuple t) {
            type = "reversed";
            items = new ArrayList<>(t);
        } else if (x instanceof List<?> l) {
            type = "list_reverseiterator";
            items = new ArrayList<>(l);
        } else if (x instanceof String || x instanceof Markup) {
            type = "reversed";
            items = new ArrayList<>();
            for (Iterator<Object> it = Py.iter(x); it.hasNext(); ) {
                items.add(it.next());
            }
        } else if (x instanceof PyRange r) {
            type = "range_iterator";
            items = Py.toList(r);
        } else if (x instanceof Map<?, ?> m) {
            type = "dict_reversekeyiterator";
            items = Py.toList(m);
        } else if (x instanceof DictView v) {
            type = switch (v.kind()) {
                case KEYS -> "dict_reversekeyiterator";
                case VALUES -> "dict_reversevalueiterator";
                case ITEMS -> "dict_reverseitemiterator";
            };
            items = Py.toList(v);
        } else {
            throw Py.typeError("'" + Py.typeName(x) + "' object is not reversible");
        }
        Collections.reverse(items);
        return PyIter.of(type, items.iterator());
    }

    /** {@code k, v = item}. */
    static Object[] unpack2(Object item) {
        if (!Py.isIterable(item)) {
            throw Py.typeError("cannot unpack non-iterable " + Py.typeName(item) + " object");
        }
        List<Object> kv = Py.toList(item);
        if (kv.size() < 2) {
            throw Py.valueError("not enough values to unpack (expected 2, got " + kv.size() + ")");
        }
        if (kv.size() > 2) {
            throw Py.valueError("too many values to unpack (expected 2)");
        }
        return kv.toArray();
    }
}
