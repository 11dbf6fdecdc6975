package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.runtime.Sandbox;
import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Ops;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyStr;
import dev.jsalt.jinja.value.PyTuple;
import dev.jsalt.jinja.value.StrFormat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Python's str methods (CPython 3.11 semantics, code point indexes), and markupsafe's Markup overrides. */
public final class StrMethods {
    private StrMethods() {
    }

    /** Every public str attribute Python has. */
    static final Set<String> NAMES = Set.of("capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find",
            "format", "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower",
            "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "maketrans", "partition",
            "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
            "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill");

    /** Markup methods that escape their str arguments and return Markup (markupsafe's wrapped list). */
    private static final Set<String> MARKUP_WRAPPED = Set.of("capitalize", "title", "lower", "upper", "replace", "ljust", "rjust",
            "lstrip", "rstrip", "center", "strip", "translate", "expandtabs", "swapcase", "zfill");

    static Object attr(Object self, String name) {
        if (!NAMES.contains(name)) {
            return Missing.MISSING;
        }
        return new BoundMethod(self, name, (s, call) -> call(s, name, call));
    }

    private static Object call(Object selfObj, String name, Invocation call) {
        boolean markup = selfObj instanceof Markup;
        String self = Py.strValue(selfObj);
        List<Object> args = call.args();
        if (markup && MARKUP_WRAPPED.contains(name)) {
            List<Object> escaped = new ArrayList<>(args.size());
            for (Object a : args) {
                escaped.add(Py.isStr(a) ? Markup.escape(a).text() : a);
            }
            Object r = plain(self, name, new Invocation(call.callerContext(), escaped, call.kwargs()), false);
            return r instanceof String s ? new Markup(s) : r;
        }
        if (markup) {
            switch (name) {
                case "split", "rsplit", "splitlines" -> {
                    Object r = plain(self, name, call, false);
                    List<Object> out = new ArrayList<>();
                    for (Object o : (List<?>) r) {
                        out.add(new Markup((String) o));
                    }
                    return out;
                }
                case "partition", "rpartition" -> {
                    List<Object> escaped = new ArrayList<>();
                    for (Object a : args) {
                        escaped.add(Py.isStr(a) ? Markup.escape(a).text() : a);
                    }
                    PyTuple t = (PyTuple) plain(self, name, new Invocation(call.callerContext(), escaped, call.kwargs()), false);
                    return PyTuple.of(new Markup((String) t.get(0)), new Markup((String) t.get(1)), new Markup((String) t.get(2)));
                }
                case "join" -> {
                    Args.noKwargs("join", call.kwargs());
                    Args.count("str.join", args, 1, 1);
                    List<Object> items = new ArrayList<>();
                    for (Iterator<Object> it = Py.iter(args.get(0)); it.hasNext(); ) {
                        items.add(Markup.escape(it.next()).text());
                    }
                    return new Markup(join(self, items, call));
                }
                case "format", "format_map" -> {
                    return plain(self, name, call, true);
                }
                default -> {
                }
            }
        }
        return plain(self, name, call, false);
    }

    private static String fill(Object o) {
        if (!Py.isStr(o)) {
            throw Py.typeError("The fill character must be a unicode character, not " + Py.typeName(o));
        }
        String f = Py.strValue(o);
        if (PyStr.length(f) != 1) {
            throw Py.typeError("The fill character must be exactly one character long");
        }
        return f;
    }

    private static String chars(Object o, String method) {
        if (o == null || o == Missing.MISSING) {
            return null;
        }
        if (Py.isStr(o)) {
            return Py.strValue(o);
        }
        throw Py.typeError(method + " arg must be None or str");
    }

