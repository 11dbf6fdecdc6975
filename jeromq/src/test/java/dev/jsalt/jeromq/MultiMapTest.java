package dev.jsalt.jeromq;

import org.junit.jupiter.api.Test;
import zmq.util.MultiMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jsalt's zmq.util.MultiMap against a plain model of JeroMQ's contract (a value under one key at most, entries in key
 * order, values of a key in insertion order), under thousands of random operations; and the timer loop's use of it:
 * removing and adding while walking the entries.
 */
class MultiMapTest {
    /** The contract, written the obvious way. */
    private static final class Model {
        final TreeMap<Long, List<String>> data = new TreeMap<>();
        final Map<String, Long> inverse = new LinkedHashMap<>();

        boolean insert(long k, String v) {
            Long old = inverse.get(v);
            if (old != null) removeData(old, v);
            data.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            inverse.put(v, k);
            return true;
        }

        boolean remove(long k, String v) {
            boolean r = removeData(k, v);
            if (r) inverse.remove(v);
            return r;
        }

        boolean remove(String v) {
            Long k = inverse.remove(v);
            return k != null && removeData(k, v);
        }

        Collection<String> remove(long k) {
            List<String> r = data.remove(k);
            if (r != null) r.forEach(inverse::remove);
            return r;
        }

        private boolean removeData(long k, String v) {
            List<String> l = data.get(k);
            if (l == null) return false;
            boolean r = l.remove(v);
            if (l.isEmpty()) data.remove(k);
            return r;
        }

        List<String> entries() {
            List<String> out = new ArrayList<>();
            data.forEach((k, vs) -> vs.forEach(v -> out.add(v + "@" + k)));
            return out;
        }
    }

    private static List<String> entries(MultiMap<Long, String> m) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : m.entries()) out.add(e.getKey() + "@" + e.getValue());
        return out;
    }

    @Test
    void behavesAsTheContractUnderRandomOperations() {
        Random r = new Random(42);
        MultiMap<Long, String> m = new MultiMap<>();
        Model model = new Model();
        for (int i = 0; i < 20_000; i++) {
            long k = r.nextInt(50);
            String v = "v" + r.nextInt(80);
            switch (r.nextInt(5)) {
                case 0, 1 -> assertEquals(model.insert(k, v), m.insert(k, v));
                case 2 -> assertEquals(model.remove(k, v), m.remove(k, v));
                case 3 -> assertEquals(model.remove(v), m.remove(v));
                default -> assertEquals(model.remove(k), m.remove(k));
            }
            assertEquals(model.entries(), entries(m), "after operation " + i);
            assertEquals(model.inverse.isEmpty(), m.isEmpty());
            assertEquals(model.data.containsKey(k), m.hasValues(k));
            assertEquals(model.inverse.get(v), m.key(v));
            assertEquals(model.inverse.containsKey(v), m.contains(v));
            assertEquals(model.inverse.keySet(), m.values() instanceof java.util.Set<?> s ? s : java.util.Set.copyOf(m.values()));
        }
    }

    @Test
    void findReturnsTheStoredInstance() {
        MultiMap<Long, String> m = new MultiMap<>();
        String stored = new String("timer-1");
        m.insert(5L, stored);
        assertSame(stored, m.find(new String("timer-1")));
        assertNull(m.find("other"));
        m.clear();
        assertTrue(m.isEmpty());
        assertEquals(List.of(), entries(m));
    }

    /** PollerBase.executeTimers: fire what is due in key order, removing each; a handler may add or move timers. */
    @Test
    void theTimerLoopMayChangeTheMapWhileWalkingIt() {
        MultiMap<Long, String> m = new MultiMap<>();
        for (long k = 1; k <= 5; k++) m.insert(k * 10, "t" + k);
        m.insert(10L, "t1b");
        List<String> fired = new ArrayList<>();
        long now = 30;
        for (Map.Entry<String, Long> e : m.entries()) {
            if (e.getValue() > now) break;
            fired.add(e.getKey());
            if (e.getKey().equals("t1")) m.insert(25L, "added-behind"); // due, and ahead of the walk: seen in this pass
            if (e.getKey().equals("t2")) m.insert(5L, "added-before");  // behind the walk: not seen in this pass
            if (e.getKey().equals("t2")) m.insert(100L, "t3");          // t3 moved later: not fired now
            m.remove(e.getValue(), e.getKey());
        }
        assertEquals(List.of("t1", "t1b", "t2", "added-behind"), fired);
        assertEquals(List.of("added-before@5", "t4@40", "t5@50", "t3@100"), entries(m));
        assertFalse(m.contains("t1"));
    }
}
