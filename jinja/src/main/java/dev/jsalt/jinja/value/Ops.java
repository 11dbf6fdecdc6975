package dev.jsalt.jinja.value;

import dev.jsalt.jinja.PythonError;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's arithmetic operators over jsalt's values: int (Long, overflowing to BigInteger), bool as int, float,
 * str and list/tuple concatenation and repetition, {@code %} formatting. Results that would exceed the render's
 * size limit are refused by the caller-supplied {@link SizeCheck} before they are built.
 */
public final class Ops {
    private Ops() {
    }

    /** Refuses a string or list about to be built with more than the render allows. */
    public interface SizeCheck {
        void check(long size);

        SizeCheck NONE = size -> {
        };
    }

    private static PythonError unsupported(String op, Object a, Object b) {
        return Py.typeError("unsupported operand type(s) for " + op + ": '" + Py.typeName(a) + "' and '" + Py.typeName(b) + "'");
    }

    private static void undefinedCheck(Object a, Object b) {
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
    }

    /** Compares two numbers exactly (int vs float without rounding); NaN handled by callers. */
    public static int numCompare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        boolean af = Num.isFloat(a) || a instanceof BigDecimal;
        boolean bf = Num.isFloat(b) || b instanceof BigDecimal;
        if (!af && !bf) {
            return Num.toBig(a).compareTo(Num.toBig(b));
        }
        if (af && bf) {
            return Double.compare(Num.toDouble(a) + 0.0, Num.toDouble(b) + 0.0);
        }
        double d = af ? Num.toDouble(a) : Num.toDouble(b);
        Object i = af ? b : a;
        int c;
        if (Double.isInfinite(d)) {
            c = d > 0 ? 1 : -1;
        } else {
            c = new BigDecimal(d).compareTo(new BigDecimal(Num.toBig(i)));
        }
        return af ? c : -c;
    }

    // ---- + ----------------------------------------------------------------------------------------------------

    public static Object add(Object a, Object b, SizeCheck size) {
        if (a instanceof Long x && b instanceof Long y) {
            long r = x + y;
            if (((x ^ r) & (y ^ r)) < 0) {
                return Num.norm(BigInteger.valueOf(x).add(BigInteger.valueOf(y)));
            }
            return r;
        }
        undefinedCheck(a, b);
        if (a instanceof String x && b instanceof String y) {
            size.check((long) x.length() + y.length());
            return x.concat(y);
        }
        if (Num.isNumber(a) && Num.isNumber(b)) {
            if (isFloaty(a) || isFloaty(b)) {
                return Num.toDouble(a) + Num.toDouble(b);
            }
            return Num.norm(Num.toBig(a).add(Num.toBig(b)));
        }
        if (a instanceof Markup || b instanceof Markup) {
            if (Py.isStr(a) && Py.isStr(b)) {
                String x = Markup.escape(a).text();
                String y = Markup.escape(b).text();
                size.check((long) x.length() + y.length());
                return new Markup(x + y);
            }
        }
        if (a instanceof String) {
            throw Py.typeError("can only concatenate str (not \"" + Py.typeName(b) + "\") to str");
        }
        if (a instanceof PyTuple x) {
            if (!(b instanceof PyTuple y)) {
                throw Py.typeError("can only concatenate tuple (not \"" + Py.typeName(b) + "\") to tuple");
            }
            size.check((long) x.size() + y.size());
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return PyTuple.ofList(out);
        }
        if (Py.isList(a)) {
            if (!Py.isList(b)) {
                throw Py.typeError("can only concatenate list (not \"" + Py.typeName(b) + "\") to list");
            }
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            size.check((long) x.size() + y.size());
            List<Object> out = new ArrayList<>(x.size() + y.size());
            out.addAll(x);
            out.addAll(y);
            return out;
        }
        throw unsupported("+", a, b);
    }

    private static boolean isFloaty(Object o) {
        return Num.isFloat(o) || o instanceof BigDecimal;
    }

    // ---- - ----------------------------------------------------------------------------------------------------

    public static Object sub(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long r = x - y;
            if (((x ^ y) & (x ^ r)) < 0) {
                return Num.norm(BigInteger.valueOf(x).subtract(BigInteger.valueOf(y)));
            }
            return r;
        }
        undefinedCheck(a, b);
        if (Num.isNumber(a) && Num.isNumber(b)) {
            if (isFloaty(a) || isFloaty(b)) {
                return Num.toDouble(a) - Num.toDouble(b);
            }
            return Num.norm(Num.toBig(a).subtract(Num.toBig(b)));
        }
        if (setLikeKeys(a) && setLikeKeys(b)) {
            throw Py.unsupported("set difference of dict views");
        }
        throw unsupported("-", a, b);
    }

    private static boolean setLikeKeys(Object o) {
        return o instanceof DictView v && v.kind() != DictView.Kind.VALUES || o instanceof java.util.Set;
    }

    // ---- * ----------------------------------------------------------------------------------------------------

    public static Object mul(Object a, Object b, SizeCheck size) {
        if (a instanceof Long x && b instanceof Long y) {
            long hi = Math.multiplyHigh(x, y);
            long lo = x * y;
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                return lo;
            }
            return Num.norm(BigInteger.valueOf(x).multiply(BigInteger.valueOf(y)));
        }
        undefinedCheck(a, b);
        if (Num.isNumber(a) && Num.isNumber(b)) {
            if (isFloaty(a) || isFloaty(b)) {
                return Num.toDouble(a) * Num.toDouble(b);
            }
            return Num.norm(Num.toBig(a).multiply(Num.toBig(b)));
        }
        if (isSequence(a) && Num.isIntOrBool(b)) {
            return repeat(a, b, size);
        }
        if (isSequence(b) && Num.isIntOrBool(a)) {
            return repeat(b, a, size);
        }
        if (isSequence(a) && Num.isNumber(b) || isSequence(b) && Num.isNumber(a)) {
            throw Py.typeError("can't multiply sequence by non-int of type '" + Py.typeName(isSequence(a) ? b : a) + "'");
        }
        throw unsupported("*", a, b);
    }

    private static boolean isSequence(Object o) {
        return Py.isStr(o) || o instanceof List;
    }

    private static Object repeat(Object seq, Object times, SizeCheck size) {
        long n;
        if (!Num.fitsLong(times)) {
            if (Num.toBig(times).signum() < 0) {
                n = 0;
            } else {
                throw Py.error(PythonError.Kind.OverflowError, "cannot fit 'int' into an index-sized integer");
            }
        } else {
            n = Math.max(0, Num.toLong(times));
        }
        if (Py.isStr(seq)) {
            String s = Py.strValue(seq);
            if (n == 0 || s.isEmpty()) {
                return seq instanceof Markup ? new Markup("") : "";
            }
            if (n > Integer.MAX_VALUE || (long) s.length() * n > Integer.MAX_VALUE) {
                size.check(Long.MAX_VALUE);
                throw Py.error(PythonError.Kind.OverflowError, "repeated string is too long");
            }
            size.check(s.length() * n);
            String r = s.repeat((int) n);
            return seq instanceof Markup ? new Markup(r) : r;
        }
        List<?> l = (List<?>) seq;
        if (n == 0 || l.isEmpty()) {
            return seq instanceof PyTuple ? PyTuple.EMPTY : new ArrayList<>();
        }
        if (n > (Integer.MAX_VALUE - 8) / l.size()) {
            size.check(Long.MAX_VALUE);
            throw Py.error(PythonError.Kind.OverflowError, "repeated list is too long");
        }
        size.check(l.size() * n);
        List<Object> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, l.size() * n));
        for (long i = 0; i < n; i++) {
            out.addAll(l);
        }
        return seq instanceof PyTuple ? PyTuple.ofList(out) : out;
    }

    // ---- / // % -----------------------------------------------------------------------------------------------

    public static Object truediv(Object a, Object b) {
        undefinedCheck(a, b);
        if (!(Num.isNumber(a) && Num.isNumber(b))) {
            throw unsupported("/", a, b);
        }
        if (!isFloaty(a) && !isFloaty(b)) {
            BigInteger y = Num.toBig(b);
            if (y.signum() == 0) {
                throw Py.error(PythonError.Kind.ZeroDivisionError, "division by zero");
            }
            if (Num.fitsLong(a) && Num.fitsLong(b)) {
                long x = Num.toLong(a);
                long z = Num.toLong(b);
                if (Math.abs(x) < (1L << 53) && Math.abs(z) < (1L << 53)) {
                    // both exact as doubles: IEEE division is correctly rounded, as Python's int/int (0 / -3 is -0.0)
                    return (double) x / (double) z;
                }
            }
            BigDecimal q = new BigDecimal(Num.toBig(a)).divide(new BigDecimal(y), new MathContext(40, RoundingMode.HALF_EVEN));
            double d = q.doubleValue();
            if (Double.isInfinite(d)) {
                throw Py.error(PythonError.Kind.OverflowError, "integer division result too large for a float");
            }
            return d;
        }
        double y = Num.toDouble(b);
        if (y == 0) {
            throw Py.error(PythonError.Kind.ZeroDivisionError, "float division by zero");
        }
        return Num.toDouble(a) / y;
    }

    public static Object floordiv(Object a, Object b) {
        undefinedCheck(a, b);
        if (!(Num.isNumber(a) && Num.isNumber(b))) {
            throw unsupported("//", a, b);
        }
        if (!isFloaty(a) && !isFloaty(b)) {
            if (a instanceof Long x && b instanceof Long y) {
                if (y == 0) {
                    throw Py.error(PythonError.Kind.ZeroDivisionError, "integer division or modulo by zero");
                }
                if (!(x == Long.MIN_VALUE && y == -1)) {
                    return Math.floorDiv(x, y);
                }
            }
            BigInteger y = Num.toBig(b);
            if (y.signum() == 0) {
                throw Py.error(PythonError.Kind.ZeroDivisionError, "integer division or modulo by zero");
            }
            BigInteger[] qr = Num.toBig(a).divideAndRemainder(y);
            BigInteger q = qr[0];
            if (qr[1].signum() != 0 && (qr[1].signum() != y.signum())) {
                q = q.subtract(BigInteger.ONE);
            }
            return Num.norm(q);
        }
        double x = Num.toDouble(a);
        double y = Num.toDouble(b);
        if (y == 0) {
            throw Py.error(PythonError.Kind.ZeroDivisionError, "float floor division by zero");
        }
        return floatDivmod(x, y)[0];
    }

    /** CPython's float divmod (Objects/floatobject.c). */
    static double[] floatDivmod(double vx, double wx) {
        double mod = vx % wx;
        double div = (vx - mod) / wx;
        if (mod != 0) {
            if ((wx < 0) != (mod < 0)) {
                mod += wx;
                div -= 1.0;
            }
        } else {
            mod = Math.copySign(0.0, wx);
        }
        double floordiv;
        if (div != 0) {
            floordiv = Math.floor(div);
            if (div - floordiv > 0.5) {
                floordiv += 1.0;
            }
        } else {
            floordiv = Math.copySign(0.0, vx / wx);
        }
        return new double[] {floordiv, mod};
    }

    public static Object mod(Object a, Object b, SizeCheck size) {
        if (a instanceof String || a instanceof Markup) {
            if (b instanceof Undefined u && !(a instanceof Markup)) {
                // str % undefined formats it: StrictUndefined raises when printed
                return PercentFormat.format(Py.strValue(a), b, false, size);
            }
            return PercentFormat.format(Py.strValue(a), b, a instanceof Markup, size);
        }
        undefinedCheck(a, b);
        if (!(Num.isNumber(a) && Num.isNumber(b))) {
            throw unsupported("%", a, b);
        }
        if (!isFloaty(a) && !isFloaty(b)) {
            if (a instanceof Long x && b instanceof Long y) {
                if (y == 0) {
                    throw Py.error(PythonError.Kind.ZeroDivisionError, "integer division or modulo by zero");
                }
                return Math.floorMod(x, y);
            }
            BigInteger y = Num.toBig(b);
            if (y.signum() == 0) {
                throw Py.error(PythonError.Kind.ZeroDivisionError, "integer division or modulo by zero");
            }
            BigInteger r = Num.toBig(a).mod(y.abs());
            if (y.signum() < 0 && r.signum() != 0) {
                r = r.add(y);
            }
            return Num.norm(r);
        }
        double x = Num.toDouble(a);
        double y = Num.toDouble(b);
        if (y == 0) {
            throw Py.error(PythonError.Kind.ZeroDivisionError, "float modulo");
        }
        return floatDivmod(x, y)[1];
    }

    // ---- ** ---------------------------------------------------------------------------------------------------

    /** The largest int result (in bits) {@code **} may build: beyond it Python grinds, a render must not. */
    public static final long MAX_POW_BITS = 1L << 20;

    public static Object pow(Object a, Object b) {
        undefinedCheck(a, b);
        if (!(Num.isNumber(a) && Num.isNumber(b))) {
            throw Py.typeError("unsupported operand type(s) for ** or pow(): '" + Py.typeName(a) + "' and '" + Py.typeName(b) + "'");
        }
        if (!isFloaty(a) && !isFloaty(b)) {
            BigInteger base = Num.toBig(a);
            BigInteger exp = Num.toBig(b);
            if (exp.signum() < 0) {
                if (base.signum() == 0) {
                    throw Py.error(PythonError.Kind.ZeroDivisionError, "0.0 cannot be raised to a negative power");
                }
                return floatPow(Num.toDouble(a), Num.toDouble(b));
            }
            if (base.signum() == 0 || base.equals(BigInteger.ONE)) {
                return exp.signum() == 0 ? 1L : Num.norm(base);
            }
            if (base.equals(BigInteger.ONE.negate())) {
                return exp.testBit(0) ? -1L : 1L;
            }
            if (exp.bitLength() > 31 || (long) base.bitLength() * exp.longValue() > MAX_POW_BITS) {
                throw new dev.jsalt.jinja.LimitExceededError("max integer size in bits", MAX_POW_BITS, "** result too large");
            }
            return Num.norm(base.pow(exp.intValue()));
        }
        return floatPow(Num.toDouble(a), Num.toDouble(b));
    }

    private static double floatPow(double x, double y) {
        if (x == 0 && y < 0) {
            throw Py.error(PythonError.Kind.ZeroDivisionError, "0.0 cannot be raised to a negative power");
        }
        if (x < 0 && y != Math.rint(y) && !Double.isInfinite(y)) {
            throw Py.unsupported("complex numbers (a negative number raised to a fractional power)");
        }
        double r = Math.pow(x, y);
        if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
            throw Py.error(PythonError.Kind.OverflowError, "(34, 'Numerical result out of range')");
        }
        return r;
    }

    // ---- unary ------------------------------------------------------------------------------------------------

    public static Object neg(Object a) {
        if (a instanceof Long x) {
            return x == Long.MIN_VALUE ? BigInteger.valueOf(x).negate() : (Object) (-x);
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (a instanceof Boolean b) {
            return b ? -1L : 0L;
        }
        if (Num.isInt(a)) {
            return Num.norm(Num.toBig(a).negate());
        }
        if (Num.isFloat(a) || a instanceof BigDecimal) {
            return -Num.toDouble(a);
        }
        throw Py.typeError("bad operand type for unary -: '" + Py.typeName(a) + "'");
    }

    public static Object pos(Object a) {
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (a instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (Num.isInt(a)) {
            return a instanceof Long ? a : Num.norm(Num.toBig(a));
        }
        if (Num.isFloat(a) || a instanceof BigDecimal) {
            return Num.toDouble(a);
        }
        throw Py.typeError("bad operand type for unary +: '" + Py.typeName(a) + "'");
    }

    /** abs() as the builtin. */
    public static Object abs(Object a) {
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (a instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (a instanceof Long x && x != Long.MIN_VALUE) {
            return Math.abs(x);
        }
        if (Num.isInt(a)) {
            return Num.norm(Num.toBig(a).abs());
        }
        if (Num.isFloat(a) || a instanceof BigDecimal) {
            return Math.abs(Num.toDouble(a));
        }
        throw Py.typeError("bad operand type for abs(): '" + Py.typeName(a) + "'");
    }
}
