package dev.jsalt.master.api;

import dev.jsalt.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenTest {
    @TempDir
    Path dir;

    @Test
    void aTokenIsMadeOnceAndKept() throws Exception {
        Path f = dir.resolve("api.token");
        String t = ApiToken.loadOrCreate(f);
        assertEquals(64, t.length());
        assertEquals(t, ApiToken.loadOrCreate(f));
        assertTrue(ApiToken.matches(t, t));
        assertFalse(ApiToken.matches(t, ""));
    }

    @Test
    void anEmptyTokenFileStopsTheStartInsteadOfOpeningTheApi() throws Exception {
        Path f = dir.resolve("api.token");
        Files.writeString(f, "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ApiToken.loadOrCreate(f));
        assertEquals(f + ": the API token is empty; delete the file and a new one is made at start", e.getMessage());
    }
}
