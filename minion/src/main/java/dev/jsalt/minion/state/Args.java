package dev.jsalt.minion.state;

import dev.jsalt.common.state.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to a resource's args. Values come from YAML via JSON, so a number may arrive as Integer or String
 * and a boolean as Boolean or "true"; errors name the argument and the state function so the SLS can be fixed.
 */
public final class Args {
    private final Resource resource;
    private final Map<String, Object> args;

    private Args(Resource resource) {
        this.resource = resource;
        this.args = resource.args();
    }

    public static Args of(Resource resource) { return new Args(resource); }

    public boolean has(String key) { return args.get(key) != null; }

    public Object raw(String key) { return args.get(key); }

    public Optional<String> string(String key) {
        Object v = args.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Map || v instanceof List) throw bad(key, "must be a string");
        return Optional.of(v.toString());
    }

    public String string(String key, String dflt) { return string(key).orElse(dflt); }

    public String required(String key) {
        return string(key).orElseThrow(() -> bad(key, "is required"));
    }

    public boolean bool(String key, boolean dflt) {
        Object v = args.get(key);
        if (v == null) return dflt;
        Boolean b = truth(v);
        if (b == null) throw bad(key, "must be true or false, got '" + v + "'");
        return b;
    }

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
        Object v = args.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Number n) return Optional.of(n.longValue());
        try {
            return Optional.of(Long.parseLong(v.toString().trim()));
        } catch (NumberFormatException e) {
            throw bad(key, "must be a number, got '" + v + "'");
        }
    }

    /** A list argument; a single scalar is taken as a one-element list (Salt accepts both). */
    public List<Object> list(String key) {
        Object v = args.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return new ArrayList<>(l);
        if (v instanceof Map) throw bad(key, "must be a list");
        return List.of(v);
    }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(key)) {
            if (o instanceof Map || o instanceof List) throw bad(key, "must be a list of strings");
            out.add(o.toString());
        }
        return out;
    }

    public Map<String, String> stringMap(String key) {
        Object v = args.get(key);
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

    public IllegalArgumentException bad(String key, String why) {
        return new IllegalArgumentException("argument '" + key + "' of " + resource.fun() + " " + why);
    }
}
