package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.runtime.Cycler;
import dev.jsalt.jinja.runtime.Joiner;
import dev.jsalt.jinja.runtime.Namespace;
import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyObject;
import dev.jsalt.jinja.value.PyRange;
import dev.jsalt.jinja.value.PyTuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Jinja2's default globals: range (the sandbox's bounded one), dict, lipsum, cycler, joiner, namespace. */
public final class Globals {
    private Globals() {
    }

    /** A builtin class-like callable printing as Python prints the class. */
    private record Builtin(String repr, JinjaCallable body) implements PyObject, JinjaCallable {
        @Override
        public Object call(Invocation call) {
            return body.call(call);
        }

        @Override
        public Object getAttr(String name) {
            return Missing.MISSING;
        }

        @Override
        public String typeName() {
            return repr.startsWith("<class") ? "type" : "function";
        }

        private static final java.util.Set<String> DUNDERS = java.util.Set.of("__annotations__", "__builtins__", "__call__",
                "__closure__", "__code__", "__defaults__", "__dict__", "__get__", "__globals__", "__kwdefaults__", "__module__",
                "__name__", "__qualname__", "__mro__", "__base__", "__bases__", "__subclasses__", "__weakref__", "__slots__",
                "__instancecheck__", "__subclasscheck__", "__prepare__", "__class_getitem__", "__or__", "__ror__", "__text_signature__",
                "__type_params__", "__basicsize__", "__itemsize__", "__flags__", "__dictoffset__", "__weakrefoffset__", "__abstractmethods__");

        @Override
        public boolean hasPrivate(String name) {
            return DUNDERS.contains(name);
        }

        @Override
        public String repr() {
            return repr.contains("%s") ? String.format(repr, Py.fakeAddress(this)) : repr;
        }
    }

    /** True for the engine's own global functions (range, dict, lipsum, cycler, joiner, namespace). */
    public static boolean isBuiltin(Object o) {
        return o instanceof Builtin;
    }