    private static Object plain(String self, String name, Invocation call, boolean markup) {
        List<Object> args = call.args();
        Map<String, Object> kw = call.kwargs();
        Ops.SizeCheck size = call.callerContext().state().size;
        switch (name) {
            case "capitalize", "casefold", "lower", "upper", "swapcase", "title", "isalnum", "isalpha", "isascii", "isdecimal",
                    "isdigit", "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper" -> {
                Args.noKwargs("str." + name, kw);
                Args.count("str." + name, args, 0, 0);
                return switch (name) {
                    case "capitalize" -> PyStr.capitalize(self);
                    case "casefold" -> PyStr.casefold(self);
                    case "lower" -> PyStr.lower(self);
                    case "upper" -> PyStr.upper(self);
                    case "swapcase" -> PyStr.swapcase(self);
                    case "title" -> PyStr.title(self);
                    case "isalnum" -> allCp(self, PyStr::isAlnum);
                    case "isalpha" -> allCp(self, PyStr::isAlpha);
                    case "isascii" -> self.chars().allMatch(c -> c < 128);
                    case "isdecimal" -> allCp(self, PyStr::isDecimal);
                    case "isdigit" -> allCp(self, PyStr::isDigit);
                    case "isidentifier" -> PyStr.isIdentifier(self);
                    case "islower" -> PyStr.isLower(self);
                    case "isnumeric" -> allCp(self, PyStr::isNumeric);
                    case "isprintable" -> self.isEmpty() || allCp(self, PyStr::isPrintable);
                    case "isspace" -> allCp(self, PyStr::isSpace);
                    case "istitle" -> PyStr.isTitle(self);
                    default -> PyStr.isUpper(self);
                };
            }
            case "center", "ljust", "rjust" -> {
                Args.noKwargs(name, kw);
                Args.count(name, args, 1, 2);
                long width = Conv.index(args.get(0));
                String f = args.size() > 1 ? fill(args.get(1)) : " ";
                size.check(width);
                return switch (name) {
                    case "center" -> PyStr.center(self, width, f);
                    case "ljust" -> PyStr.ljust(self, width, f);
                    default -> PyStr.rjust(self, width, f);
                };
            }
            case "zfill" -> {
                Args.noKwargs(name, kw);
                Args.count(name, args, 1, 1);
                long width = Conv.index(args.get(0));
                size.check(width);
                return PyStr.zfill(self, width);
            }
            case "count", "find", "rfind", "index", "rindex" -> {
                Args.noKwargs(name, kw);
                Args.count(name, args, 1, 3);
                String sub = Conv.str(args.get(0), "must be str");
                long len = PyStr.length(self);
                long[] r = Conv.range(args.size() > 1 ? args.get(1) : null, args.size() > 2 ? args.get(2) : null, len);
                if (name.equals("count")) {
                    return count(self, sub, r[0], r[1], len);
                }
                long found = name.startsWith("r") ? rfind(self, sub, r[0], r[1], len) : find(self, sub, r[0], r[1], len);
                if (found < 0 && name.endsWith("index")) {
                    throw Py.valueError("substring not found");
                }
                return found;
            }
            case "startswith", "endswith" -> {
                Args.noKwargs(name, kw);
                Args.count(name, args, 1, 3);
                Object prefix = args.get(0);
                long len = PyStr.length(self);
                long[] r = Conv.range(args.size() > 1 ? args.get(1) : null, args.size() > 2 ? args.get(2) : null, len);
                List<Object> candidates;
                if (prefix instanceof PyTuple t) {
                    candidates = t;
                    for (Object c : t) {
                        if (!Py.isStr(c)) {
                            throw Py.typeError("tuple for " + name + " must only contain str, not " + Py.typeName(c));
                        }
                    }
                } else if (Py.isStr(prefix)) {
                    candidates = List.of(prefix);
                } else {
                    throw Py.typeError(name + " first arg must be str or a tuple of str, not " + Py.typeName(prefix));
                }
                if (r[0] > len) {
                    return false;
                }
                String window = PyStr.substring(self, (int) r[0], (int) Math.max(r[0], r[1]));
                for (Object c : candidates) {
                    String p = Py.strValue(c);
                    if (r[1] < r[0]) {
                        continue;
                    }
                    if (name.equals("startswith") ? window.startsWith(p) : window.endsWith(p)) {
                        return true;
                    }
                }
                return false;
            }
            case "encode" -> throw Py.unsupported("bytes (str.encode)");
            case "maketrans" -> {
                return maketrans(args, kw);
            }
            case "expandtabs" -> {
                Object[] a = Args.bind("expandtabs", args, kw, new String[] {"tabsize"}, new Object[] {8L});
                long tabsize = Conv.index(a[0]);
                long tabs = self.chars().filter(ch -> ch == '\t').count();
                if (tabs > 0 && tabsize > 0) {
                    size.check(self.length() + Math.min(tabs, Long.MAX_VALUE / Math.max(1, tabsize)) * tabsize);
                }
                return PyStr.expandtabs(self, tabsize);
            }
            case "format" -> {
                return StrFormat.format(self, args, kw, Sandbox.ACCESS, markup, size);
            }
            case "format_map" -> {
                if (!kw.isEmpty()) {
                    throw Py.typeError("format_map() takes no keyword arguments");
                }
                if (args.size() != 1) {
                    throw Py.typeError("format_map() takes exactly one argument (" + args.size() + " given)");
                }
                return StrFormat.format(self, List.of(), args.get(0), Sandbox.ACCESS, markup, size);
            }
            case "join" -> {
                Args.noKwargs("str.join", kw);
                Args.count("str.join", args, 1, 1);
                List<Object> items = new ArrayList<>();
                int i = 0;
                for (Iterator<Object> it = Py.iter(args.get(0)); it.hasNext(); i++) {
                    Object item = it.next();
                    if (!Py.isStr(item)) {
                        throw Py.typeError("sequence item " + i + ": expected str instance, " + Py.typeName(item) + " found");
                    }
                    items.add(Py.strValue(item));
                }
                return join(self, items, call);
            }
            case "lstrip", "rstrip", "strip" -> {
                Args.noKwargs("str." + name, kw);
                Args.count(name, args, 0, 1);
                String cs = chars(args.isEmpty() ? null : args.get(0), name);
                return PyStr.strip(self, cs, !name.equals("rstrip"), !name.equals("lstrip"));
            }
            case "partition", "rpartition" -> {
                Args.noKwargs("str." + name, kw);
                Args.count(name, args, 1, 1);
                if (!Py.isStr(args.get(0))) {
                    throw Py.typeError("must be str, not " + Py.typeName(args.get(0)));
                }
                String sep = Py.strValue(args.get(0));
                if (sep.isEmpty()) {
                    throw Py.valueError("empty separator");
                }
                int k = name.equals("partition") ? self.indexOf(sep) : self.lastIndexOf(sep);
                if (k < 0) {
                    return name.equals("partition") ? PyTuple.of(self, "", "") : PyTuple.of("", "", self);
                }
                return PyTuple.of(self.substring(0, k), sep, self.substring(k + sep.length()));
            }
            case "removeprefix", "removesuffix" -> {
                Args.noKwargs("str." + name, kw);
                Args.count(name, args, 1, 1);
                if (!Py.isStr(args.get(0))) {
                    throw Py.typeError(name + "() argument must be str, not " + Py.typeName(args.get(0)));
                }
                String p = Py.strValue(args.get(0));
                if (name.equals("removeprefix")) {
                    return self.startsWith(p) ? self.substring(p.length()) : self;
                }
                return self.endsWith(p) && !p.isEmpty() ? self.substring(0, self.length() - p.length()) : self;
            }
            case "replace" -> {
                Args.noKwargs("str.replace", kw);
                Args.count("replace", args, 2, 3);
                for (int i = 0; i < 2; i++) {
                    if (!Py.isStr(args.get(i))) {
                        throw Py.typeError("replace() argument " + (i + 1) + " must be str, not " + Py.typeName(args.get(i)));
                    }
                }
                String old = Py.strValue(args.get(0));
                String rep = Py.strValue(args.get(1));
                long count = args.size() > 2 ? Conv.index(args.get(2)) : -1;
                long occurrences = old.isEmpty() ? PyStr.length(self) + 1 : countPlain(self, old);
                if (count >= 0) {
                    occurrences = Math.min(occurrences, count);
                }
                size.check(self.length() + occurrences * (rep.length() - old.length()));
                return PyStr.replace(self, old, rep, count);
            }
            case "split", "rsplit" -> {
                Object[] a = Args.bind(name, args, kw, new String[] {"sep", "maxsplit"}, new Object[] {null, -1L});
                String sep = null;
                if (a[0] != null) {
                    if (!Py.isStr(a[0])) {
                        throw Py.typeError("must be str or None, not " + Py.typeName(a[0]));
                    }
                    sep = Py.strValue(a[0]);
                }
                long max = Conv.index(a[1]);
                return name.equals("split") ? PyStr.split(self, sep, max) : PyStr.rsplit(self, sep, max);
            }
            case "splitlines" -> {
                Object[] a = Args.bind("splitlines", args, kw, new String[] {"keepends"}, new Object[] {false});
                return PyStr.splitlines(self, Py.truthy(a[0]));
            }
            case "translate" -> {
                Args.noKwargs("str.translate", kw);
                Args.count("translate", args, 1, 1);
                return translate(self, args.get(0));
            }
            default -> throw Py.unsupported("str." + name);
        }
    }

