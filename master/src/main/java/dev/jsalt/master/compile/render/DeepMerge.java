package dev.jsalt.master.compile.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Salt's "recurse" merge (the default for pillar): dicts merge key by key, anything else — lists included — is
 * replaced by the later value. Neither input is modified.
 */
public final class DeepMerge {
    private DeepMerge() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> base, Map<?, ?> overlay) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        overlay.forEach((k, v) -> {
            String key = String.valueOf(k);
            Object old = out.get(key);
            if (old instanceof Map<?, ?> om && v instanceof Map<?, ?> nm) {
                out.put(key, merge((Map<String, Object>) om, nm));
            } else {
                out.put(key, v);
            }
        });
        return out;
    }

    /** Merges {@code overlay} into {@code target} in place (Salt's {@code defaults.merge}); returns {@code target}. */
    @SuppressWarnings("unchecked")
    public static Map<Object, Object> mergeInPlace(Map<Object, Object> target, Map<?, ?> overlay) {
        overlay.forEach((k, v) -> {
            Object old = target.get(k);
            if (old instanceof Map<?, ?> om && v instanceof Map<?, ?> nm) {
                mergeInPlace((Map<Object, Object>) om, nm);
            } else {
                target.put(k, v);
            }
        });
        return target;
    }
}
