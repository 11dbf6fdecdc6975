package dev.jsalt.master.compile.render;

import java.util.List;
import java.util.Map;

/** Salt's {@code a:b:c} key paths into nested dicts (and list indexes), as used by pillar.get, grains.get, traverse. */
public final class Lookup {
    /** Marks "no value at that path", as distinct from a stored null. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() { return "<missing>"; }
    };

    private Lookup() {
    }

    public static Object path(Object root, String key, String delimiter) {
        if (key == null) return MISSING;
        Object cur = root;
        String[] parts = delimiter == null || delimiter.isEmpty() ? new String[] {key} : key.split(java.util.regex.Pattern.quote(delimiter), -1);
        for (String part : parts) {
            if (cur instanceof Map<?, ?> m) {
                if (!m.containsKey(part)) return MISSING;
                cur = m.get(part);
            } else if (cur instanceof List<?> l) {
                try {
                    int i = Integer.parseInt(part);
                    if (i < 0 || i >= l.size()) return MISSING;
                    cur = l.get(i);
                } catch (NumberFormatException e) {
                    return MISSING;
                }
            } else {
                return MISSING;
            }
        }
        return cur;
    }

    public static Object path(Object root, String key, String delimiter, Object fallback) {
        Object v = path(root, key, delimiter);
        return v == MISSING ? fallback : v;
    }
}
