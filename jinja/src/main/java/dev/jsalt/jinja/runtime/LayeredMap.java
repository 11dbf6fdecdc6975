package dev.jsalt.jinja.runtime;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A read view of {@code top} over {@code bottom} (Python's ChainMap for two maps): lookups see {@code top}'s entries
 * first, live, so changes the host makes to {@code top} during a render are seen by templates loaded afterwards.
 */
final class LayeredMap extends AbstractMap<String, Object> {
    private final Map<String, Object> top;
    private final Map<String, Object> bottom;

    LayeredMap(Map<String, Object> top, Map<String, Object> bottom) {
        this.top = top;
        this.bottom = bottom;
    }

    @Override
    public Object get(Object key) {
        return top.containsKey(key) ? top.get(key) : bottom.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return top.containsKey(key) || bottom.containsKey(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>(bottom);
        all.putAll(top);
        return all.entrySet();
    }
}
