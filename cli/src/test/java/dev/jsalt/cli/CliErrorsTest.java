package dev.jsalt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Operator mistakes the CLI catches before (or without) reaching a master: each is one line on stderr naming what is
 * wrong, nothing on stdout, and exit 2. No daemons run here; {@link CliProcessTest} covers the API's refusals.
 */
class CliErrorsTest {
    @TempDir
    Path tmp;

    record Cli(int exit, String out, String err) {
    }

    private static synchronized Cli cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Cli(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static void assertOneLine(String expected, Cli c) {
        assertEquals(2, c.exit(), c.toString());
        assertEquals("", c.out(), c.toString());
        assertEquals("error: " + expected + System.lineSeparator(), c.err(), c.toString());
    }

    @Test
    void badOutputFormatIsRefusedByEveryClientCommand() {
        String dir = tmp.toString();
        String expected = "--output must be 'human' or 'json', got 'yaml'";
        assertOneLine(expected, cli("run", "*", "test.ping", "--output", "yaml", "-c", dir));
        assertOneLine(expected, cli("apply", "*", "--output", "yaml", "-c", dir));
        assertOneLine(expected, cli("keys", "list", "--output", "yaml", "-c", dir));
        assertOneLine(expected, cli("jobs", "list", "--output", "yaml", "-c", dir));
        assertOneLine(expected, cli("orchestrate", "x.sls", "--output", "yaml", "-c", dir));
        assertOneLine(expected, cli("inventory", "*", "--output", "yaml", "-c", dir));
    }

    @Test
    void missingConfigNamesTheFile() {
        assertOneLine(tmp.resolve("master.yaml") + ": no such file", cli("keys", "list", "-c", tmp.toString()));
    }

    @Test
    void unreadableRunbookNamesTheFileAndWhy() throws IOException {
        Path missing = tmp.resolve("missing.sls");
        assertOneLine(missing + ": no such file", cli("orchestrate", missing.toString(), "-c", tmp.toString()));

        Path folder = Files.createDirectories(tmp.resolve("orchestrate"));
        assertOneLine(folder + ": cannot read: a folder, not a runbook", cli("orchestrate", folder.toString(), "-c", tmp.toString()));

        Path binary = Files.write(tmp.resolve("binary.sls"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});
        assertOneLine(binary + ": not UTF-8 text", cli("orchestrate", binary.toString(), "-c", tmp.toString()));
    }

    @Test
    void demoLabWithoutTheLabModuleSaysSoOnStderr() {
        Cli c = cli("demo", "--lab");
        assertEquals(2, c.exit(), c.toString());
        assertEquals("", c.out(), c.toString());
        assertEquals(true, c.err().startsWith("jsalt demo --lab needs the lab module (jsalt-e2e)"), c.toString());
    }

    @Test
    void fileSystemErrorsSayWhatIsWrongWithTheFile() {
        assertEquals("/x/states: permission denied", Main.message(new java.nio.file.AccessDeniedException("/x/states")));
        assertEquals("/x/pki: no such file", Main.message(new java.nio.file.NoSuchFileException("/x/pki")));
        assertEquals("/x: Read-only file system", Main.message(new java.nio.file.FileSystemException("/x", null, "Read-only file system")));
        assertEquals("/x: not a folder", Main.message(new java.nio.file.NotDirectoryException("/x")));
        assertEquals("/x: already exists", Main.message(new java.nio.file.FileAlreadyExistsException("/x")));
    }

    @Test
    void bootstrapNamesTheLineOfABadMasterYaml() throws IOException {
        Files.writeString(tmp.resolve("master.yaml"), "root_dir: root\nport: many\n");
        assertOneLine(tmp.resolve("master.yaml") + ":2:7: 'port' must be a number from 1 to 65535, got 'many'",
                cli("bootstrap", "-c", tmp.toString()));

        Files.writeString(tmp.resolve("master.yaml"), "root_dir: [root\n");
        Cli syntax = cli("bootstrap", "-c", tmp.toString());
        assertEquals(2, syntax.exit(), syntax.toString());
        assertEquals(1, Collections.frequency(syntax.err().chars().boxed().toList(), (int) '\n'), syntax.err());
        assertEquals(true, syntax.err().startsWith("error: " + tmp.resolve("master.yaml") + ":"), syntax.err());

        Files.writeString(tmp.resolve("master.yaml"), "root_dir: root\n");
        assertOneLine("no master fingerprint at " + tmp.resolve("root/pki/master.fingerprint")
                        + ": start the master once (it writes that file), and run bootstrap as root or as the jsalt user",
                cli("bootstrap", "-c", tmp.toString()));
    }
}
