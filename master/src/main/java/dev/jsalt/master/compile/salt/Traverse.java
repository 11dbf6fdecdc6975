package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyStr;

import java.util.List;
import java.util.Map;

/**
 * Salt's {@code salt.utils.data.traverse_dict_and_list}: the {@code a:b:0:c} key paths of {@code pillar.get},
 * {@code grains.get}, {@code config.get} and the {@code traverse} filter. A list step takes a number as an index,
 * or looks the step up in the list's dicts; a dict step that misses is retried with the step read as YAML
 * ({@code '1'} finds the key {@code 1}).
 */
public final class Traverse {
    private Traverse() {
    }

    /** Marks "nothing at that path" (a stored None is a value). */
    public static final Object MISSING = Missing.MISSING;

    public static Object traverse(Object data, Object key, Object dflt, Object delimiter) {
        Object r = lookup(data, key, delimiter);
        return r == MISSING ? dflt : r;
    }

    /** The value at {@code key}, or {@link #MISSING}. */
    public static Object lookup(Object data, Object key, Object delimiter) {
        List<Object> steps;
        if (key instanceof String || key instanceof Markup) {
            steps = PyStr.split(key.toString(), Py.str(delimiter), -1);
        } else if (Num.isInt(key) && !(key instanceof Boolean)) {
            steps = List.of(key);
        } else {
            steps = Py.toList(key);
        }
        Object ptr = data;
        for (Object each : steps) {
            if (ptr instanceof List<?> list && !(ptr instanceof dev.jsalt.jinja.value.PyTuple)) {
                Object idx = intOrNull(each);
                if (idx == null) {
                    boolean embed = false;
                    for (Object x : list) {
                        if (x instanceof Map<?, ?> m && containsKey(m, each)) {
                            ptr = Py.mapGet(m, each);
                            embed = true;
                            break;
                        }
                    }
                    if (!embed) {
                        return MISSING;
                    }
                } else {
                    boolean embed = false;
                    String text = Py.str(idx);
                    for (Object x : list) {
                        if (x instanceof Map<?, ?> m && containsKey(m, text)) {
                            ptr = Py.mapGet(m, text);
                            embed = true;
                            break;
                        }
                    }
                    if (!embed) {
                        long i = Num.toLong(idx);
                        int size = list.size();
                        if (i < -size || i >= size) {
                            return MISSING;
                        }
                        ptr = list.get((int) (i < 0 ? i + size : i));
                    }
                }
            } else if (ptr instanceof Map<?, ?> m) {
                if (containsKey(m, each)) {
                    ptr = Py.mapGet(m, each);
                } else {
                    Object loaded = yamlify(each);
                    if (loaded == MISSING || Py.eq(loaded, each) && Py.typeName(loaded).equals(Py.typeName(each))) {
                        return MISSING;
                    }
                    if (loaded instanceof List<?> || loaded instanceof Map<?, ?> || !containsKey(m, loaded)) {
                        return MISSING;
                    }
                    ptr = Py.mapGet(m, loaded);
                }
            } else {
                // ptr[each] on a str, number, None...: TypeError -> default (a str index is a TypeError too)
                return MISSING;
            }
        }
        return ptr;
    }

    private static boolean containsKey(Map<?, ?> m, Object key) {
        try {
            return Py.mapGet(m, key) != Missing.MISSING;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Object intOrNull(Object each) {
        try {
            return PyNumbers.parseInt(each);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** salt.utils.args.yamlify_arg for a path step: numbers, booleans and null read as YAML. */
    private static Object yamlify(Object each) {
        if (!(each instanceof String s)) {
            return each;
        }
        if (s.strip().isEmpty() || s.contains("_") || s.startsWith("#") || s.contains(" #")) {
            return s;
        }
        try {
            Object v = SaltYaml.safeLoad(s, false);
            if (v == null && !s.strip().equals("null") && !s.strip().equals("~") && !s.strip().equalsIgnoreCase("none")) {
                return s;
            }
            if (v instanceof String || v instanceof List<?> || v instanceof Map<?, ?>) {
                return s;
            }
            return v;
        } catch (RuntimeException e) {
            return MISSING;
        }
    }
}