    private interface CpTest {
        boolean test(int cp);
    }

    private static boolean allCp(String s, CpTest t) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!t.test(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static String join(String sep, List<Object> items, Invocation call) {
        long total = 0;
        for (Object o : items) {
            total += ((String) o).length() + sep.length();
        }
        call.callerContext().state().size.check(total);
        StringBuilder b = new StringBuilder((int) Math.min(total, Integer.MAX_VALUE - 8));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(sep);
            }
            b.append((String) items.get(i));
        }
        return b.toString();
    }

    private static long countPlain(String s, String sub) {
        long c = 0;
        int i = 0;
        while ((i = s.indexOf(sub, i)) >= 0) {
            c++;
            i += sub.length();
        }
        return c;
    }

    private static long count(String self, String sub, long lo, long hi, long len) {
        long subLen = PyStr.length(sub);
        if (hi - lo < subLen) {
            return 0;
        }
        if (sub.isEmpty()) {
            return hi - lo + 1;
        }
        return countPlain(PyStr.substring(self, (int) lo, (int) hi), sub);
    }

    static long find(String self, String sub, long lo, long hi, long len) {
        if (lo > len || hi - lo < PyStr.length(sub)) {
            return -1;
        }
        String window = PyStr.substring(self, (int) lo, (int) hi);
        int k = window.indexOf(sub);
        return k < 0 ? -1 : lo + window.codePointCount(0, k);
    }

    static long rfind(String self, String sub, long lo, long hi, long len) {
        if (lo > len || hi - lo < PyStr.length(sub)) {
            return -1;
        }
        String window = PyStr.substring(self, (int) lo, (int) hi);
        int k = window.lastIndexOf(sub);
        return k < 0 ? -1 : lo + window.codePointCount(0, k);
    }

    private static Object translate(String self, Object table) {
        StringBuilder b = new StringBuilder(self.length());
        for (int i = 0; i < self.length(); ) {
            int cp = self.codePointAt(i);
            i += Character.charCount(cp);
            Object r;
            if (table instanceof Map<?, ?> m) {
                r = Py.mapGet(m, (long) cp);
            } else {
                r = Sandbox.rawGetitem(table, (long) cp);
            }
            if (r == Missing.MISSING) {
                b.appendCodePoint(cp);
            } else if (r == null) {
                continue;
            } else if (Py.isStr(r)) {
                b.append(Py.strValue(r));
            } else if (Num.isIntOrBool(r)) {
                long v = Num.toLong(r);
                if (v < 0 || v > 0x10ffff) {
                    throw Py.valueError("character mapping must be in range(0x110000)");
                }
                b.appendCodePoint((int) v);
            } else {
                throw Py.typeError("character mapping must return integer, None or str");
            }
        }
        return b.toString();
    }

    private static Object maketrans(List<Object> args, Map<String, Object> kw) {
        Args.noKwargs("maketrans", kw);
        Args.count("maketrans", args, 1, 3);
        PyDict out = new PyDict();
        if (args.size() == 1) {
            if (!(args.get(0) instanceof Map<?, ?> m)) {
                throw Py.typeError("if you give only one argument to maketrans it must be a dict");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                if (Py.isStr(k)) {
                    String s = Py.strValue(k);
                    if (PyStr.length(s) != 1) {
                        throw Py.valueError("string keys in translate table must be of length 1");
                    }
                    out.put((long) s.codePointAt(0), e.getValue());
                } else if (Num.isIntOrBool(k)) {
                    out.put(Num.toLong(k), e.getValue());
                } else {
                    throw Py.typeError("keys in translate table must be strings or integers");
                }
            }
            return out;
        }
        String x = Conv.str(args.get(0), "maketrans() argument 1 must be str");
        String y = Conv.str(args.get(1), "maketrans() argument 2 must be str");
        List<Object> xs = PyStr.chars(x);
        List<Object> ys = PyStr.chars(y);
        if (xs.size() != ys.size()) {
            throw Py.valueError("the first two maketrans arguments must have equal length");
        }
        for (int i = 0; i < xs.size(); i++) {
            out.put((long) ((String) xs.get(i)).codePointAt(0), (long) ((String) ys.get(i)).codePointAt(0));
        }
        if (args.size() == 3) {
            String z = Conv.str(args.get(2), "maketrans() argument 3 must be str");
            for (Object c : PyStr.chars(z)) {
                out.put((long) ((String) c).codePointAt(0), null);
            }
        }
        return out;
    }
}
