package dev.jsalt.common.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileTest {
    @TempDir
    Path dir;

    private ConfigFile load(String text) throws Exception {
        Path f = dir.resolve("master.yaml");
        Files.writeString(f, text);
        return ConfigFile.load(f);
    }

    @Test
    void unknownKeyNamesFileLineAndSuggestion() throws Exception {
        ConfigFile c = load("root_dir: x\nprot: 4506\n");
        ConfigException e = assertThrows(ConfigException.class, () -> c.allowOnly(List.of("root_dir", "port")));
        assertEquals(dir.resolve("master.yaml") + ":2:1: unknown key 'prot' (did you mean 'port'?)", e.getMessage());
    }

    @Test
    void nestedKeysAndBadValues() throws Exception {
        ConfigFile c = load("api:\n  bind: 127.0.0.1\n  prt: 1\nport: lots\n");
        ConfigException nested = assertThrows(ConfigException.class, () -> c.section("api").allowOnly(List.of("bind", "port")));
        assertEquals(dir.resolve("master.yaml") + ":3:3: unknown key 'api.prt' (did you mean 'api.port'?)", nested.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> c.integer("port", 4506, 1, 65535));
        assertEquals(dir.resolve("master.yaml") + ":4:7: 'port' must be a number from 1 to 65535, got 'lots'", bad.getMessage());
    }

    @Test
    void yamlSyntaxErrorsPointAtTheLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("root_dir: x\n  bad: [\n"));
        assertEquals(true, e.getMessage().startsWith(dir.resolve("master.yaml") + ":"), e.getMessage());
        assertEquals(true, e.getMessage().contains("YAML syntax error"), e.getMessage());
        ConfigException dup = assertThrows(ConfigException.class, () -> load("port: 1\nport: 2\n"));
        assertEquals(true, dup.getMessage().contains(":2:"), dup.getMessage());
    }

    @Test
    void aValueItsTagCannotBuildNamesItsLine() throws Exception {
        ConfigFile c = load("root_dir: x\nstate_tree:\n  dir: !!int abc\n");
        ConfigException e = assertThrows(ConfigException.class, () -> c.plainMap("state_tree"));
        assertTrue(e.getMessage().startsWith(dir.resolve("master.yaml") + ":3:3: 'state_tree': cannot read this value: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
