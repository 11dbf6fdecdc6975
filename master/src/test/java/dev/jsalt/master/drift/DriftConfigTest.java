package dev.jsalt.master.drift;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.master.config.MasterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** master.yaml {@code drift: {TARGET: SECONDS}} and {@code api.metrics_max_minions}: read in order, every mistake names its line. */
class DriftConfigTest {
    @TempDir
    Path dir;

    private MasterConfig load(String... lines) throws Exception {
        Files.writeString(dir.resolve("master.yaml"), "root_dir: root\n" + String.join("\n", lines) + "\n");
        return MasterConfig.load(dir);
    }

    @Test
    void targetsAndIntervalsInTheirOrder() throws Exception {
        MasterConfig c = load("drift:", "  'role=db': 900", "  'role=app or web*': 3600");
        assertEquals(List.of("role=db", "role=app or web*"), List.copyOf(c.drift().keySet()));
        assertEquals(Map.of("role=db", 900, "role=app or web*", 3600), c.drift());
        assertEquals(Map.of(), load().drift(), "none by default");
        assertEquals(1000, load().metricsMaxMinions());
        assertEquals(50, load("api:", "  metrics_max_minions: 50").metricsMaxMinions());
    }

    @Test
    void aBadTargetOrIntervalNamesItsLine() {
        String f = dir.resolve("master.yaml").toString();
        ConfigException bad = assertThrows(ConfigException.class, () -> load("drift:", "  'role=app and (': 600"));
        assertEquals(true, bad.getMessage().startsWith(f + ":3:3: 'drift': the target 'role=app and (' is not valid: "), bad.getMessage());
        ConfigException shortInterval = assertThrows(ConfigException.class, () -> load("drift:", "  'role=app': 10"));
        assertEquals(true, shortInterval.getMessage().startsWith(f + ":3:"), shortInterval.getMessage());
        assertEquals(true, shortInterval.getMessage().contains("'drift.role=app'"), shortInterval.getMessage());
        ConfigException notMap = assertThrows(ConfigException.class, () -> load("drift: ['role=app']"));
        assertEquals(true, notMap.getMessage().startsWith(f + ":2:"), notMap.getMessage());
        assertEquals(true, notMap.getMessage().contains("mapping"), notMap.getMessage());
    }
}
