package dev.jsalt.bench.swarm;

import dev.jsalt.common.config.HostPort;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScratchJailTest {
    private static final Path SCRATCH = Path.of("/tmp/swarm/minions/swarm-0001/scratch");

    private static StateDocument doc(String module, String fn, String name, Map<String, Object> args) {
        return new StateDocument("swarm-0001", "dir:x", List.of(new Resource(Resource.keyOf(module, name, name, fn), name, module, fn,
                name, args, List.of(), "x", "x.sls", 1, false)));
    }

    @Test
    void filesInsideTheScratchDirPass() {
        assertDoesNotThrow(() -> ScratchJail.check(doc("file", "managed", SCRATCH + "/etc/a.conf", Map.of()), SCRATCH));
        assertDoesNotThrow(() -> ScratchJail.check(doc("file", "symlink", SCRATCH + "/l", Map.of("target", SCRATCH + "/a")), SCRATCH));
    }

    @Test
    void anythingElseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScratchJail.check(doc("file", "managed", "/etc/passwd", Map.of()), SCRATCH));
        assertThrows(IllegalArgumentException.class,
                () -> ScratchJail.check(doc("file", "managed", SCRATCH + "/../../swarm-0002/scratch/x", Map.of()), SCRATCH));
        assertThrows(IllegalArgumentException.class, () -> ScratchJail.check(doc("file", "absent", SCRATCH.toString(), Map.of()), SCRATCH));
        assertThrows(IllegalArgumentException.class,
                () -> ScratchJail.check(doc("file", "symlink", SCRATCH + "/l", Map.of("target", "/etc/shadow")), SCRATCH));
        assertThrows(IllegalArgumentException.class, () -> ScratchJail.check(doc("cmd", "run", "rm -rf /", Map.of()), SCRATCH));
        assertThrows(IllegalArgumentException.class, () -> ScratchJail.check(doc("file", "managed", "relative", Map.of()), SCRATCH));
    }

    @Test
    void idsAreZeroPaddedAndContinueAcrossProcesses() {
        SwarmConfig a = new SwarmConfig(1000, new HostPort("127.0.0.1", 4506), 4505, "swarm-", 0, Path.of("/tmp/x"), 1, 1, 1, null, Map.of());
        assertEquals("swarm-0000", a.id(0));
        assertEquals("swarm-0999", a.id(999));
        SwarmConfig b = new SwarmConfig(4000, new HostPort("127.0.0.1", 4506), 4505, "swarm-", 1000, Path.of("/tmp/x"), 1, 1, 1, null, Map.of());
        assertEquals("swarm-1000", b.id(0));
        assertEquals("swarm-4999", b.id(3999));
        assertThrows(IllegalArgumentException.class,
                () -> new SwarmConfig(10, new HostPort("h", 1), 2, "bad/", 0, Path.of("/tmp/x"), 1, 1, 1, null, Map.of()));
    }
}
