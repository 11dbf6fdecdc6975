package dev.jsalt.bench;

import dev.jsalt.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code jsalt bench} refuses a mistyped option with one line on stderr, before printing or starting anything. */
class BenchCliErrorsTest {
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
    void benchRefusesATypoBeforePrintingOrStartingAnything() {
        assertOneLine("unknown scenario 'fanuot' (known: w1, cli, memory, connect, fanout, metrics, dashboard, apply, reconnect, fanout-5000, soak)",
                cli("bench", "--tiny", "--scenario", "fanuot"));
        assertOneLine("--flags mastr=...: no such role (master, minion, cli, swarm)", cli("bench", "--tiny", "--flags", "mastr=-Xmx1g"));
        assertOneLine("--jar " + tmp.resolve("jsalt.jar") + ": no such file", cli("bench", "--tiny", "--jar", tmp.resolve("jsalt.jar").toString()));
    }

}
