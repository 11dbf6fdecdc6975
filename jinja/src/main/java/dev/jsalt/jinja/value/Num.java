package dev.jsalt.jinja.value;

import dev.jsalt.jinja.PythonError;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's int and float as Java sees them. int is {@link Long}, overflowing to {@link BigInteger} (results are
 * always normalized back to Long when they fit); bool is {@link Boolean} and counts as an int in arithmetic, as
 * in Python; float is {@link Double}. Host Integer/Short/Byte/Float are accepted as int/float.
 */
public final class Num {
    static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** Python 3.11's default sys.get_int_max_str_digits(). */
    public static final int MAX_STR_DIGITS = 4300;

    private Num() {
    }

    public static boolean isInt(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof BigInteger || o instanceof Short || o instanceof Byte;
    }

    public static boolean isIntOrBool(Object o) {
        return isInt(o) || o instanceof Boolean;
    }

    public static boolean isFloat(Object o) {
        return o instanceof Double || o instanceof Float;
    }

    /** int, bool or float: what Python's numbers.Number matches among jsalt's values. */
    public static boolean isNumber(Object o) {
        return isIntOrBool(o) || isFloat(o) || o instanceof BigDecimal;
    }

    /** True when the int-like value fits a long (every int except a BigInteger outside the long range). */
    public static boolean fitsLong(Object o) {
        return !(o instanceof BigInteger b) || b.bitLength() < 64;
    }

