package dev.jsalt.minion.config;

import dev.jsalt.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A minion without {@code id:} is named after the machine: the kernel's hostname, then /etc/hostname, never the
 * resolver. On a fresh debootstrap root the hostname was set but resolved nowhere (no /etc/hosts line), and the
 * minion refused to start (issue 17).
 */
class MinionIdTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private MinionConfig load(Path kernel, Path etc) throws Exception {
        Files.writeString(dir.resolve("minion.yaml"), "master: 10.0.0.1\n");
        return MinionConfig.load(dir, List.of(kernel, etc));
    }

    @Test
    void idIsTheKernelHostnameEvenIfNothingResolvesIt() throws Exception {
        // A name no resolver on any build machine knows: getLocalHost() could never have produced it.
        MinionConfig c = load(file("kernel", "jsalt-unresolvable-7f3a\n"), file("etc", "other\n"));
        assertEquals("jsalt-unresolvable-7f3a", c.id());
    }

    @Test
    void etcHostnameWhenTheKernelHasNone() throws Exception {
        assertEquals("db7", load(file("kernel", "(none)\n"), file("etc", "# set by the installer\n\n db7 \n")).id());
        assertEquals("db8", load(dir.resolve("no-such-file"), file("etc2", "db8")).id());
        assertEquals("db9", load(file("k2", "localhost\n"), file("etc3", "db9\n")).id());
    }

    @Test
    void clearErrorOnlyWhenEverySourceIsEmpty() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load(file("kernel", "\n"), file("etc", "")));
        assertTrue(e.getMessage().contains("no 'id' set"), e.getMessage());
        assertTrue(e.getMessage().contains("set 'id:' in minion.yaml"), e.getMessage());
    }

    @Test
    void anIdInTheFileWins() throws Exception {
        Files.writeString(dir.resolve("minion.yaml"), "master: 10.0.0.1\nid: web1\n");
        assertEquals("web1", MinionConfig.load(dir, List.of(file("kernel", "x\n"))).id());
    }

    @Test
    void theHostnameGrainReadsTheSameSources() {
        String kernel = Hostname.firstName(Hostname.KERNEL).orElse(null);
        if (kernel != null) {
            assertEquals(kernel, dev.jsalt.minion.grains.Grains.collect("x", java.util.Map.of()).get("hostname"));
        }
    }
}
