package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyTuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/** Attributes of int, bool and float. */
public final class NumMethods {
    private NumMethods() {
    }

    static final Set<String> INT = Set.of("as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes",
            "imag", "numerator", "real", "to_bytes");
    static final Set<String> FLOAT = Set.of("as_integer_ratio", "conjugate", "fromhex", "hex", "imag", "is_integer", "real");

    static Object attr(Object self, String name) {
        if (Num.isIntOrBool(self)) {
            if (!INT.contains(name)) {
                return Missing.MISSING;
            }
            Object asInt = Num.norm(Num.toBig(self));
            return switch (name) {
                case "real", "numerator" -> asInt;
                case "imag" -> 0L;
                case "denominator" -> 1L;
                default -> new BoundMethod(self, name, (s, call) -> {
                    Args.noKwargs("int." + name, call.kwargs());
                    Args.count("int." + name, call.args(), 0, 0);
                    BigInteger b = Num.toBig(s);
                    return switch (name) {
                        case "conjugate" -> asInt;
                        case "bit_length" -> (long) b.abs().bitLength();
                        case "bit_count" -> (long) b.abs().bitCount();
                        case "as_integer_ratio" -> PyTuple.of(asInt, 1L);
                        default -> throw Py.unsupported("bytes (int." + name + ")");
                    };
                });
            };
        }
        if (!FLOAT.contains(name)) {
            return Missing.MISSING;
        }
        double d = Num.toDouble(self);
        return switch (name) {
            case "real" -> d;
            case "imag" -> 0.0;
            default -> new BoundMethod(self, name, (s, call) -> {
                Args.noKwargs("float." + name, call.kwargs());
                if (name.equals("fromhex")) {
                    Args.count("fromhex", call.args(), 1, 1);
                    return fromhex(Conv.str(call.args().get(0), "fromhex() argument must be str"));
                }
                Args.count("float." + name, call.args(), 0, 0);
                return switch (name) {
                    case "is_integer" -> !Double.isInfinite(d) && !Double.isNaN(d) && d == Math.rint(d);
                    case "conjugate" -> d;
                    case "hex" -> hex(d);
                    default -> {
                        if (Double.isNaN(d)) {
                            throw Py.valueError("cannot convert NaN to integer ratio");
                        }
                        if (Double.isInfinite(d)) {
                            throw Py.error(dev.jsalt.jinja.PythonError.Kind.OverflowError, "cannot convert Infinity to integer ratio");
                        }
                        BigDecimal bd = new BigDecimal(d);
                        BigInteger num = bd.unscaledValue();
                        BigInteger den = BigInteger.TEN.pow(Math.max(0, bd.scale()));
                        if (bd.scale() < 0) {
                            num = num.multiply(BigInteger.TEN.pow(-bd.scale()));
                        }
                        BigInteger g = num.gcd(den);
                        yield PyTuple.of(Num.norm(num.divide(g)), Num.norm(den.divide(g)));
                    }
                };
            });
        };
    }

    /** Python's float.hex(): {@code 0x1.8000000000000p+0}. */
    static String hex(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
        if (d == 0) {
            return sign + "0x0.0p+0";
        }
        long bits = Double.doubleToRawLongBits(Math.abs(d));
        long mantissa = bits & 0xfffffffffffffL;
        int exp = (int) ((bits >>> 52) & 0x7ff);
        String lead;
        int e;
        if (exp == 0) {
            lead = "0";
            e = -1022;
        } else {
            lead = "1";
            e = exp - 1023;
        }
        return sign + "0x" + lead + "." + String.format("%013x", mantissa) + "p" + (e >= 0 ? "+" : "") + e;
    }

    private static Object fromhex(String s) {
        String t = s.strip().toLowerCase();
        try {
            if (t.equals("inf") || t.equals("+inf") || t.equals("infinity")) {
                return Double.POSITIVE_INFINITY;
            }
            if (t.equals("-inf") || t.equals("-infinity")) {
                return Double.NEGATIVE_INFINITY;
            }
            if (t.equals("nan") || t.equals("+nan") || t.equals("-nan")) {
                return Double.NaN;
            }
            String body = t;
            String sign = "";
            if (body.startsWith("-") || body.startsWith("+")) {
                sign = body.substring(0, 1);
                body = body.substring(1);
            }
            if (!body.startsWith("0x")) {
                body = "0x" + body;
            }
            if (!body.contains("p")) {
                body = body + "p0";
            }
            return Double.parseDouble(sign + body);
        } catch (NumberFormatException e) {
            throw Py.valueError("invalid hexadecimal floating-point string");
        }
    }
}