    public static long toLong(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof BigInteger b) {
            return b.longValueExact();
        }
        return ((Number) o).longValue();
    }

    public static BigInteger toBig(Object o) {
        if (o instanceof BigInteger b) {
            return b;
        }
        return BigInteger.valueOf(toLong(o));
    }

    public static Object norm(BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    /** int/bool/float to double; an int too big raises OverflowError as Python's float(int) does. */
    public static double toDouble(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (o instanceof BigInteger b) {
            double d = b.doubleValue();
            if (Double.isInfinite(d)) {
                throw new PythonError(PythonError.Kind.OverflowError, "int too large to convert to float");
            }
            return d;
        }
        if (o instanceof BigDecimal bd) {
            return bd.doubleValue();
        }
        return ((Number) o).doubleValue();
    }

    /** The int as an index (Python's __index__): long, or OverflowError. */
    public static long index(Object o) {
        if (o instanceof BigInteger b && b.bitLength() >= 64) {
            throw new PythonError(PythonError.Kind.IndexError, "cannot fit 'int' into an index-sized integer");
        }
        return toLong(o);
    }

    // ---- str() / repr() -------------------------------------------------------------------------------------

    /** str(int), refusing more than 4300 digits as Python 3.11 does. */
    public static String intStr(Object o) {
        if (o instanceof BigInteger b) {
            if (b.bitLength() > 14000) {
                String s = b.toString();
                int digits = s.length() - (b.signum() < 0 ? 1 : 0);
                if (digits > MAX_STR_DIGITS) {
                    throw new PythonError(PythonError.Kind.ValueError, "Exceeds the limit (" + MAX_STR_DIGITS
                            + " digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit");
                }
                return s;
            }
            return b.toString();
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return Long.toString(toLong(o));
    }

    /** Python's repr(float): the shortest string that reads back as the same double. */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        Digits dg = shortest(Math.abs(d));
        StringBuilder b = new StringBuilder(24);
        if (d < 0) {
            b.append('-');
        }
        String digits = dg.digits;
        int n = digits.length();
        int decpt = dg.decpt;
        if (decpt <= -4 || decpt > 16) {
            b.append(digits.charAt(0));
            if (n > 1) {
                b.append('.').append(digits, 1, n);
            }
            appendExponent(b, decpt - 1);
        } else if (decpt <= 0) {
            b.append("0.");
            b.append("0".repeat(-decpt));
            b.append(digits);
        } else if (decpt >= n) {
            b.append(digits);
            b.append("0".repeat(decpt - n));
            b.append(".0");
        } else {
            b.append(digits, 0, decpt).append('.').append(digits, decpt, n);
        }
        return b.toString();
    }

    static void appendExponent(StringBuilder b, int exp) {
        b.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            b.append('0');
        }
        b.append(a);
    }

    /** Significant digits (no leading/trailing zeros) and decimal point position: value = 0.DIGITS x 10^decpt. */
    record Digits(String digits, int decpt) {
    }

    private static Digits shortest(double abs) {
        BigDecimal exact = new BigDecimal(abs);
        for (int p = 1; p <= 17; p++) {
            BigDecimal near = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (near.doubleValue() == abs) {
                return digitsOf(near);
            }
            BigDecimal other = exact.round(new MathContext(p, near.compareTo(exact) < 0 ? RoundingMode.CEILING : RoundingMode.FLOOR));
            if (other.doubleValue() == abs) {
                return digitsOf(other);
            }
        }
        return digitsOf(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));
    }

    static Digits digitsOf(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        String u = s.unscaledValue().abs().toString();
        return new Digits(u, u.length() - s.scale());
    }

    // ---- printf-style float formatting (C semantics: exact binary value, round half even) ----------------------

    /** %.{prec}f of |d| (no sign), d finite. */
    public static String fixed(double abs, int prec) {
        BigDecimal v = new BigDecimal(abs).setScale(prec, RoundingMode.HALF_EVEN);
        return v.toPlainString();
    }

    /** %.{prec}e of |d| (no sign), d finite. */
    public static String exponent(double abs, int prec, boolean upper) {
        StringBuilder b = new StringBuilder();
        if (abs == 0) {
            b.append('0');
            if (prec > 0) {
                b.append('.').append("0".repeat(prec));
            }
            appendExponent(b, 0);
        } else {
            BigDecimal r = new BigDecimal(abs).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
            String u = r.unscaledValue().toString();
            // r = u x 10^-scale with u having prec+1 digits (or fewer, padded)
            int exp = u.length() - 1 - r.scale();
            if (u.length() < prec + 1) {
                u = u + "0".repeat(prec + 1 - u.length());
            } else if (u.length() > prec + 1) {
                u = u.substring(0, prec + 1);
            }
            b.append(u.charAt(0));
            if (prec > 0) {
                b.append('.').append(u, 1, prec + 1);
            }
            appendExponent(b, exp);
        }
        String s = b.toString();
        return upper ? s.toUpperCase() : s;
    }

    /** The decimal exponent of |d| rounded to prec significant digits (for %g's choice). */
    static int exponentAfterRounding(double abs, int prec) {
        if (abs == 0) {
            return 0;
        }
        BigDecimal r = new BigDecimal(abs).round(new MathContext(prec, RoundingMode.HALF_EVEN));
        return r.precision() - r.scale() - 1;
    }

    /** %.{prec}g of |d| (no sign), d finite; alt keeps trailing zeros. */
    public static String general(double abs, int prec, boolean alt, boolean upper) {
        if (prec == 0) {
            prec = 1;
        }
        int x = exponentAfterRounding(abs, prec);
        String s;
        if (x >= -4 && x < prec) {
            s = fixed(abs, prec - 1 - x);
            if (!alt) {
                s = stripZeros(s);
            } else if (!s.contains(".")) {
                s = s + ".";
            }
        } else {
            s = exponent(abs, prec - 1, upper);
            if (!alt) {
                int e = s.indexOf(upper ? 'E' : 'e');
                s = stripZeros(s.substring(0, e)) + s.substring(e);
            } else if (!s.contains(".")) {
                int e = s.indexOf(upper ? 'E' : 'e');
                s = s.substring(0, e) + "." + s.substring(e);
            }
        }
        return s;
    }

    static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') {
            end--;
        }
        if (end > 0 && s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Python's float.__round__(ndigits): correctly rounded, half to even on the exact binary value. */
    public static double round(double d, long ndigits) {
        if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
            return d;
        }
        if (ndigits > 330) {
            return d;
        }
        if (ndigits < -330) {
            return 0.0 * d;
        }
        BigDecimal v = new BigDecimal(d).setScale((int) ndigits, RoundingMode.HALF_EVEN);
        double r = v.doubleValue();
        if (r == 0) {
            return Math.copySign(0.0, d);
        }
        return r;
    }
}
