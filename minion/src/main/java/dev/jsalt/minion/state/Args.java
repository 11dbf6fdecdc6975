package dev.jsalt.minion.state;

import dev.jsalt.common.state.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to a resource's arguments, limited to what its function declared it reads ({@link Params}): reading
 * anything else is a programming error and throws. Values come from YAML via JSON, so a number may arrive as Integer
 * or String and a boolean as Boolean or "true"; errors name the argument and the state function so the SLS can be
 * fixed.
 */
public final class Args {
    private final Resource resource;
    private final Map<String, Object> args;
    private final Params params;

    private Args(Resource resource, Params params) {
        this.resource = resource;
        this.args = resource.args();
        this.params = params;
        if (params != null && !params.fun().equals(resource.fun())) {
            throw new IllegalStateException("arguments of " + resource.fun() + " read with the declaration of " + params.fun());
        }
    }

    /** The arguments of {@code resource}, readable as far as {@code params} declares. */
    public static Args of(Resource resource, Params params) { return new Args(resource, params); }

    public Resource resource() { return resource; }

    /** The resource's name (Salt's {@code name}, the ID unless given). */
    public String name() { return resource.name(); }

    private String key(String key) {
        if (params != null && !params.declares(key)) {
            throw new IllegalStateException(resource.fun() + " reads '" + key + "', which it does not declare (Params)");
        }
        return key;
    }

    private static String key(Param p) { return p.name(); }

    public boolean has(String key) { return args.get(key(key)) != null; }

    public boolean has(Param p) { return has(key(p)); }

    public Object raw(String key) { return args.get(key(key)); }

    public Object raw(Param p) { return raw(key(p)); }

    public Optional<String> string(String key) {
        Object v = args.get(key(key));
        if (v == null) return Optional.empty();
        if (v instanceof Map || v instanceof List) throw bad(key, "must be a string");
        return Optional.of(v.toString());
    }

    public Optional<String> string(Param p) { return string(key(p)); }

    public String string(String key, String dflt) { return string(key).orElse(dflt); }

    public String string(Param p, String dflt) { return string(key(p), dflt); }

    public String required(String key) {
        return string(key).orElseThrow(() -> bad(key, "is required"));
    }

    public String required(Param p) { return required(key(p)); }

    public boolean bool(String key, boolean dflt) {
        Object v = args.get(key(key));
        if (v == null) return dflt;
        Boolean b = truth(v);
        if (b == null) throw bad(key, "must be true or false, got '" + v + "'");
        return b;
    }

    public boolean bool(Param p, boolean dflt) { return bool(key(p), dflt); }

    /**
     * The boolean an SLS value stands for (true/yes/on/1, false/no/off/0, any case), or null if it is none of
     * these; for modules that read args from a nested map rather than a resource.
     */
    public static Boolean truth(Object v) {
        if (v instanceof Boolean b) return b;
        if (v == null) return null;
        return switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> null;
        };
    }

    public Optional<Long> number(String key) {
        Object v = args.get(key(key));
        if (v == null) return Optional.empty();
        if (v instanceof Number n) return Optional.of(n.longValue());
        try {
            return Optional.of(Long.parseLong(v.toString().trim()));
        } catch (NumberFormatException e) {
            throw bad(key, "must be a number, got '" + v + "'");
        }
    }

    public Optional<Long> number(Param p) { return number(key(p)); }

    /** A list argument; a single scalar is taken as a one-element list (Salt accepts both). */
    public List<Object> list(String key) {
        Object v = args.get(key(key));
        if (v == null) return List.of();
        if (v instanceof List<?> l) return new ArrayList<>(l);
        if (v instanceof Map) throw bad(key, "must be a list");
        return List.of(v);
    }

    public List<Object> list(Param p) { return list(key(p)); }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(key)) {
            if (o instanceof Map || o instanceof List) throw bad(key, "must be a list of strings");
            out.add(o.toString());
        }
        return out;
    }

    public List<String> strings(Param p) { return strings(key(p)); }

    public Map<String, String> stringMap(String key) {
        Object v = args.get(key(key));
        if (v == null) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, val) -> out.put(k.toString(), val == null ? "" : val.toString()));
        } else if (v instanceof List<?> l) {
            // Salt also accepts a list of one-key maps: env: [{A: 1}, {B: 2}]
            for (Object o : l) {
                if (!(o instanceof Map<?, ?> m)) throw bad(key, "must be a map");
                m.forEach((k, val) -> out.put(k.toString(), val == null ? "" : val.toString()));
            }
        } else {
            throw bad(key, "must be a map");
        }
        return out;
    }

    public Map<String, String> stringMap(Param p) { return stringMap(key(p)); }

    public IllegalArgumentException bad(String key, String why) {
        return new IllegalArgumentException("argument '" + key + "' of " + resource.fun() + " " + why);
    }

    public IllegalArgumentException bad(Param p, String why) { return bad(p.name(), why); }
}
