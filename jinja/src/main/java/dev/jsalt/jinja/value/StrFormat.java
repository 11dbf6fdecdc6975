package dev.jsalt.jinja.value;

import dev.jsalt.jinja.PythonError;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * {@code str.format} as Jinja2's sandbox runs it (string.Formatter with sandboxed attribute and item lookup), and
 * Python's {@code format(value, spec)} with the format-spec mini-language for str, int, bool and float.
 */
public final class StrFormat {
    private StrFormat() {
    }

    /** How a replacement field reaches {@code .attr} and {@code [key]}: the sandbox's getattr/getitem. */
    public interface FieldAccess {
        Object getattr(Object obj, String name);

        Object getitem(Object obj, Object key);
    }

    private static final class Auto {
        /** -1: manual numbering seen; otherwise the next automatic index. */
        int next;
    }

    /** {@code fmt.format(*args, **kwargs)}; {@code kwargs} may be any mapping (format_map). */
    public static Object format(String fmt, List<Object> args, Object kwargs, FieldAccess access, boolean markup, Ops.SizeCheck size) {
        String r = vformat(fmt, args, kwargs, access, markup, 2, new Auto(), size);
        return markup ? new Markup(r) : r;
    }

    private static String vformat(String fmt, List<Object> args, Object kwargs, FieldAccess access, boolean markup, int depth,
                                  Auto auto, Ops.SizeCheck size) {
        if (depth < 0) {
            throw Py.valueError("Max string recursion exceeded");
        }
        StringBuilder out = new StringBuilder();
        int n = fmt.length();
        int i = 0;
        while (i < n) {
            char c = fmt.charAt(i);
            if (c == '}') {
                if (i + 1 < n && fmt.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw Py.valueError("Single '}' encountered in format string");
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && fmt.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
                continue;
            }
            if (i + 1 >= n) {
                throw Py.valueError("Single '{' encountered in format string");
            }
            // find the matching '}'
            int start = i + 1;
            int level = 1;
            int j = start;
            while (j < n) {
                char d = fmt.charAt(j);
                if (d == '{') {
                    level++;
                } else if (d == '}') {
                    level--;
                    if (level == 0) {
                        break;
                    }
                }
                j++;
            }
            if (level > 0) {
                throw Py.valueError("expected '}' before end of string");
            }
            String field = fmt.substring(start, j);
            i = j + 1;
            // split field into name, conversion, spec
            int k = 0;
            int fl = field.length();
            while (k < fl) {
                char d = field.charAt(k);
                if (d == '{') {
                    throw Py.valueError("unexpected '{' in field name");
                }
                if (d == '[') {
                    while (k < fl && field.charAt(k) != ']') {
                        k++;
                    }
                    if (k < fl) {
                        k++;
                    }
                    continue;
                }
                if (d == ':' || d == '!') {
                    break;
                }
                k++;
            }
            String name = field.substring(0, Math.min(k, fl));
            Character conversion = null;
            String spec = "";
            if (k < fl && field.charAt(k) == '!') {
                if (k + 1 >= fl) {
                    throw Py.valueError("end of string while looking for conversion specifier");
                }
                conversion = field.charAt(k + 1);
                if (k + 2 < fl) {
                    if (field.charAt(k + 2) != ':') {
                        throw Py.valueError("expected ':' after conversion specifier");
                    }
                    spec = field.substring(k + 3);
                }
            } else if (k < fl) {
                spec = field.substring(k + 1);
            }
            if (name.isEmpty()) {
                if (auto.next < 0) {
                    throw Py.valueError("cannot switch from manual field specification to automatic field numbering");
                }
                name = Integer.toString(auto.next++);
            } else if (isDigits(name)) {
                if (auto.next > 0) {
                    throw Py.valueError("cannot switch from manual field specification to automatic field numbering");
                }
                auto.next = -1;
            }
            Object obj = getField(name, args, kwargs, access);
            if (conversion != null) {
                obj = switch (conversion) {
                    case 's' -> Py.str(obj);
                    case 'r' -> Py.repr(obj);
                    case 'a' -> PercentFormat.ascii(Py.repr(obj));
                    default -> throw Py.valueError("Unknown conversion specifier " + conversion);
                };
            }
            String renderedSpec = vformat(spec, args, kwargs, access, false, depth - 1, auto, size);
            String text;
            if (markup) {
                if (obj instanceof Markup m) {
                    if (!renderedSpec.isEmpty()) {
                        throw Py.valueError("Unsupported format specification for Markup.");
                    }
                    text = m.text();
                } else {
                    text = Markup.escapeText(formatValue(obj, renderedSpec, size));
                }
            } else {
                text = formatValue(obj, renderedSpec, size);
            }
            out.append(text);
            size.check(out.length());
        }
        return out.toString();
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Object getField(String field, List<Object> args, Object kwargs, FieldAccess access) {
        int n = field.length();
        int i = 0;
        while (i < n && field.charAt(i) != '.' && field.charAt(i) != '[') {
            i++;
        }
        String first = field.substring(0, i);
        Object obj;
        if (isDigits(first)) {
            BigInteger idx = new BigInteger(first);
            if (idx.bitLength() > 31 || idx.intValue() >= args.size()) {
                throw Py.error(PythonError.Kind.IndexError, "Replacement index " + idx + " out of range for positional args tuple");
            }
            obj = args.get(idx.intValue());
        } else {
            obj = kwarg(kwargs, first);
        }
        while (i < n) {
            char c = field.charAt(i);
            if (c == '.') {
                int j = ++i;
                while (i < n && field.charAt(i) != '.' && field.charAt(i) != '[') {
                    i++;
                }
                String attr = field.substring(j, i);
                if (attr.isEmpty()) {
                    throw Py.valueError("Empty attribute in format string");
                }
                obj = access.getattr(obj, attr);
            } else if (c == '[') {
                int j = ++i;
                while (i < n && field.charAt(i) != ']') {
                    i++;
                }
                if (i >= n) {
                    throw Py.valueError("Missing ']' in format string");
                }
                String key = field.substring(j, i);
                if (key.isEmpty()) {
                    throw Py.valueError("Empty attribute in format string");
                }
                i++;
                if (i < n && field.charAt(i) != '.' && field.charAt(i) != '[') {
                    throw Py.valueError("Only '.' or '[' may follow ']' in format field specifier");
                }
                Object k = isDigits(key) ? Num.norm(new BigInteger(key)) : key;
                obj = access.getitem(obj, k);
            } else {
                throw Py.valueError("Only '.' or '[' may follow ']' in format field specifier");
            }
        }
        return obj;
    }

    private static Object kwarg(Object kwargs, String name) {
        if (kwargs instanceof Map<?, ?> m) {
            Object v = Py.mapGet(m, name);
            if (v == Missing.MISSING) {
                throw new PythonError(PythonError.Kind.KeyError, Py.repr(name));
            }
            return v;
        }
        if (kwargs instanceof Undefined u) {
            throw u.error();
        }
        if (kwargs instanceof List<?> l) {
            throw Py.typeError("list indices must be integers or slices, not str");
        }
        throw Py.typeError("'" + Py.typeName(kwargs) + "' object is not subscriptable");
    }

    // ---- format(value, spec) ----------------------------------------------------------------------------------

    private record Spec(int fill, char align, char sign, boolean z, boolean alt, boolean zero, long width, char grouping,
                        long precision, char type) {
    }

    private static Spec parse(String spec, Object value) {
        int n = spec.length();
        int i = 0;
        int fill = ' ';
        char align = 0;
        boolean explicitFill = false;
        if (n >= 2) {
            int cp = spec.codePointAt(0);
            int k = Character.charCount(cp);
            if (k < n && isAlign(spec.charAt(k))) {
                fill = cp;
                align = spec.charAt(k);
                explicitFill = true;
                i = k + 1;
            }
        }
        if (align == 0 && i < n && isAlign(spec.charAt(i))) {
            align = spec.charAt(i++);
        }
        char sign = 0;
        if (i < n && (spec.charAt(i) == '+' || spec.charAt(i) == '-' || spec.charAt(i) == ' ')) {
            sign = spec.charAt(i++);
        }
        boolean z = false;
        if (i < n && spec.charAt(i) == 'z') {
            z = true;
            i++;
        }
        boolean alt = false;
        if (i < n && spec.charAt(i) == '#') {
            alt = true;
            i++;
        }
        boolean zero = false;
        if (i < n && spec.charAt(i) == '0') {
            zero = true;
            if (!explicitFill) {
                fill = '0';
            }
            if (align == 0) {
                align = Py.isStr(value) ? '<' : '=';
            }
            i++;
        }
        long width = -1;
        int ws = i;
        while (i < n && Character.isDigit(spec.charAt(i))) {
            i++;
        }
        if (i > ws) {
            width = parseLong(spec.substring(ws, i));
        }
        char grouping = 0;
        if (i < n && (spec.charAt(i) == ',' || spec.charAt(i) == '_')) {
            grouping = spec.charAt(i++);
        }
        long precision = -1;
        if (i < n && spec.charAt(i) == '.') {
            i++;
            int ps = i;
            while (i < n && Character.isDigit(spec.charAt(i))) {
                i++;
            }
            if (i == ps) {
                throw Py.valueError("Format specifier missing precision");
            }
            precision = parseLong(spec.substring(ps, i));
        }
        char type = 0;
        if (i < n) {
            if (i + 1 < n) {
                throw Py.valueError("Invalid format specifier '" + spec + "' for object of type '" + Py.typeName(value) + "'");
            }
            type = spec.charAt(i);
        }
        return new Spec(fill, align, sign, z, alt, zero, width, grouping, precision, type);
    }

    private static long parseLong(String digits) {
        try {
            long v = Long.parseLong(digits);
            if (v > Integer.MAX_VALUE) {
                throw Py.valueError("Too many decimal digits in format string");
            }
            return v;
        } catch (NumberFormatException e) {
            throw Py.valueError("Too many decimal digits in format string");
        }
    }

    private static boolean isAlign(char c) {
        return c == '<' || c == '>' || c == '=' || c == '^';
    }

    /** Python's builtin {@code format(value, spec)}. */
    public static String formatValue(Object value, String spec, Ops.SizeCheck size) {
        if (value instanceof Undefined u) {
            if (!spec.isEmpty()) {
                u.failIfStrict();
                throw Py.typeError("unsupported format string passed to Undefined.__format__");
            }
            return Py.str(value);
        }
        if (Py.isStr(value)) {
            return formatStr(Py.strValue(value), spec, size);
        }
        if (value instanceof Boolean && spec.isEmpty()) {
            return Py.str(value);
        }
        if (Num.isIntOrBool(value)) {
            return formatInt(value, spec, size);
        }
        if (Num.isNumber(value)) {
            return formatFloat(Num.toDouble(value), spec, size);
        }
        if (spec.isEmpty()) {
            return Py.str(value);
        }
        throw Py.typeError("unsupported format string passed to " + Py.typeName(value) + ".__format__");
    }

    private static String formatStr(String s, String specText, Ops.SizeCheck size) {
        if (specText.isEmpty()) {
            return s;
        }
        Spec spec = parse(specText, s);
        if (spec.type != 0 && spec.type != 's') {
            throw Py.valueError("Unknown format code '" + spec.type + "' for object of type 'str'");
        }
        if (spec.sign != 0) {
            throw Py.valueError("Sign not allowed in string format specifier");
        }
        if (spec.alt) {
            throw Py.valueError("Alternate form (#) not allowed in string format specifier");
        }
        if (spec.align == '=') {
            throw Py.valueError("'=' alignment not allowed in string format specifier");
        }
        if (spec.grouping != 0) {
            throw Py.valueError("Cannot specify '" + spec.grouping + "' with 's'.");
        }
        if (spec.precision >= 0 && spec.precision < PyStr.length(s)) {
            s = PyStr.substring(s, 0, (int) spec.precision);
        }
        return pad(s, "", spec, spec.align == 0 ? '<' : spec.align, size);
    }

    private static String pad(String body, String signPrefix, Spec spec, char align, Ops.SizeCheck size) {
        long len = PyStr.length(body) + PyStr.length(signPrefix);
        if (spec.width <= len) {
            return signPrefix + body;
        }
        size.check(spec.width);
        int padding = (int) (spec.width - len);
        String fill = new String(Character.toChars(spec.fill));
        return switch (align) {
            case '<' -> signPrefix + body + fill.repeat(padding);
            case '^' -> fill.repeat(padding / 2) + signPrefix + body + fill.repeat(padding - padding / 2);
            case '=' -> signPrefix + fill.repeat(padding) + body;
            default -> fill.repeat(padding) + signPrefix + body;
        };
    }

    private static String group(String digits, char sep, int every) {
        if (sep == 0) {
            return digits;
        }
        StringBuilder b = new StringBuilder(digits.length() + digits.length() / every);
        int first = digits.length() % every;
        if (first == 0) {
            first = every;
        }
        b.append(digits, 0, Math.min(first, digits.length()));
        for (int i = first; i < digits.length(); i += every) {
            b.append(sep).append(digits, i, i + every);
        }
        return b.toString();
    }

    /** Groups digits; with zero padding the zeros are grouped too until the field is wide enough (as CPython). */
    private static String groupedDigits(String digits, Spec spec, int every, long minWidth) {
        boolean zeroPad = spec.fill == '0' && spec.align == '=';
        if (!zeroPad || minWidth <= 0) {
            return group(digits, spec.grouping, every);
        }
        String d = digits;
        String g = group(d, spec.grouping, every);
        while (g.length() < minWidth) {
            d = "0" + d;
            g = group(d, spec.grouping, every);
        }
        return g;
    }

    private static String formatInt(Object value, String specText, Ops.SizeCheck size) {
        if (specText.isEmpty()) {
            return Num.intStr(value);
        }
        Spec spec = parse(specText, value);
        char type = spec.type == 0 ? 'd' : spec.type;
        switch (type) {
            case 'e', 'E', 'f', 'F', 'g', 'G', '%' -> {
                return formatFloat(Num.toDouble(value), specText, size);
            }
            case 'b', 'c', 'd', 'o', 'x', 'X', 'n' -> {
            }
            default -> throw Py.valueError("Unknown format code '" + type + "' for object of type '" + Py.typeName(value) + "'");
        }
        if (spec.precision >= 0) {
            throw Py.valueError("Precision not allowed in integer format specifier");
        }
        if (spec.grouping == ',' && type != 'd' && type != 0) {
            throw Py.valueError("Cannot specify ',' with '" + type + "'.");
        }
        if (spec.grouping == '_' && type == 'n') {
            throw Py.valueError("Cannot specify '_' with 'n'.");
        }
        BigInteger v = Num.toBig(value);
        if (type == 'c') {
            if (spec.sign != 0) {
                throw Py.valueError("Sign not allowed with integer format specifier 'c'");
            }
            if (spec.alt) {
                throw Py.valueError("Alternate form (#) not allowed with integer format specifier 'c'");
            }
            if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(0x10ffff)) > 0) {
                throw Py.error(PythonError.Kind.OverflowError, "%c arg not in range(0x110000)");
            }
            return pad(new String(Character.toChars(v.intValue())), "", spec, spec.align == 0 ? '<' : spec.align, size);
        }
        String sign = v.signum() < 0 ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
        BigInteger a = v.abs();
        String digits;
        String prefix = "";
        int every = 3;
        switch (type) {
            case 'b' -> {
                digits = a.toString(2);
                prefix = spec.alt ? "0b" : "";
                every = 4;
            }
            case 'o' -> {
                digits = a.toString(8);
                prefix = spec.alt ? "0o" : "";
                every = 4;
            }
            case 'x' -> {
                digits = a.toString(16);
                prefix = spec.alt ? "0x" : "";
                every = 4;
            }
            case 'X' -> {
                digits = a.toString(16).toUpperCase();
                prefix = spec.alt ? "0X" : "";
                every = 4;
            }
            default -> digits = Num.intStr(a);
        }
        long minWidth = spec.width - sign.length() - prefix.length();
        String body = groupedDigits(digits, spec, every, minWidth);
        return pad(body, sign + prefix, spec, spec.align == 0 ? '>' : spec.align, size);
    }

