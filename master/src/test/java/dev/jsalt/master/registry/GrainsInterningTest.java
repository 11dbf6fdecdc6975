package dev.jsalt.master.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrainsInterningTest {

    /** Grains as a hello decodes them: fresh, modifiable maps and lists for every minion. */
    private static Map<String, Object> grains(String id, String ip) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", id);
        g.put("os", "Debian");
        g.put("cpu_flags", new ArrayList<>(List.of("fpu", "vme", "sse2", "avx2")));
        g.put("ip4_interfaces", new LinkedHashMap<>(Map.of("eth0", new ArrayList<>(List.of(ip)))));
        g.put("systemd", new LinkedHashMap<>(Map.of("version", "252", "features", "+PAM +AUDIT")));
        g.put("num_cpus", 2);
        g.put("mem_total", 2L);
        g.put("biosversion", null);
        g.put("osrelease_info", new ArrayList<>(Arrays.asList(12, 4)));
        return g;
    }

    @Test
    void equalValuesOfTwoMinionsAreOneObjectAndEachMinionKeepsItsOwn(@TempDir Path dir) throws Exception {
        MinionRegistry r = new MinionRegistry(dir);
        r.hello("a", grains("a", "10.0.0.1"), "1");
        r.hello("b", grains("b", "10.0.0.2"), "1");
        Map<String, Object> a = r.grains("a");
        Map<String, Object> b = r.grains("b");
        assertSame(a.get("cpu_flags"), b.get("cpu_flags"));
        assertSame(a.get("systemd"), b.get("systemd"));
        assertSame(a.get("os"), b.get("os"));
        assertNotSame(a.get("ip4_interfaces"), b.get("ip4_interfaces"));
        assertEquals(Map.of("eth0", List.of("10.0.0.2")), b.get("ip4_interfaces"));
        assertEquals("b", b.get("id"));
        // Values and order are what the minion sent; a null grain stays null.
        assertEquals(grains("a", "10.0.0.1"), a);
        assertEquals(List.copyOf(grains("a", "x").keySet()), List.copyOf(a.keySet()));
        assertTrue(a.containsKey("biosversion"));
        assertNull(a.get("biosversion"));
    }

    @Test
    void numbersOfDifferentTypesAreNotConflated(@TempDir Path dir) throws Exception {
        MinionRegistry r = new MinionRegistry(dir);
        r.hello("a", grains("a", "10.0.0.1"), "1");
        Map<String, Object> g = r.grains("a");
        assertEquals(Integer.class, g.get("num_cpus").getClass());
        assertEquals(Long.class, g.get("mem_total").getClass());
    }

    @Test
    void sharedGrainsCannotBeChangedThroughTheRegistry(@TempDir Path dir) throws Exception {
        MinionRegistry r = new MinionRegistry(dir);
        r.hello("a", grains("a", "10.0.0.1"), "1");
        r.hello("b", grains("b", "10.0.0.2"), "1");
        @SuppressWarnings("unchecked")
        List<Object> flags = (List<Object>) r.grains("a").get("cpu_flags");
        assertThrows(UnsupportedOperationException.class, () -> flags.add("x"));
        assertThrows(UnsupportedOperationException.class, () -> r.grains("a").put("os", "x"));
        assertEquals(List.of("fpu", "vme", "sse2", "avx2"), r.grains("b").get("cpu_flags"));
    }

    @Test
    void grainsReadBackFromTheCacheAfterARestartAreSharedToo(@TempDir Path dir) throws Exception {
        MinionRegistry first = new MinionRegistry(dir);
        first.hello("a", grains("a", "10.0.0.1"), "1");
        first.hello("b", grains("b", "10.0.0.2"), "1");
        MinionRegistry again = new MinionRegistry(dir);
        assertSame(again.grains("a").get("cpu_flags"), again.grains("b").get("cpu_flags"));
        // As JSON: the cache is JSON, where 2L reads back as an int (as before interning).
        assertEquals(dev.jsalt.common.json.Json.string(first.grains("a")), dev.jsalt.common.json.Json.string(again.grains("a")));
    }
}
