package dev.jsalt.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the bench reads from /proc for a process it started: real figures while it runs, -1 once it is gone. */
@EnabledOnOs(OS.LINUX)
class ChildTest {
    @Test
    void figuresWhileRunningMinusOneWhenGone(@TempDir Path tmp) throws Exception {
        try (Child c = Child.start("sleeper", List.of("sleep", "30"), tmp.resolve("sleep.log"), Map.of())) {
            assertTrue(c.rssBytes() > 0, "rss " + c.rssBytes());
            assertTrue(c.peakRssBytes() >= c.rssBytes());
            c.close();
            assertFalse(c.alive());
            assertEquals(-1, c.rssBytes());
            assertEquals(-1, c.peakRssBytes());
        }
    }
}
