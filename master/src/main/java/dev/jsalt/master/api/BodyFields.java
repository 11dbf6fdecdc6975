package dev.jsalt.master.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a JSON request body: a field of the wrong JSON type is a 400 naming the field, never a silent
 * default (a {@code "test": "true"} taken as false would change servers) nor a ClassCastException.
 */
public final class BodyFields {
    private BodyFields() {
    }

    /** A boolean field; absent is false. */
    public static boolean flag(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        throw new ApiError(400, "'" + key + "' must be true or false, got " + v);
    }

    /** A string field that may be absent (null). */
    public static String optionalString(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null || v instanceof String) return (String) v;
        throw new ApiError(400, "'" + key + "' must be a string, got " + v);
    }

    /** A string or a list of strings; absent (or blank) is the empty list. */
    public static List<String> strings(Map<String, Object> body, String key) {
        Object v = body.get(key);
        List<String> out = new ArrayList<>();
        if (v == null || v instanceof String s && s.isBlank()) return out;
        if (v instanceof String s) {
            out.add(s);
            return out;
        }
        if (v instanceof List<?> l) {
            for (Object x : l) {
                if (!(x instanceof String s)) throw new ApiError(400, "'" + key + "' must list strings, got " + x);
                out.add(s);
            }
            return out;
        }
        throw new ApiError(400, "'" + key + "' must be a string or a list of strings, got " + v);
    }
}
