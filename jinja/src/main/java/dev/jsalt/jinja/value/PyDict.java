package dev.jsalt.jinja.value;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Python's dict: insertion-ordered, keys compared as Python compares them ({@code 1}, {@code 1.0} and
 * {@code True} are one key; the first-inserted spelling is kept, as in Python). Every dict a template builds is
 * one; host maps are used as they are.
 */
public final class PyDict extends AbstractMap<Object, Object> {
    private final LinkedHashMap<Object, Entry> entries;

    private static final class Entry implements Map.Entry<Object, Object> {
        final Object key;
        Object value;

        Entry(Object key, Object value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public Object getKey() {
            return key;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Object setValue(Object v) {
            Object old = value;
            value = v;
            return old;
        }
    }

    public PyDict() {
        entries = new LinkedHashMap<>();
    }

    public PyDict(int capacity) {
        entries = new LinkedHashMap<>(Math.max(4, capacity * 2));
    }

    public PyDict(Map<?, ?> source) {
        this(source.size());
        for (Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(source); it.hasNext(); ) {
            Map.Entry<?, ?> e = it.next();
            put(e.getKey(), e.getValue());
        }
    }

    /** The value for a Python-equal key, or {@link Missing#MISSING}. */
    public Object lookup(Object key) {
        Entry e = entries.get(Py.hashKey(key));
        return e == null ? Missing.MISSING : e.value;
    }

    @Override
    public Object get(Object key) {
        Entry e = entries.get(Py.hashKey(key));
        return e == null ? null : e.value;
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(Py.hashKey(key));
    }

    @Override
    public Object put(Object key, Object value) {
        Object hk = Py.hashKey(key);
        Entry e = entries.get(hk);
        if (e != null) {
            return e.setValue(value);
        }
        entries.put(hk, new Entry(key, value));
        return null;
    }

    @Override
    public Object remove(Object key) {
        Entry e = entries.remove(Py.hashKey(key));
        return e == null ? null : e.value;
    }

    /** Removes and returns the value, or {@link Missing#MISSING}. */
    public Object pop(Object key) {
        Entry e = entries.remove(Py.hashKey(key));
        return e == null ? Missing.MISSING : e.value;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public void clear() {
        entries.clear();
    }

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Object, Object>> iterator() {
                Iterator<Entry> it = entries.values().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Map.Entry<Object, Object> next() {
                        return it.next();
                    }

                    @Override
                    public void remove() {
                        it.remove();
                    }
                };
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }

    @Override
    public String toString() {
        return Py.repr(this);
    }
}