    public static Map<String, Object> all() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("range", new Builtin("<function safe_range at %s>", Globals::range));
        m.put("dict", new Builtin("<class 'dict'>", Globals::dict));
        m.put("lipsum", new Builtin("<function generate_lorem_ipsum at %s>", Globals::lipsum));
        m.put("cycler", new Builtin("<class 'jinja2.utils.Cycler'>", c -> {
            Args.noKwargs("Cycler", c.kwargs());
            return new Cycler(PyTuple.ofList(c.args()));
        }));
        m.put("joiner", new Builtin("<class 'jinja2.utils.Joiner'>", c -> {
            Object[] a = c.bind("Joiner.__init__", new String[] {"sep"}, ", ");
            return new Joiner(a[0]);
        }));
        m.put("namespace", new Builtin("<class 'jinja2.utils.Namespace'>", c -> new Namespace(dictOf(c, "Namespace"))));
        return m;
    }

    private static Object range(Invocation c) {
        Args.noKwargs("range", c.kwargs());
        List<Object> args = c.args();
        if (args.isEmpty()) {
            throw Py.typeError("range expected at least 1 argument, got 0");
        }
        if (args.size() > 3) {
            throw Py.typeError("range expected at most 3 arguments, got " + args.size());
        }
        BigInteger[] v = new BigInteger[args.size()];
        for (int i = 0; i < v.length; i++) {
            Object a = args.get(i);
            if (a instanceof dev.jsalt.jinja.value.Undefined u) {
                throw Py.typeError("'" + Py.typeName(u) + "' object cannot be interpreted as an integer");
            }
            if (!Num.isIntOrBool(a)) {
                throw Py.typeError("'" + Py.typeName(a) + "' object cannot be interpreted as an integer");
            }
            v[i] = Num.toBig(a);
        }
        BigInteger start = v.length == 1 ? BigInteger.ZERO : v[0];
        BigInteger stop = v.length == 1 ? v[0] : v[1];
        BigInteger step = v.length == 3 ? v[2] : BigInteger.ONE;
        if (step.signum() == 0) {
            throw Py.valueError("range() arg 3 must not be zero");
        }
        BigInteger length;
        if (step.signum() > 0) {
            length = start.compareTo(stop) < 0 ? stop.subtract(start).subtract(BigInteger.ONE).divide(step).add(BigInteger.ONE) : BigInteger.ZERO;
        } else {
            length = start.compareTo(stop) > 0 ? start.subtract(stop).subtract(BigInteger.ONE).divide(step.negate()).add(BigInteger.ONE)
                    : BigInteger.ZERO;
        }
        long max = c.callerContext().state().limits.maxRangeLength();
        if (length.compareTo(BigInteger.valueOf(max)) > 0) {
            throw Py.error(PythonError.Kind.OverflowError, "Range too big. The sandbox blocks ranges larger than MAX_RANGE (" + max + ").");
        }
        if (start.bitLength() > 62 || stop.bitLength() > 62 || step.bitLength() > 62) {
            throw Py.unsupported("range() bounds beyond 64-bit integers");
        }
        return new PyRange(start.longValue(), stop.longValue(), step.longValue());
    }

    /** dict(*args, **kwargs). */
    static PyDict dictOf(Invocation c, String name) {
        if (c.args().size() > 1) {
            throw Py.typeError(name + " expected at most 1 argument, got " + c.args().size());
        }
        PyDict d = new PyDict();
        if (!c.args().isEmpty()) {
            DictMethods.update(d, c.args().get(0));
        }
        for (Map.Entry<String, Object> e : c.kwargs().entrySet()) {
            d.put(e.getKey(), e.getValue());
        }
        return d;
    }

    private static Object dict(Invocation c) {
        return dictOf(c, "dict");
    }

    private static final String[] WORDS = ("a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue"
            + " bibendum blandit class commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur"
            + " curae cursus dapibus diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim"
            + " erat eros est et etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida"
            + " habitant habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia"
            + " lacus laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis"
            + " mauris metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy"
            + " nostra nulla nullam nunc odio orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat"
            + " platea porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis quisque rhoncus"
            + " ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin"
            + " suscipit suspendisse taciti tellus tempor tempus tincidunt torquent tortor tristique turpis ullamcorper ultrices"
            + " ultricies urna ut varius vehicula vel velit venenatis vestibulum vitae vivamus viverra volutpat vulputate").split(" ");

    /** Jinja2's generate_lorem_ipsum (random, so never byte-compared). */
    private static Object lipsum(Invocation c) {
        Object[] a = c.bind("generate_lorem_ipsum", new String[] {"n", "html", "min", "max"}, 5L, true, 20L, 100L);
        long n = Math.min(Conv.index(a[0]), 1000);
        long min = Conv.index(a[2]);
        long max = Conv.index(a[3]);
        if (max <= min) {
            throw Py.valueError("empty range for randrange() (" + min + ", " + max + ", " + (max - min) + ")");
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        List<String> result = new ArrayList<>();
        for (long k = 0; k < n; k++) {
            boolean nextCapitalized = true;
            long lastComma = 0;
            long lastFullstop = 0;
            String last = null;
            List<String> p = new ArrayList<>();
            long count = r.nextLong(min, max);
            for (long idx = 0; idx < count; idx++) {
                String word;
                do {
                    word = WORDS[r.nextInt(WORDS.length)];
                } while (word.equals(last));
                last = word;
                if (nextCapitalized) {
                    word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                    nextCapitalized = false;
                }
                if (idx - r.nextLong(3, 8) > lastComma) {
                    lastComma = idx;
                    lastFullstop += 2;
                    word += ",";
                }
                if (idx - r.nextLong(10, 20) > lastFullstop) {
                    lastComma = idx;
                    lastFullstop = idx;
                    word += ".";
                    nextCapitalized = true;
                }
                p.add(word);
            }
            String ps = String.join(" ", p);
            if (ps.endsWith(",")) {
                ps = ps.substring(0, ps.length() - 1) + ".";
            } else if (!ps.endsWith(".")) {
                ps += ".";
            }
            result.add(ps);
        }
        if (!Py.truthy(a[1])) {
            return String.join("\n\n", result);
        }
        List<String> html = new ArrayList<>();
        for (String x : result) {
            html.add("<p>" + Markup.escapeText(x) + "</p>");
        }
        return new Markup(String.join("\n", html));
    }
}
