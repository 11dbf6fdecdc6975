package dev.jsalt.e2e.cli;

import dev.jsalt.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every 'jsalt lab' subcommand answers --help like the rest of jsalt (no root, no lab needed). */
class LabHelpTest {
    @Test
    void everySubcommandHasHelp() {
        for (String sub : new String[] {"up", "status", "exec", "jsalt", "down", "sweep", "image"}) {
            PrintStream old = System.out;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int code;
            try {
                System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
                code = Main.run("lab", sub, "--help");
            } finally {
                System.setOut(old);
            }
            String out = buf.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, sub + ": " + out);
            assertTrue(out.startsWith("Usage: jsalt lab " + sub), sub + ": " + out);
        }
    }
}
