package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.FilterArgumentError;
import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.runtime.Sandbox;
import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.DictView;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Ops;
import dev.jsalt.jinja.value.PercentFormat;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyIter;
import dev.jsalt.jinja.value.PyStr;
import dev.jsalt.jinja.value.PyTuple;
import dev.jsalt.jinja.value.Undefined;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Jinja2 3.1's built-in filters (jinja2/filters.py), with autoescape off as Salt runs them. */
public final class Filters {
    private Filters() {
    }

    private static final Map<String, JinjaCallable> BUILTIN = Collections.unmodifiableMap(build());

    /** Filters Jinja2 marks pass_context: never evaluated at compile time. */
    public static final Set<String> PASS_CONTEXT = Set.of("random", "map", "select", "reject", "selectattr", "rejectattr");

    /** The built-in filters (the same instances every time, so a caller can tell them from host ones). */
    public static Map<String, JinjaCallable> all() {
        return BUILTIN;
    }

    private static Map<String, JinjaCallable> build() {
        Map<String, JinjaCallable> m = new LinkedHashMap<>();
        m.put("abs", Filters::abs);
        m.put("attr", Filters::attr);
        m.put("batch", Filters::batch);
        m.put("capitalize", c -> strMethod(c, "do_capitalize", "s", PyStr::capitalize));
        m.put("center", Filters::center);
        m.put("count", Filters::length);
        m.put("d", Filters::dflt);
        m.put("default", Filters::dflt);
        m.put("dictsort", Filters::dictsort);
        m.put("e", Filters::escape);
        m.put("escape", Filters::escape);
        m.put("filesizeformat", Filters::filesizeformat);
        m.put("first", Filters::first);
        m.put("float", Filters::toFloat);
        m.put("forceescape", Filters::forceescape);
        m.put("format", Filters::format);
        m.put("groupby", Filters::groupby);
        m.put("indent", Filters::indent);
        m.put("int", Filters::toInt);
        m.put("join", Filters::join);
        m.put("last", Filters::last);
        m.put("length", Filters::length);
        m.put("list", Filters::list);
        m.put("lower", c -> strMethod(c, "do_lower", "s", PyStr::lower));
        m.put("items", Filters::items);
        m.put("map", Filters::map);
        m.put("min", c -> minMax(c, "do_min", false));
        m.put("max", c -> minMax(c, "do_max", true));
        m.put("pprint", c -> PPrint.pformat(c.bind("do_pprint", new String[] {"value"})[0]));
        m.put("random", Filters::random);
        m.put("reject", c -> selectOrReject(c, "sync_do_reject", false, false));
        m.put("rejectattr", c -> selectOrReject(c, "sync_do_rejectattr", false, true));
        m.put("replace", Filters::replace);
        m.put("reverse", Filters::reverse);
        m.put("round", Filters::round);
        m.put("safe", c -> new Markup(Py.str(c.bind("do_mark_safe", new String[] {"value"})[0])));
        m.put("select", c -> selectOrReject(c, "sync_do_select", true, false));
        m.put("selectattr", c -> selectOrReject(c, "sync_do_selectattr", true, true));
        m.put("slice", Filters::slice);
        m.put("sort", Filters::sort);
        m.put("string", c -> softStr(c.bind("soft_str", new String[] {"value"})[0]));
        m.put("striptags", Filters::striptags);
        m.put("sum", Filters::sum);
        m.put("title", Filters::title);
        m.put("trim", Filters::trim);
        m.put("truncate", Filters::truncate);
        m.put("unique", Filters::unique);
        m.put("upper", c -> strMethod(c, "do_upper", "s", PyStr::upper));
        m.put("urlencode", Filters::urlencode);
        m.put("urlize", Filters::urlize);
        m.put("wordcount", Filters::wordcount);
        m.put("wordwrap", Filters::wordwrap);
        m.put("xmlattr", Filters::xmlattr);
        m.put("tojson", Filters::tojson);
        return m;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** markupsafe's soft_str: str (and Markup) unchanged, anything else str(). */
    static Object softStr(Object v) {
        if (v instanceof String || v instanceof Markup) {
            return v;
        }
        return Py.str(v);
    }

    private static Object strMethod(Invocation c, String fname, String param, Function<String, String> op) {
        Object v = softStr(c.bind(fname, new String[] {param})[0]);
        String r = op.apply(Py.strValue(v));
        return v instanceof Markup ? new Markup(r) : r;
    }

    /** A lazy generator: its body (the supplier) runs at the first next(), as a Python generator function. */
    static PyIter generator(String name, Supplier<Iterator<Object>> body) {
        return PyIter.generator(name, new Iterator<>() {
            Iterator<Object> it;

            private Iterator<Object> it() {
                if (it == null) {
                    it = body.get();
                }
                return it;
            }

            @Override
            public boolean hasNext() {
                return it().hasNext();
            }

            @Override
            public Object next() {
                return it().next();
            }
        });
    }

    private static Environment env(Invocation c) {
        return c.callerContext().environment();
    }

    private static Ops.SizeCheck size(Invocation c) {
        return c.callerContext().state().size;
    }

    /** Environment.call_filter / call_test by name. */
    static Object callNamed(Invocation c, Object name, Object value, List<Object> args, Map<String, Object> kwargs, boolean filter) {
        JinjaCallable fn = null;
        if (name instanceof Undefined u && u.isStrict()) {
            // the filter table lookup hashes the name: StrictUndefined refuses
            throw u.error();
        }
        if (Py.isStr(name)) {
            fn = filter ? env(c).filter(Py.strValue(name)) : env(c).test(Py.strValue(name));
        } else if (!(name instanceof Undefined)) {
            Py.hashKey(name);
        }
        if (fn == null) {
            String msg = "No " + (filter ? "filter" : "test") + " named " + Py.repr(name) + ".";
            if (name instanceof Undefined u) {
                msg = msg + " (" + u.message() + "; did you forget to quote the callable name?)";
            }
            throw new TemplateRuntimeError(msg);
        }
        List<Object> a = new ArrayList<>(args.size() + 1);
        a.add(value);
        a.addAll(args);
        return fn.call(new Invocation(c.callerContext(), a, new LinkedHashMap<>(kwargs)));
    }

    // ---- filters ----------------------------------------------------------------------------------------------

    private static Object abs(Invocation c) {
        Args.noKwargs("abs", c.kwargs());
        Args.count("abs", c.args(), 1, 1);
        Object v = c.args().get(0);
        if (v instanceof Undefined) {
            throw Py.typeError("bad operand type for abs(): '" + Py.typeName(v) + "'");
        }
        return Ops.abs(v);
    }

    private static Object attr(Invocation c) {
        Object[] a = c.bind("do_attr", new String[] {"obj", "name"});
        Object obj = a[0];
        if (!Py.isStr(a[1])) {
            throw Py.typeError("attribute name must be string, not '" + Py.typeName(a[1]) + "'");
        }
        String name = Py.strValue(a[1]);
        if (obj instanceof Undefined u) {
            if (name.startsWith("__")) {
                return Sandbox.getattr(obj, name);
            }
            throw u.error();
        }
        boolean exists = name.startsWith("_") ? Methods.dunder(obj, name) : Methods.attr(obj, name) != Missing.MISSING;
        if (!exists) {
            return Undefined.missingOn(obj, name);
        }
        return Sandbox.getattr(obj, name);
    }

    private static Object batch(Invocation c) {
        Object[] a = c.bind("do_batch", new String[] {"value", "linecount", "fill_with"}, (Object) null);
        Object value = a[0];
        Object linecount = a[1];
        Object fill = a[2];
        return generator("do_batch", () -> {
            List<Object> out = new ArrayList<>();
            List<Object> tmp = new ArrayList<>();
            for (Iterator<Object> it = Py.iter(value); it.hasNext(); ) {
                Object item = it.next();
                if (Py.eq((long) tmp.size(), linecount)) {
                    out.add(tmp);
                    tmp = new ArrayList<>();
                }
                tmp.add(item);
            }
            if (!tmp.isEmpty()) {
                if (fill != null && Py.lt((long) tmp.size(), linecount)) {
                    Object missing = Ops.sub(linecount, (long) tmp.size());
                    Object filler = Ops.mul(List.of(fill), missing, size(c));
                    tmp.addAll((List<?>) filler);
                }
                out.add(tmp);
            }
            return out.iterator();
        });
    }

    private static Object center(Invocation c) {
        Object[] a = c.bind("do_center", new String[] {"value", "width"}, 80L);
        Object v = softStr(a[0]);
        long width = Conv.index(a[1]);
        size(c).check(width);
        String r = PyStr.center(Py.strValue(v), width, " ");
        return v instanceof Markup ? new Markup(r) : r;
    }

    private static Object length(Invocation c) {
        Args.noKwargs("len", c.kwargs());
        Args.count("len", c.args(), 1, 1);
        return Py.len(c.args().get(0));
    }

    private static Object dflt(Invocation c) {
        Object[] a = c.bind("do_default", new String[] {"value", "default_value", "boolean"}, "", false);
        if (a[0] instanceof Undefined || (Py.truthy(a[2]) && !Py.truthy(a[0]))) {
            return a[1];
        }
        return a[0];
    }

    private static Object dictsort(Invocation c) {
        Object[] a = c.bind("do_dictsort", new String[] {"value", "case_sensitive", "by", "reverse"}, false, "key", false);
        int pos;
        if (Py.eq(a[2], "key")) {
            pos = 0;
        } else if (Py.eq(a[2], "value")) {
            pos = 1;
        } else {
            throw new FilterArgumentError("You can only sort by either \"key\" or \"value\"");
        }
        Object items = Sandbox.call(itemsMethod(a[0]), c.callerContext(), List.of(), Map.of());
        boolean caseSensitive = Py.truthy(a[1]);
        return PySort.sorted(Py.toList(items), item -> {
            Object v = Sandbox.getitem(item, (long) pos);
            return caseSensitive ? v : Attr.ignoreCase(v);
        }, Py.truthy(a[3]));
    }

    private static Object itemsMethod(Object value) {
        if (value instanceof Undefined u) {
            throw u.error();
        }
        Object m = Methods.attr(value, "items");
        if (m == Missing.MISSING) {
            throw Py.error(PythonError.Kind.AttributeError, "'" + Py.typeName(value) + "' object has no attribute 'items'");
        }
        return m;
    }

    private static Object escape(Invocation c) {
        Args.noKwargs("escape", c.kwargs());
        Args.count("escape", c.args(), 1, 1);
        return Markup.escape(c.args().get(0));
    }

    private static Object filesizeformat(Invocation c) {
        Object[] a = c.bind("do_filesizeformat", new String[] {"value", "binary"}, false);
        double bytes = Builtins.pyFloat(a[0]);
        boolean binary = Py.truthy(a[1]);
        int base = binary ? 1024 : 1000;
        String[] prefixes = binary ? new String[] {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"}
                : new String[] {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
        if (bytes == 1) {
            return "1 Byte";
        }
        if (bytes < base) {
            return Num.intStr(Builtins.pyInt(bytes)) + " Bytes";
        }
        double unit = 0;
        String prefix = null;
        for (int i = 0; i < prefixes.length; i++) {
            unit = Math.pow(base, i + 2);
            prefix = prefixes[i];
            if (bytes < unit) {
                return formatOne(base * bytes / unit) + " " + prefix;
            }
        }
        return formatOne(base * bytes / unit) + " " + prefix;
    }

    private static String formatOne(double d) {
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        }
        return (d < 0 || (d == 0 && 1 / d < 0) ? "-" : "") + Num.fixed(Math.abs(d), 1);
    }

    private static Object first(Invocation c) {
        Object[] a = c.bind("sync_do_first", new String[] {"seq"});
        Iterator<Object> it = Py.iter(a[0]);
        if (!it.hasNext()) {
            return Undefined.hint("No first item, sequence was empty.", null);
        }
        return it.next();
    }

    private static Object toFloat(Invocation c) {
        Object[] a = c.bind("do_float", new String[] {"value", "default"}, 0.0);
        try {
            return Builtins.pyFloat(a[0]);
        } catch (PythonError e) {
            if (e.kind() == PythonError.Kind.TypeError || e.kind() == PythonError.Kind.ValueError) {
                return a[1];
            }
            throw e;
        }
    }

    private static Object forceescape(Invocation c) {
        Object[] a = c.bind("do_forceescape", new String[] {"value"});
        Object v = a[0];
        if (v instanceof Markup m) {
            v = m.text();
        }
        return Markup.escape(Py.str(v));
    }

    private static Object format(Invocation c) {
        if (c.args().isEmpty()) {
            throw Py.typeError("do_format() missing 1 required positional argument: 'value'");
        }
        List<Object> args = c.args().subList(1, c.args().size());
        if (!args.isEmpty() && !c.kwargs().isEmpty()) {
            throw new FilterArgumentError("can't handle positional and keyword arguments at the same time");
        }
        Object v = softStr(c.args().get(0));
        Object params;
        if (!c.kwargs().isEmpty()) {
            PyDict d = new PyDict();
            d.putAll(c.kwargs());
            params = d;
        } else {
            params = PyTuple.ofList(args);
        }
        return PercentFormat.format(Py.strValue(v), params, v instanceof Markup, size(c));
    }

    private static Object groupby(Invocation c) {
        Object[] a = c.bind("sync_do_groupby", new String[] {"value", "attribute", "default", "case_sensitive"}, null, false);
        boolean cs = Py.truthy(a[3]);
        Function<Object, Object> expr = Attr.getter(a[1], cs ? null : Attr::ignoreCase, a[2]);
        List<Object> sorted = PySort.sorted(Py.toList(a[0]), expr, false);
        List<Object> out = new ArrayList<>();
        Object currentKey = Missing.MISSING;
        List<Object> group = null;
        for (Object item : sorted) {
            Object k = expr.apply(item);
            if (group == null || !Py.eq(currentKey, k)) {
                group = new ArrayList<>();
                out.add(new Object[] {k, group});
                currentKey = k;
            }
            group.add(item);
        }
        List<Object> result = new ArrayList<>();
        Function<Object, Object> outputExpr = cs ? null : Attr.getter(a[1], null, a[2]);
        for (Object o : out) {
            Object[] kv = (Object[]) o;
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) kv[1];
            Object key = cs ? kv[0] : outputExpr.apply(values.get(0));
            result.add(new GroupTuple(key, values));
        }
        return result;
    }

    private static Object indent(Invocation c) {
        Object[] a = c.bind("do_indent", new String[] {"s", "width", "first", "blank"}, 4L, false, false);
        Object s = a[0];
        Object width = a[1];
        String indention;
        if (Py.isStr(width)) {
            indention = Py.strValue(width);
        } else {
            indention = Py.strValue(Ops.mul(" ", width, size(c)));
        }
        boolean markup = s instanceof Markup;
        if (markup) {
            indention = Markup.escapeText(indention);
        }
        if (Py.isList(s)) {
            // s += "\n" extends a list (list.__iadd__), then s.splitlines() does not exist
            throw Py.error(PythonError.Kind.AttributeError, "'list' object has no attribute 'splitlines'");
        }
        Object withNewline = Ops.add(s, markup ? new Markup("\n") : "\n", size(c));
        String text = Py.strValue(withNewline);
        List<Object> lines = PyStr.splitlines(text, false);
        StringBuilder rv = new StringBuilder();
        if (Py.truthy(a[3])) {
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    rv.append('\n').append(indention);
                }
                rv.append((String) lines.get(i));
                size(c).check(rv.length());
            }
        } else {
            rv.append((String) lines.get(0));
            if (lines.size() > 1) {
                rv.append('\n');
                for (int i = 1; i < lines.size(); i++) {
                    if (i > 1) {
                        rv.append('\n');
                    }
                    String line = (String) lines.get(i);
                    if (!line.isEmpty()) {
                        rv.append(indention);
                    }
                    rv.append(line);
                    size(c).check(rv.length());
                }
            }
        }
        String result = Py.truthy(a[2]) ? indention + rv : rv.toString();
        return markup ? new Markup(result) : result;
    }

    private static Object toInt(Invocation c) {
        Object[] a = c.bind("do_int", new String[] {"value", "default", "base"}, 0L, 10L);
        Object value = a[0];
        try {
            if (Py.isStr(value)) {
                return Builtins.intFromString(Py.strValue(value), a[2]);
            }
            return Builtins.pyInt(value);
        } catch (PythonError e) {
            if (e.kind() != PythonError.Kind.TypeError && e.kind() != PythonError.Kind.ValueError) {
                throw e;
            }
            try {
                return Builtins.pyInt(Builtins.pyFloat(value));
            } catch (PythonError e2) {
                if (e2.kind() != PythonError.Kind.TypeError && e2.kind() != PythonError.Kind.ValueError) {
                    throw e2;
                }
                return a[1];
            }
        }
    }

    private static Object join(Invocation c) {
        Object[] a = c.bind("sync_do_join", new String[] {"value", "d", "attribute"}, "", null);
        Iterator<Object> it = Py.iter(a[0]);
        Function<Object, Object> getter = a[2] == null ? null : Attr.getter(a[2], null, null);
        String sep = Py.str(a[1]);
        StringBuilder b = new StringBuilder();
        boolean first = true;
        while (it.hasNext()) {
            Object item = it.next();
            if (getter != null) {
                item = getter.apply(item);
            }
            if (!first) {
                b.append(sep);
            }
            first = false;
            b.append(Py.str(item));
            size(c).check(b.length());
        }
        return b.toString();
    }

    private static Object last(Invocation c) {
        Object[] a = c.bind("do_last", new String[] {"seq"});
        Iterator<Object> it = Builtins.reversed(a[0]);
        if (!it.hasNext()) {
            return Undefined.hint("No last item, sequence was empty.", null);
        }
        return it.next();
    }

    private static Object list(Invocation c) {
        Object[] a = c.bind("sync_do_list", new String[] {"value"});
        return Py.toList(a[0]);
    }

    private static Object items(Invocation c) {
        Object[] a = c.bind("do_items", new String[] {"value"});
        Object value = a[0];
        return generator("do_items", () -> {
            if (value instanceof Undefined) {
                return Collections.emptyIterator();
            }
            if (!(value instanceof Map)) {
                throw Py.typeError("Can only get item pairs from a mapping.");
            }
            return new DictView((Map<?, ?>) value, DictView.Kind.ITEMS).iterator();
        });
    }

    private static Object map(Invocation c) {
        if (c.args().isEmpty()) {
            throw Py.typeError("sync_do_map() missing 1 required positional argument: 'value'");
        }
        Object value = c.args().get(0);
        List<Object> args = new ArrayList<>(c.args().subList(1, c.args().size()));
        Map<String, Object> kwargs = new LinkedHashMap<>(c.kwargs());
        return generator("sync_do_map", () -> {
            if (!Py.truthy(value)) {
                return Collections.emptyIterator();
            }
            Function<Object, Object> func;
            if (args.isEmpty() && kwargs.containsKey("attribute")) {
                Object attribute = kwargs.remove("attribute");
                Object dflt = kwargs.containsKey("default") ? kwargs.remove("default") : null;
                if (!kwargs.isEmpty()) {
                    throw new FilterArgumentError("Unexpected keyword argument " + Py.repr(kwargs.keySet().iterator().next()));
                }
                func = Attr.getter(attribute, null, dflt);
            } else {
                if (args.isEmpty()) {
                    throw new FilterArgumentError("map requires a filter argument");
                }
                Object name = args.get(0);
                List<Object> rest = args.subList(1, args.size());
                func = item -> callNamed(c, name, item, rest, kwargs, true);
            }
            Iterator<Object> it = Py.iter(value);
            Function<Object, Object> f = func;
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Object next() {
                    return f.apply(it.next());
                }
            };
        });
    }

    private static Object minMax(Invocation c, String fname, boolean max) {
        Object[] a = c.bind(fname, new String[] {"value", "case_sensitive", "attribute"}, false, null);
        Iterator<Object> it = Py.iter(a[0]);
        if (!it.hasNext()) {
            return Undefined.hint("No aggregated item, sequence was empty.", null);
        }
        Function<Object, Object> key = Attr.getter(a[2], Py.truthy(a[1]) ? null : Attr::ignoreCase, null);
        Object best = it.next();
        Object bestKey = key.apply(best);
        while (it.hasNext()) {
            Object item = it.next();
            Object k = key.apply(item);
            if (Py.compare(k, bestKey, max ? Py.Cmp.GT : Py.Cmp.LT)) {
                best = item;
                bestKey = k;
            }
        }
        return best;
    }

    private static Object random(Invocation c) {
        Object[] a = c.bind("do_random", new String[] {"seq"});
        Object seq = a[0];
        long n = Py.len(seq);
        if (n == 0) {
            return Undefined.hint("No random item, sequence was empty.", null);
        }
        Object item = Sandbox.rawGetitem(seq, ThreadLocalRandom.current().nextLong(n));
        if (item == Missing.MISSING) {
            throw Py.typeError("'" + Py.typeName(seq) + "' object is not subscriptable");
        }
        return item;
    }

    private static Object selectOrReject(Invocation c, String fname, boolean select, boolean lookupAttr) {
        if (c.args().isEmpty()) {
            throw Py.typeError(fname + "() missing 1 required positional argument: 'value'");
        }
        Object value = c.args().get(0);
        List<Object> args = new ArrayList<>(c.args().subList(1, c.args().size()));
        Map<String, Object> kwargs = new LinkedHashMap<>(c.kwargs());
        return generator(fname, () -> {
            if (!Py.truthy(value)) {
                return Collections.emptyIterator();
            }
            Function<Object, Object> transfunc;
            int off;
            if (lookupAttr) {
                if (args.isEmpty()) {
                    throw new FilterArgumentError("Missing parameter for attribute name");
                }
                transfunc = Attr.getter(args.get(0), null, null);
                off = 1;
            } else {
                transfunc = x -> x;
                off = 0;
            }
            Function<Object, Object> func;
            if (args.size() > off) {
                Object name = args.get(off);
                List<Object> rest = args.subList(1 + off, args.size());
                func = item -> callNamed(c, name, item, rest, kwargs, false);
            } else {
                func = item -> Py.truthy(item);
            }
            Iterator<Object> it = Py.iter(value);
            return new Iterator<>() {
                Object next = Missing.MISSING;

                @Override
                public boolean hasNext() {
                    while (next == Missing.MISSING && it.hasNext()) {
                        Object item = it.next();
                        boolean ok = Py.truthy(func.apply(transfunc.apply(item)));
                        if (ok == select) {
                            next = item;
                        }
                    }
                    return next != Missing.MISSING;
                }

                @Override
                public Object next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Object rv = next;
                    next = Missing.MISSING;
                    return rv;
                }
            };
        });
    }

    private static Object replace(Invocation c) {
        Object[] a = c.bind("do_replace", new String[] {"s", "old", "new", "count"}, (Object) null);
        String s = Py.str(a[0]);
        String old = Py.str(a[1]);
        String rep = Py.str(a[2]);
        long count = a[3] == null ? -1 : Conv.index(a[3]);
        long occurrences = old.isEmpty() ? PyStr.length(s) + 1 : countOf(s, old);
        if (count >= 0) {
            occurrences = Math.min(occurrences, count);
        }
        size(c).check(s.length() + occurrences * (rep.length() - old.length()));
        return PyStr.replace(s, old, rep, count);
    }

    private static long countOf(String s, String sub) {
        long n = 0;
        int i = 0;
        while ((i = s.indexOf(sub, i)) >= 0) {
            n++;
            i += sub.length();
        }
        return n;
    }

    private static Object reverse(Invocation c) {
        Object[] a = c.bind("do_reverse", new String[] {"value"});
        Object value = a[0];
        if (Py.isStr(value)) {
            return Sandbox.slice(value, null, null, -1L);
        }
        try {
            return Builtins.reversedObject(value);
        } catch (PythonError e) {
            if (e.kind() != PythonError.Kind.TypeError) {
                throw e;
            }
            try {
                List<Object> rv = Py.toList(value);
                Collections.reverse(rv);
                return rv;
            } catch (PythonError e2) {
                if (e2.kind() != PythonError.Kind.TypeError) {
                    throw e2;
                }
                throw new FilterArgumentError("argument must be iterable");
            }
        }
    }

    private static Object round(Invocation c) {
        Object[] a = c.bind("do_round", new String[] {"value", "precision", "method"}, 0L, "common");
        Object method = a[2];
        if (!(Py.eq(method, "common") || Py.eq(method, "ceil") || Py.eq(method, "floor"))) {
            throw new FilterArgumentError("method must be common, ceil or floor");
        }
        Object value = a[0];
        Object precision = a[1];
        if (Py.eq(method, "common")) {
            return Builtins.pyRound(value, precision);
        }
        Object scale = Ops.pow(10L, precision);
        Object scaled = Ops.mul(value, scale, size(c));
        Object r = Py.eq(method, "ceil") ? Builtins.ceil(scaled) : Builtins.floor(scaled);
        return Ops.truediv(r, scale);
    }

    private static Object slice(Invocation c) {
        Object[] a = c.bind("sync_do_slice", new String[] {"value", "slices", "fill_with"}, (Object) null);
        Object value = a[0];
        Object slicesObj = a[1];
        Object fill = a[2];
        return generator("sync_do_slice", () -> {
            List<Object> seq = Py.toList(value);
            long length = seq.size();
            long slices = Conv.index(slicesObj);
            // one list per slice: bounded like any other value the render builds
            size(c).check(slices);
            Object perObj = Ops.floordiv(length, slices);
            long itemsPerSlice = Num.toLong(perObj);
            long slicesWithExtra = Num.toLong(Ops.mod(length, slices, Ops.SizeCheck.NONE));
            long offset = 0;
            List<Object> out = new ArrayList<>();
            for (long n = 0; n < slices; n++) {
                long start = offset + n * itemsPerSlice;
                if (n < slicesWithExtra) {
                    offset += 1;
                }
                long end = offset + (n + 1) * itemsPerSlice;
                @SuppressWarnings("unchecked")
                List<Object> tmp = (List<Object>) Sandbox.slice(seq, start, end, null);
                if (fill != null && n >= slicesWithExtra) {
                    tmp.add(fill);
                }
                out.add(tmp);
            }
            return out.iterator();
        });
    }

    private static Object sort(Invocation c) {
        Object[] a = c.bind("do_sort", new String[] {"value", "reverse", "case_sensitive", "attribute"}, false, false, null);
        Function<Object, Object> key = Attr.multiGetter(a[3], Py.truthy(a[2]) ? null : Attr::ignoreCase);
        return PySort.sorted(Py.toList(a[0]), key, Py.truthy(a[1]));
    }

    private static Object striptags(Invocation c) {
        Object[] a = c.bind("do_striptags", new String[] {"value"});
        Object v = a[0];
        String text = v instanceof Markup m ? m.text() : Py.str(v);
        return Html.striptags(text);
    }

    private static Object sum(Invocation c) {
        Object[] a = c.bind("sync_do_sum", new String[] {"iterable", "attribute", "start"}, null, 0L);
        Object start = a[2];
        if (Py.isStr(start)) {
            throw Py.typeError("sum() can't sum strings [use ''.join(seq) instead]");
        }
        Function<Object, Object> getter = a[1] == null ? null : Attr.getter(a[1], null, null);
        Object total = start;
        for (Iterator<Object> it = Py.iter(a[0]); it.hasNext(); ) {
            Object item = it.next();
            if (getter != null) {
                item = getter.apply(item);
            }
            total = Ops.add(total, item, size(c));
        }
        return total;
    }

    private static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s({\\[<]+)", Pattern.UNICODE_CHARACTER_CLASS);

    private static Object title(Invocation c) {
        Object v = softStr(c.bind("do_title", new String[] {"s"})[0]);
        String s = Py.strValue(v);
        StringBuilder b = new StringBuilder(s.length());
        Matcher m = WORD_BEGINNING.matcher(s);
        int last = 0;
        List<String> items = new ArrayList<>();
        while (m.find()) {
            items.add(s.substring(last, m.start()));
            items.add(m.group(1));
            last = m.end();
        }
        items.add(s.substring(last));
        for (String item : items) {
            if (item.isEmpty()) {
                continue;
            }
            int cp = item.codePointAt(0);
            b.append(PyStr.upper(new String(Character.toChars(cp))));
            b.append(PyStr.lower(item.substring(Character.charCount(cp))));
        }
        return v instanceof Markup ? new Markup(b.toString()) : b.toString();
    }

    private static Object trim(Invocation c) {
        Object[] a = c.bind("do_trim", new String[] {"value", "chars"}, (Object) null);
        Object v = softStr(a[0]);
        String chars = null;
        if (a[1] != null) {
            if (!Py.isStr(a[1])) {
                throw Py.typeError("strip arg must be None or str");
            }
            chars = Py.strValue(a[1]);
        }
        String r = PyStr.strip(Py.strValue(v), chars, true, true);
        return v instanceof Markup ? new Markup(r) : r;
    }

    private static Object truncate(Invocation c) {
        Object[] a = c.bind("do_truncate", new String[] {"s", "length", "killwords", "end", "leeway"}, 255L, false, "...", null);
        Object s = a[0];
        Object length = a[1];
        Object end = a[3];
        Object leeway = a[4] == null ? 5L : a[4];
        long endLen = Py.len(end);
        if (!Py.compare(length, endLen, Py.Cmp.GE)) {
            throw Py.error(PythonError.Kind.AssertionError, "expected length >= " + endLen + ", got " + Py.str(length));
        }
        if (!Py.compare(leeway, 0L, Py.Cmp.GE)) {
            throw Py.error(PythonError.Kind.AssertionError, "expected leeway >= 0, got " + Py.str(leeway));
        }
        long sLen = Py.len(s);
        if (Py.compare(sLen, Ops.add(length, leeway, size(c)), Py.Cmp.LE)) {
            return s;
        }
        Object cut = Ops.sub(length, endLen);
        Object head = Sandbox.slice(s, null, cut, null);
        if (Py.truthy(a[2])) {
            return Ops.add(head, end, size(c));
        }
        String h = Py.strValue(head);
        List<Object> parts = PyStr.rsplit(h, " ", 1);
        Object result = parts.get(0);
        if (head instanceof Markup) {
            result = new Markup((String) result);
        }
        return Ops.add(result, end, size(c));
    }

    private static Object unique(Invocation c) {
        Object[] a = c.bind("do_unique", new String[] {"value", "case_sensitive", "attribute"}, false, null);
        Object value = a[0];
        Function<Object, Object> getter = Attr.getter(a[2], Py.truthy(a[1]) ? null : Attr::ignoreCase, null);
        return generator("do_unique", () -> {
            Iterator<Object> it = Py.iter(value);
            Set<Object> seen = new HashSet<>();
            return new Iterator<>() {
                Object next = Missing.MISSING;

                @Override
                public boolean hasNext() {
                    while (next == Missing.MISSING && it.hasNext()) {
                        Object item = it.next();
                        Object key = Py.hashKey(getter.apply(item));
                        if (seen.add(key == null ? NONE : key)) {
                            next = item;
                        }
                    }
                    return next != Missing.MISSING;
                }

                @Override
                public Object next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Object rv = next;
                    next = Missing.MISSING;
                    return rv;
                }
            };
        });
    }

    private static final Object NONE = new Object();

    /** urllib.parse.quote of str(obj) in UTF-8; for_qs quotes '/' too and spaces as '+'. */
    static String urlQuote(Object obj, boolean forQs) {
        String s = Py.isStr(obj) ? Py.strValue(obj) : Py.str(obj);
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'
                    || c == '~' || (!forQs && c == '/')) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        String r = b.toString();
        return forQs ? r.replace("%20", "+") : r;
    }

    private static Object urlencode(Invocation c) {
        Object[] a = c.bind("do_urlencode", new String[] {"value"});
        Object value = a[0];
        if (Py.isStr(value) || !Py.isIterable(value)) {
            if (value instanceof Undefined u) {
                u.failIfStrict();
            }
            return urlQuote(value, false);
        }
        Iterator<Object> items = value instanceof Map<?, ?> m ? new DictView(m, DictView.Kind.ITEMS).iterator() : Py.iter(value);
        List<String> parts = new ArrayList<>();
        while (items.hasNext()) {
            Object[] kv = dev.jsalt.jinja.builtins.Builtins.unpack2(items.next());
            parts.add(urlQuote(kv[0], true) + "=" + urlQuote(kv[1], true));
        }
        return String.join("&", parts);
    }

    private static final Pattern URI_SCHEME = Pattern.compile("^([\\w.+-]{2,}:(/){0,2})$", Pattern.UNICODE_CHARACTER_CLASS);

    private static Object urlize(Invocation c) {
        Object[] a = c.bind("do_urlize", new String[] {"value", "trim_url_limit", "nofollow", "target", "rel", "extra_schemes"},
                null, false, null, null, null);
        List<String> relParts = new ArrayList<>();
        if (a[4] != null && Py.truthy(a[4])) {
            for (Object p : PyStr.split(Py.strValue(a[4]), null, -1)) {
                if (!relParts.contains(p)) {
                    relParts.add((String) p);
                }
            }
        }
        if (Py.truthy(a[2]) && !relParts.contains("nofollow")) {
            relParts.add("nofollow");
        }
        if (!relParts.contains("noopener")) {
            relParts.add("noopener");
        }
        Collections.sort(relParts);
        String rel = relParts.isEmpty() ? null : String.join(" ", relParts);
        String target = a[3] == null ? null : Py.str(a[3]);
        List<String> schemes = new ArrayList<>();
        if (a[5] != null) {
            for (Iterator<Object> it = Py.iter(a[5]); it.hasNext(); ) {
                Object s = it.next();
                String scheme = Py.str(s);
                if (!URI_SCHEME.matcher(scheme).matches()) {
                    throw new FilterArgumentError(Py.repr(s) + " is not a valid URI scheme prefix.");
                }
                schemes.add(scheme);
            }
        }
        Long limit = a[1] == null ? null : Conv.index(a[1]);
        return Urlize.urlize(Py.str(a[0]), limit, rel, target, schemes);
    }

    private static Object wordcount(Invocation c) {
        Object v = softStr(c.bind("do_wordcount", new String[] {"s"})[0]);
        String s = Py.strValue(v);
        long count = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean word = PyStr.isWord(cp);
            if (word && !in) {
                count++;
            }
            in = word;
            i += Character.charCount(cp);
        }
        return count;
    }

    private static Object wordwrap(Invocation c) {
        Object[] a = c.bind("do_wordwrap", new String[] {"s", "width", "break_long_words", "wrapstring", "break_on_hyphens"},
                79L, true, null, true);
        String wrapstring = a[3] == null ? "\n" : Py.str(a[3]);
        if (a[0] instanceof Undefined u) {
            throw u.error();
        }
        if (!Py.isStr(a[0])) {
            throw Py.error(PythonError.Kind.AttributeError, "'" + Py.typeName(a[0]) + "' object has no attribute 'splitlines'");
        }
        String s = Py.strValue(a[0]);
        long width = Conv.index(a[1]);
        List<String> paragraphs = new ArrayList<>();
        long total = 0;
        for (Object line : PyStr.splitlines(s, false)) {
            List<String> lines = TextWrap.wrap((String) line, width, Py.truthy(a[2]), Py.truthy(a[4]));
            for (String l : lines) {
                total += l.length() + wrapstring.length();
            }
            size(c).check(total);
            paragraphs.add(String.join(wrapstring, lines));
        }
        return String.join(wrapstring, paragraphs);
    }

    private static final Pattern ATTR_KEY = Pattern.compile("[\\s/>=]");

    private static Object xmlattr(Invocation c) {
        Object[] a = c.bind("do_xmlattr", new String[] {"d", "autospace"}, true);
        Object items = Sandbox.call(itemsMethod(a[0]), c.callerContext(), List.of(), Map.of());
        List<String> parts = new ArrayList<>();
        for (Iterator<Object> it = Py.iter(items); it.hasNext(); ) {
            Object[] kv = Builtins.unpack2(it.next());
            Object key = kv[0];
            Object value = kv[1];
            if (value == null || value instanceof Undefined) {
                continue;
            }
            if (!Py.isStr(key)) {
                throw Py.typeError("expected string or bytes-like object, got '" + Py.typeName(key) + "'");
            }
            if (ATTR_KEY.matcher(Py.strValue(key)).find()) {
                throw Py.valueError("Invalid character in attribute name: " + Py.repr(key));
            }
            parts.add(Markup.escape(key).text() + "=\"" + Markup.escape(value).text() + "\"");
        }
        String rv = String.join(" ", parts);
        if (Py.truthy(a[1]) && !rv.isEmpty()) {
            rv = " " + rv;
        }
        return rv;
    }

    private static Object tojson(Invocation c) {
        Object[] a = c.bind("do_tojson", new String[] {"value", "indent"}, (Object) null);
        Markup m = Json.htmlsafe(a[0], a[1], size(c));
        return m;
    }
}
