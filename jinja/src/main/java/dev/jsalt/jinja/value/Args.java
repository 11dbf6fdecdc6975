package dev.jsalt.jinja.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python's argument binding for functions implemented in Java (filters, tests, methods, host functions). */
public final class Args {
    private Args() {
    }

    /**
     * Binds positional and keyword arguments to {@code names}; {@code defaults} apply to the trailing names
     * ({@link Missing#MISSING} marks a required one among them). Unknown keywords, duplicates, too many or too
     * few arguments raise TypeError with Python's wording.
     */
    public static Object[] bind(String function, List<Object> args, Map<String, Object> kwargs, String[] names, Object[] defaults) {
        Object[] out = new Object[names.length];
        int nd = defaults == null ? 0 : defaults.length;
        int firstDefault = names.length - nd;
        if (args.size() > names.length) {
            int required = 0;
            for (int i = 0; i < names.length; i++) {
                if (i < firstDefault || defaults[i - firstDefault] == Missing.MISSING) {
                    required = i + 1;
                }
            }
            String takes = required == names.length ? Integer.toString(names.length) : "from " + required + " to " + names.length;
            throw Py.typeError(function + "() takes " + takes + " positional argument" + (names.length == 1 && required == 1 ? "" : "s")
                    + " but " + args.size() + (args.size() == 1 ? " was" : " were") + " given");
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Missing.MISSING;
        }
        for (int i = 0; i < args.size(); i++) {
            out[i] = args.get(i);
        }
        if (kwargs != null) {
            for (Map.Entry<String, Object> e : kwargs.entrySet()) {
                int idx = -1;
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(e.getKey())) {
                        idx = i;
                        break;
                    }
                }
                if (idx < 0) {
                    throw Py.typeError(function + "() got an unexpected keyword argument '" + e.getKey() + "'");
                }
                if (out[idx] != Missing.MISSING) {
                    throw Py.typeError(function + "() got multiple values for argument '" + e.getKey() + "'");
                }
                out[idx] = e.getValue();
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == Missing.MISSING) {
                Object d = i >= firstDefault ? defaults[i - firstDefault] : Missing.MISSING;
                if (d == Missing.MISSING) {
                    missing.add("'" + names[i] + "'");
                } else {
                    out[i] = d;
                }
            }
        }
        if (!missing.isEmpty()) {
            String list = missing.size() == 1 ? missing.get(0)
                    : String.join(", ", missing.subList(0, missing.size() - 1)) + " and " + missing.get(missing.size() - 1);
            throw Py.typeError(function + "() missing " + missing.size() + " required positional argument"
                    + (missing.size() == 1 ? "" : "s") + ": " + list);
        }
        return out;
    }

    /** Refuses keyword arguments (a C-implemented method). */
    public static void noKwargs(String function, Map<String, Object> kwargs) {
        if (kwargs != null && !kwargs.isEmpty()) {
            throw Py.typeError(function + "() takes no keyword arguments");
        }
    }

    /** Checks the positional count of a C-implemented method. */
    public static void count(String function, List<Object> args, int min, int max) {
        int n = args.size();
        if (n < min || n > max) {
            if (max == 0) {
                throw Py.typeError(function + "() takes no arguments (" + n + " given)");
            }
            if (min == max) {
                throw Py.typeError(function + "() takes exactly " + (min == 1 ? "one argument" : min + " arguments") + " (" + n + " given)");
            }
            if (n < min) {
                throw Py.typeError(function + " expected at least " + min + " argument" + (min == 1 ? "" : "s") + ", got " + n);
            }
            throw Py.typeError(function + " expected at most " + max + " argument" + (max == 1 ? "" : "s") + ", got " + n);
        }
    }
}
