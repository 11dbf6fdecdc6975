package dev.jsalt.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first command: the demo runs to the end, every minion answers, the second apply changes nothing. */
class DemoTest {
    @Test
    void demoRunsCleanly() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.run("demo");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("3 minion(s): 3 succeeded, 0 failed, 0 did not return"), out);
        assertTrue(out.contains("Total over all minions: succeeded 11 (changed=11), failed 0"), out);
        assertTrue(out.contains("Total over all minions: succeeded 11 (changed=0), failed 0"), out);
        assertTrue(out.contains("Demo finished: every minion answered."), out);
    }
}
