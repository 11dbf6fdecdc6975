package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;

import java.math.BigInteger;

/** Argument conversions of CPython's built-in functions, with their error messages. */
public final class Conv {
    private Conv() {
    }

    /** An int argument (__index__): bool and int only. */
    public static long index(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (Num.isIntOrBool(o)) {
            if (o instanceof BigInteger b && b.bitLength() >= 64) {
                throw Py.error(PythonError.Kind.OverflowError, "Python int too large to convert to C ssize_t");
            }
            return Num.toLong(o);
        }
        throw Py.typeError("'" + Py.typeName(o) + "' object cannot be interpreted as an integer");
    }

    /** A slice index (start/end of find, count, ...): None or an int; huge ints clamp as CPython does. */
    public static Long sliceIndex(Object o) {
        if (o == null || o == Missing.MISSING) {
            return null;
        }
        if (Num.isIntOrBool(o)) {
            if (o instanceof BigInteger b && b.bitLength() >= 64) {
                return b.signum() < 0 ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
            }
            return Num.toLong(o);
        }
        throw Py.typeError("slice indices must be integers or None or have an __index__ method");
    }

    /** A str argument. */
    public static String str(Object o, String what) {
        if (Py.isStr(o)) {
            return Py.strValue(o);
        }
        throw Py.typeError(what + ", not " + Py.typeName(o));
    }

    /** Python's slice.indices for a sequence of the given length: {start, stop, step, count}. */
    public static long[] sliceIndices(Object start, Object stop, Object step, long length) {
        Long st = sliceIndex(step);
        long s = st == null ? 1 : st;
        if (s == 0) {
            throw Py.valueError("slice step cannot be zero");
        }
        Long a = sliceIndex(start);
        Long b = sliceIndex(stop);
        long lo;
        long hi;
        if (s > 0) {
            lo = a == null ? 0 : clamp(a, length, 0, length);
            hi = b == null ? length : clamp(b, length, 0, length);
        } else {
            lo = a == null ? length - 1 : clamp(a, length, -1, length - 1);
            hi = b == null ? -1 : clamp(b, length, -1, length - 1);
        }
        long count;
        if (s > 0) {
            count = lo < hi ? (hi - lo - 1) / s + 1 : 0;
        } else {
            count = hi < lo ? (lo - hi - 1) / (-s) + 1 : 0;
        }
        return new long[] {lo, hi, s, count};
    }

    private static long clamp(long v, long length, long min, long max) {
        if (v < 0) {
            v += length;
            if (v < min) {
                v = min;
            }
        } else if (v > max) {
            v = max;
        }
        return v;
    }

    /** Start/end of str.find and friends, normalized to code point offsets within [0, len]. */
    public static long[] range(Object start, Object end, long length) {
        Long a = sliceIndex(start);
        Long b = sliceIndex(end);
        long lo = a == null ? 0 : a;
        long hi = b == null ? length : b;
        if (lo < 0) {
            lo = Math.max(0, lo + length);
        }
        if (hi < 0) {
            hi = Math.max(0, hi + length);
        } else if (hi > length) {
            hi = length;
        }
        return new long[] {lo, hi};
    }
}
