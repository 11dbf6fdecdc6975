package dev.jsalt.master.registry;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Keeps one copy of each grain value the fleet shares. Most of a server's ~100 grains (Salt 3006's set: the OS, its
 * release, the CPU's flags, the kernel, locale and systemd facts) are the same on every server built from one image;
 * held per minion they made up most of the master's heap with 1,000 minions (~25 KB each). Values come back read-only
 * (nested lists and maps unmodifiable, insertion order kept), so sharing them between minions is safe: whoever needs
 * to change grains (a template) works on its own copy (the compiler deep-copies a minion's grains for each compile).
 *
 * <p>Canonical values are held weakly: one no minion refers to any more is collected.
 */
final class GrainsInterner {
    private final Map<Object, WeakReference<Object>> canonical = new WeakHashMap<>();

    /** {@code grains} read-only, with every value shared with equal values already held; the top level is its own. */
    synchronized Map<String, Object> intern(Map<String, Object> grains) {
        Map<String, Object> out = new LinkedHashMap<>();
        grains.forEach((k, v) -> out.put((String) canonical(k), canonical(v)));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private Object canonical(Object v) {
        if (v == null) return null;
        Object value;
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(canonical(k), canonical(x)));
            value = Collections.unmodifiableMap(out);
        } else if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(canonical(x));
            value = Collections.unmodifiableList(out);
        } else {
            value = v;
        }
        WeakReference<Object> ref = canonical.get(value);
        Object held = ref == null ? null : ref.get();
        // equals() says a Map equals any Map with the same entries: only reuse a value of the same kind.
        if (held != null && held.getClass() == value.getClass()) return held;
        canonical.put(value, new WeakReference<>(value));
        return value;
    }
}
