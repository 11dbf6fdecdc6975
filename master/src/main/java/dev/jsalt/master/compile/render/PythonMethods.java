package dev.jsalt.master.compile.render;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Python dict and str methods that Salt formulas call and Jinjava lacks: {@code d.get(k, default)},
 * {@code d.items()} on any map (Jinjava only has it on its own wrappers), {@code d.setdefault(k, v)}, {@code d.iteritems()}, {@code s.startswith(x)}, {@code s.split(sep)} (literal, not regex),
 * {@code s.strip()}, {@code s.lower()}, {@code sep.join(list)}... Everything else falls through to Jinjava.
 */
final class PythonMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(method instanceof String name)) return null;
        Object[] p = params == null ? new Object[0] : params;
        Object result = NOT_HANDLED;
        if (base instanceof Map<?, ?> map) result = dict(map, name, p);
        else if (base instanceof String s) result = str(s, name, p);
        if (result == NOT_HANDLED) return null;
        context.setPropertyResolved(true);
        return result;
    }

    private static final Object NOT_HANDLED = new Object();

    @SuppressWarnings("unchecked")
    private static Object dict(Map<?, ?> map, String name, Object[] p) {
        switch (name) {
            case "get":
                if (p.length == 2) return map.containsKey(p[0]) ? map.get(p[0]) : p[1];
                return NOT_HANDLED;
            case "setdefault":
                if (p.length < 1 || p.length > 2) return NOT_HANDLED;
                if (!map.containsKey(p[0])) ((Map<Object, Object>) map).put(p[0], p.length == 2 ? p[1] : null);
                return map.get(p[0]);
            case "has_key":
                return p.length == 1 ? map.containsKey(p[0]) : NOT_HANDLED;
            case "items", "iteritems":
                return p.length == 0 ? new ArrayList<>(map.entrySet()) : NOT_HANDLED;
            case "keys", "iterkeys":
                return p.length == 0 ? new ArrayList<>(map.keySet()) : NOT_HANDLED;
            case "values", "itervalues":
                return p.length == 0 ? new ArrayList<>(map.values()) : NOT_HANDLED;
            case "copy":
                return p.length == 0 ? new java.util.LinkedHashMap<>(map) : NOT_HANDLED;
            case "update":
                if (p.length != 1 || !(p[0] instanceof Map<?, ?> other)) return NOT_HANDLED;
                ((Map<Object, Object>) map).putAll(other);
                return null;
            case "pop":
                if (p.length < 1 || p.length > 2) return NOT_HANDLED;
                if (map.containsKey(p[0])) return map.remove(p[0]);
                return p.length == 2 ? p[1] : NOT_HANDLED;
            default:
                return NOT_HANDLED;
        }
    }

    private static Object str(String s, String name, Object[] p) {
        switch (name) {
            case "startswith":
                return p.length == 1 ? s.startsWith(String.valueOf(p[0])) : NOT_HANDLED;
            case "endswith":
                return p.length == 1 ? s.endsWith(String.valueOf(p[0])) : NOT_HANDLED;
            case "lower":
                return p.length == 0 ? s.toLowerCase(java.util.Locale.ROOT) : NOT_HANDLED;
            case "upper":
                return p.length == 0 ? s.toUpperCase(java.util.Locale.ROOT) : NOT_HANDLED;
            case "strip":
                return p.length == 0 ? s.strip() : strip(s, String.valueOf(p[0]), true, true);
            case "lstrip":
                return p.length == 0 ? s.stripLeading() : strip(s, String.valueOf(p[0]), true, false);
            case "rstrip":
                return p.length == 0 ? s.stripTrailing() : strip(s, String.valueOf(p[0]), false, true);
            case "split":
                return split(s, p);
            case "join":
                if (p.length != 1 || !(p[0] instanceof Iterable<?> it)) return NOT_HANDLED;
                List<String> parts = new ArrayList<>();
                for (Object o : it) parts.add(String.valueOf(o));
                return String.join(s, parts);
            default:
                return NOT_HANDLED;
        }
    }

    private static Object split(String s, Object[] p) {
        if (p.length == 0 || p[0] == null) return new ArrayList<>(Arrays.asList(s.strip().split("\\s+")));
        int max = p.length > 1 && p[1] instanceof Number n ? n.intValue() : -1;
        return new ArrayList<>(Arrays.asList(s.split(Pattern.quote(String.valueOf(p[0])), max < 0 ? -1 : max + 1)));
    }

    private static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && chars.indexOf(s.charAt(start)) >= 0) start++;
        while (right && end > start && chars.indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(start, end);
    }

    // Property access is left to Jinjava's resolvers.
    @Override
    public Object getValue(ELContext context, Object base, Object property) { return null; }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) { return null; }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) { return true; }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) { return null; }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) { return null; }
}
