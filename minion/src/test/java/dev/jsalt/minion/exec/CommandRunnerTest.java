package dev.jsalt.minion.exec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandRunnerTest {
    private final CommandRunner runner = new CommandRunner();

    @Test
    void argumentsReachTheProgramVerbatim() throws IOException {
        CommandResult r = runner.run(CommandSpec.of("printf", "%s|", "a b", "'q'", "\"d\"", "$HOME", "*", ""));
        assertEquals(0, r.exitCode());
        assertEquals("a b|'q'|\"d\"|$HOME|*||", r.stdout());
    }

    @Test
    void exitCodeStderrEnvCwdAndStdin() throws IOException {
        CommandResult r = runner.run(new CommandSpec(List.of("sh", "-c", "pwd; echo $FOO; cat; echo oops >&2; exit 3"),
                java.nio.file.Path.of("/tmp"), Map.of("FOO", "bar"), null, "from-stdin\n"));
        assertEquals(3, r.exitCode());
        assertFalse(r.ok());
        assertEquals("/tmp\nbar\nfrom-stdin\n", r.stdout());
        assertEquals("oops", r.lastLine());
    }

    @Test
    void timeoutKillsTheProcess() throws IOException {
        CommandResult r = runner.run(CommandSpec.of("sleep", "30").withTimeout(Duration.ofMillis(300)));
        assertTrue(r.timedOut());
        assertFalse(r.ok());
        assertTrue(r.elapsed().toSeconds() < 10);
    }

    @Test
    void outputIsBounded() throws IOException {
        CommandResult r = runner.run(CommandSpec.of("head", "-c", String.valueOf(CommandRunner.MAX_CAPTURE + 5000), "/dev/zero"));
        assertEquals(0, r.exitCode());
        assertTrue(r.truncated());
        assertEquals(CommandRunner.MAX_CAPTURE, r.stdout().length());
    }

    @Test
    void missingProgramIsAnIOException() {
        assertThrows(IOException.class, () -> runner.run(CommandSpec.of("/nonexistent/program")));
    }
}
