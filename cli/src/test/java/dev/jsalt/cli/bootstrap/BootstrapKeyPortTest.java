package dev.jsalt.cli.bootstrap;

import dev.jsalt.minion.config.MinionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A master with its own key_port: the minion bootstrap writes must dial that port for the master's keys. */
class BootstrapKeyPortTest {
    static final String FP = String.join(":", java.util.Collections.nCopies(32, "cd"));

    @TempDir
    Path tmp;

    private String steps(String masterYaml) throws IOException {
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(etc.resolve("master.yaml"), "root_dir: " + tmp.resolve("root") + "\n" + masterYaml);
        Files.createDirectories(tmp.resolve("root/pki"));
        Files.writeString(tmp.resolve("root/pki/master.fingerprint"), FP + "\n");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = new CommandLine(new BootstrapCommand(new SshRunner(), new PrintStream(buf, true, StandardCharsets.UTF_8)))
                .execute("-c", etc.toString(), "--master", "m1.example.net", "--minion-id", "web1");
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        return out;
    }

    private MinionConfig minionConfig(String script) throws IOException {
        String yaml = script.substring(script.indexOf("<<'JSALT_MINION_YAML'\n") + 22, script.indexOf("\nJSALT_MINION_YAML\n") + 1);
        Path dir = Files.createDirectories(tmp.resolve("minion-etc"));
        Files.writeString(dir.resolve("minion.yaml"), yaml);
        return MinionConfig.load(dir);
    }

    @Test
    void anOwnKeyPortIsWrittenForTheMinionAndNamedInTheFirewallHint() throws IOException {
        String out = steps("port: 4606\nkey_port: 5000\n");
        assertTrue(out.contains("Open TCP 4606 and 5000"), out);
        MinionConfig cfg = minionConfig(out);
        assertEquals(4606, cfg.master().port());
        assertEquals(5000, cfg.masterKeyPort());
    }

    @Test
    void theDefaultKeyPortIsLeftToTheMinionsDefault() throws IOException {
        String out = steps("port: 4606\n");
        assertTrue(out.contains("Open TCP 4606 and 4605"), out);
        assertFalse(out.contains("master_key_port"), out);
        assertEquals(4605, minionConfig(out).masterKeyPort());
    }
}