    private static String formatFloat(double d, String specText, Ops.SizeCheck size) {
        if (specText.isEmpty()) {
            return Num.floatRepr(d);
        }
        Spec spec = parse(specText, d);
        char type = spec.type;
        switch (type) {
            case 0, 'e', 'E', 'f', 'F', 'g', 'G', 'n', '%' -> {
            }
            default -> throw Py.valueError("Unknown format code '" + type + "' for object of type 'float'");
        }
        if (spec.grouping == '_' && type == 'n') {
            throw Py.valueError("Cannot specify '_' with 'n'.");
        }
        if (spec.grouping == ',' && type == 'n') {
            throw Py.valueError("Cannot specify ',' with 'n'.");
        }
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        double abs = Math.abs(d);
        if (type == '%') {
            abs *= 100;
        }
        String body;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            body = Double.isNaN(d) ? "nan" : "inf";
            if (type == 'E' || type == 'F' || type == 'G') {
                body = body.toUpperCase();
            }
            if (type == '%') {
                body += "%";
            }
            if (Double.isNaN(d)) {
                negative = false;
            }
        } else {
            long prec = spec.precision;
            size.check(Math.max(prec, 0));
            body = switch (type) {
                case 0 -> {
                    if (prec < 0) {
                        String r = Num.floatRepr(abs);
                        yield spec.alt && !r.contains(".") && !r.contains("e") ? r + "." : r;
                    }
                    String g = Num.general(abs, (int) prec, spec.alt, false);
                    if (!g.contains(".") && !g.contains("e")) {
                        g = g + ".0";
                    }
                    yield g;
                }
                case 'f', 'F', '%' -> {
                    String f = Num.fixed(abs, (int) (prec < 0 ? 6 : prec));
                    if (spec.alt && !f.contains(".")) {
                        f += ".";
                    }
                    yield type == '%' ? f + "%" : f;
                }
                case 'e', 'E' -> {
                    String e = Num.exponent(abs, (int) (prec < 0 ? 6 : prec), type == 'E');
                    if (spec.alt && !e.contains(".")) {
                        int k = e.indexOf(type);
                        e = e.substring(0, k) + "." + e.substring(k);
                    }
                    yield e;
                }
                default -> Num.general(abs, (int) (prec < 0 ? 6 : prec), spec.alt, type == 'G');
            };
            if (spec.z && negative && isZero(body)) {
                negative = false;
            }
        }
        String sign = negative ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
        if (spec.grouping != 0 && !Double.isNaN(d) && !Double.isInfinite(d)) {
            int end = 0;
            while (end < body.length() && Character.isDigit(body.charAt(end))) {
                end++;
            }
            String rest = body.substring(end);
            long minWidth = spec.width - sign.length() - rest.length();
            body = groupedDigits(body.substring(0, end), spec, 3, minWidth) + rest;
        } else if (spec.fill == '0' && spec.align == '=' && (Double.isNaN(d) || Double.isInfinite(d))) {
            return pad(body, sign, spec, '=', size);
        }
        return pad(body, sign, spec, spec.align == 0 ? '>' : spec.align, size);
    }

    private static boolean isZero(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == 'e' || c == 'E' || c == '%') {
                break;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }
}
