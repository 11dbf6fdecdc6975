/*
 * This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy of the MPL was not
 * distributed with this file, You can obtain one at https://mozilla.org/MPL/2.0/.
 *
 * jsalt's replacement for JeroMQ 0.6.0's zmq.util.MultiMap, with the same public interface and behaviour, written
 * for the I/O threads' timers. JeroMQ keeps every timer of an I/O thread in one MultiMap (expiry -> timers) and asks
 * for entries() on every pass of the poll loop; the original copied and sorted all of them each time, so with a
 * heartbeat timer per connection a master with 1,000 minions spent a third of its I/O thread sorting (a JFR profile of
 * the fan-out bench). Here the keys are kept sorted (a TreeMap) and entries() is a lazy walk in key order: a pass that
 * stops at the first timer not due yet costs only the timers it looks at.
 */
package zmq.util;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Keys to lists of values, each value under one key at most (inserting a value under a new key moves it). Not
 * thread-safe. {@link #entries()} iterates (value, key) pairs in key order and may be used while the map changes: each
 * key's values are taken as they are when the walk reaches that key, and keys added behind the walk are not visited.
 */
public final class MultiMap<K extends Comparable<? super K>, V>
{
    private final TreeMap<K, List<V>> data = new TreeMap<>();
    private final Map<V, K>           inverse = new HashMap<>();

    public MultiMap()
    {
    }

    public void clear()
    {
        data.clear();
        inverse.clear();
    }

    /** (value, key) pairs in key order, values of one key in insertion order; see the class comment. */
    public Collection<Entry<V, K>> entries()
    {
        return new AbstractCollection<Entry<V, K>>()
        {
            @Override
            public Iterator<Entry<V, K>> iterator()
            {
                return new Walk();
            }

            @Override
            public int size()
            {
                return inverse.size();
            }
        };
    }

    /** A walk in key order that copies one key's values at a time. */
    private final class Walk implements Iterator<Entry<V, K>>
    {
        private K                 key;
        private boolean           started;
        private Iterator<V>       values = java.util.Collections.emptyIterator();

        @Override
        public boolean hasNext()
        {
            while (!values.hasNext()) {
                Entry<K, List<V>> next = started ? data.higherEntry(key) : data.firstEntry();
                if (next == null) {
                    return false;
                }
                started = true;
                key = next.getKey();
                values = new ArrayList<>(next.getValue()).iterator();
            }
            return true;
        }

        @Override
        public Entry<V, K> next()
        {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return new AbstractMap.SimpleImmutableEntry<>(values.next(), key);
        }
    }

    public Collection<V> values()
    {
        return inverse.keySet();
    }

    public boolean contains(V value)
    {
        return inverse.containsKey(value);
    }

    public K key(V value)
    {
        return inverse.get(value);
    }

    /** The stored value equal to {@code copy}, or null. */
    public V find(V copy)
    {
        K key = inverse.get(copy);
        if (key == null) {
            return null;
        }
        List<V> list = data.get(key);
        return list.get(list.indexOf(copy));
    }

    public boolean hasValues(K key)
    {
        List<V> list = data.get(key);
        return list != null && !list.isEmpty();
    }

    public boolean isEmpty()
    {
        return inverse.isEmpty();
    }

    public boolean insert(K key, V value)
    {
        K old = inverse.get(value);
        if (old != null) {
            removeData(old, value);
        }
        boolean inserted = data.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        if (inserted) {
            inverse.put(value, key);
        }
        return inserted;
    }

    /** Removes every value of {@code key}; returns them, or null if it had none. */
    public Collection<V> remove(K key)
    {
        List<V> removed = data.remove(key);
        if (removed != null) {
            for (V value : removed) {
                inverse.remove(value);
            }
        }
        return removed;
    }

    public boolean remove(V value)
    {
        K key = inverse.remove(value);
        return key != null && removeData(key, value);
    }

    public boolean remove(K key, V value)
    {
        boolean removed = removeData(key, value);
        if (removed) {
            inverse.remove(value);
        }
        return removed;
    }

    private boolean removeData(K key, V value)
    {
        List<V> list = data.get(key);
        if (list == null) {
            return false;
        }
        boolean removed = list.remove(value);
        if (list.isEmpty()) {
            data.remove(key);
        }
        return removed;
    }

    @Override
    public String toString()
    {
        return data.toString();
    }
}
