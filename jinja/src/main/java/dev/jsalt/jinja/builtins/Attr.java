package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.runtime.Sandbox;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.PyStr;
import dev.jsalt.jinja.value.Undefined;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Jinja2's make_attrgetter / make_multi_attrgetter ({@code attribute='a.b.0'} lookups) and ignore_case. */
final class Attr {
    private Attr() {
    }

    static List<Object> parts(Object attribute) {
        List<Object> out = new ArrayList<>();
        if (attribute == null) {
            return out;
        }
        if (attribute instanceof String s) {
            for (String part : s.split("\\.", -1)) {
                if (!part.isEmpty() && allDigits(part)) {
                    out.add(Num.norm(new BigInteger(asciiDigits(part))));
                } else {
                    out.add(part);
                }
            }
            return out;
        }
        out.add(attribute);
        return out;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!PyStr.isDigit(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static String asciiDigits(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            b.append(Character.forDigit(Math.max(0, Character.getNumericValue(cp)), 10));
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    static Object ignoreCase(Object v) {
        if (v instanceof String s) {
            return PyStr.lower(s);
        }
        if (v instanceof Markup m) {
            return new Markup(PyStr.lower(m.text()));
        }
        return v;
    }

    static Function<Object, Object> getter(Object attribute, Function<Object, Object> postprocess, Object dflt) {
        List<Object> parts = parts(attribute);
        return item -> {
            for (Object part : parts) {
                item = Sandbox.getitem(item, part);
                if (dflt != null && item instanceof Undefined) {
                    item = dflt;
                }
            }
            if (postprocess != null) {
                item = postprocess.apply(item);
            }
            return item;
        };
    }

    static Function<Object, Object> multiGetter(Object attribute, Function<Object, Object> postprocess) {
        List<List<Object>> all = new ArrayList<>();
        if (attribute instanceof String s) {
            for (String part : s.split(",", -1)) {
                all.add(parts(part));
            }
        } else {
            all.add(parts(attribute));
        }
        return item -> {
            List<Object> out = new ArrayList<>(all.size());
            for (List<Object> parts : all) {
                Object v = item;
                for (Object part : parts) {
                    v = Sandbox.getitem(v, part);
                }
                if (postprocess != null) {
                    v = postprocess.apply(v);
                }
                out.add(v);
            }
            return out;
        };
    }
}
