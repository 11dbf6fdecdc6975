package dev.jsalt.master.api;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.master.config.MasterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code api.metrics_token_file}: resolved against the config directory, and every bad token names its master.yaml line. */
class MetricsTokenConfigTest {
    private static final String API_TOKEN = "a".repeat(64);

    @TempDir
    Path dir;

    private MasterConfig load(String... apiLines) throws Exception {
        Files.writeString(dir.resolve("master.yaml"), "root_dir: root\napi:\n  bind: 127.0.0.1\n"
                + String.join("\n", apiLines) + "\n");
        return MasterConfig.load(dir);
    }

    /** "DIR/master.yaml:4:COL: ", where line 4 is the first line given to {@link #load}. */
    private String at(int col) {
        return dir.resolve("master.yaml") + ":4:" + col + ": ";
    }

    @Test
    void absentMeansNoMetricsToken() throws Exception {
        assertNull(load().metricsTokenFile());
    }

    @Test
    void aRelativePathIsResolvedAgainstTheConfigDirectoryAndRead() throws Exception {
        Files.writeString(dir.resolve("m.token"), "  0123456789abcdef0123\n");
        MasterConfig c = load("  metrics_token_file: m.token");
        assertEquals(dir.toAbsolutePath().resolve("m.token"), c.metricsTokenFile().path());
        assertEquals("0123456789abcdef0123", ApiToken.loadMetricsToken(c.metricsTokenFile(), API_TOKEN));
    }

    @Test
    void aMissingShortOrReusedTokenIsAnErrorNamingItsLine() throws Exception {
        MasterConfig missing = load("  metrics_token_file: nope.token");
        ConfigException e = assertThrows(ConfigException.class, () -> ApiToken.loadMetricsToken(missing.metricsTokenFile(), API_TOKEN));
        assertTrue(e.getMessage().startsWith(at(23) + "'api.metrics_token_file'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("cannot be read: no such file"), e.getMessage());

        Files.writeString(dir.resolve("short.token"), "tooshort\n");
        MasterConfig shortOne = load("  metrics_token_file: short.token");
        e = assertThrows(ConfigException.class, () -> ApiToken.loadMetricsToken(shortOne.metricsTokenFile(), API_TOKEN));
        assertTrue(e.getMessage().startsWith(at(23)), e.getMessage());
        assertTrue(e.getMessage().contains("at least 16 printable characters"), e.getMessage());

        Files.writeString(dir.resolve("two.token"), "0123456789abcdef 0123456789abcdef\n");
        MasterConfig two = load("  metrics_token_file: two.token");
        assertThrows(ConfigException.class, () -> ApiToken.loadMetricsToken(two.metricsTokenFile(), API_TOKEN));

        Files.writeString(dir.resolve("same.token"), API_TOKEN + "\n");
        MasterConfig same = load("  metrics_token_file: same.token");
        e = assertThrows(ConfigException.class, () -> ApiToken.loadMetricsToken(same.metricsTokenFile(), API_TOKEN));
        assertTrue(e.getMessage().contains("holds the API token itself"), e.getMessage());
    }

    @Test
    void emptyOrMistypedKeysAreErrors() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("  metrics_token_file: ''"));
        assertTrue(e.getMessage().startsWith(at(23)), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("  metrics_token: m.token"));
        assertTrue(e.getMessage().contains("metrics_token"), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("master.yaml") + ":4:"), e.getMessage());
    }
}
