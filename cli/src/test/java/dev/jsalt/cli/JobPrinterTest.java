package dev.jsalt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exit code a job's stream ends in: what scripts around `jsalt run` and `jsalt apply` act on. */
class JobPrinterTest {
    private static JsonNode event(String json) {
        return Json.tree(json.getBytes(StandardCharsets.UTF_8));
    }

    private static int exit(String... events) {
        JobPrinter p = new JobPrinter(new Output(new PrintStream(new ByteArrayOutputStream())), false, JobPrinter.yaml());
        for (String e : events) p.onEvent(event(e));
        return p.finish();
    }

    private static String started(String... minions) {
        return "{\"event\":\"started\",\"job\":{\"jid\":\"1\",\"minions\":[" + String.join(",", java.util.Arrays.stream(minions)
                .map(m -> "\"" + m + "\"").toList()) + "]}}";
    }

    private static String result(String minion, String status) {
        return "{\"event\":\"result\",\"result\":{\"minion\":\"" + minion + "\",\"status\":\"" + status + "\",\"retcode\":0,\"result\":true}}";
    }

    @Test
    void everyOutcomeHasItsExitCode() {
        assertEquals(JobPrinter.OK, exit(started("a", "b"), result("a", "RETURNED"), result("b", "RETURNED")));
        assertEquals(JobPrinter.FAILED, exit(started("a", "b"), result("a", "RETURNED"), result("b", "FAILED")));
        assertEquals(JobPrinter.MISSING, exit(started("a", "b"), result("a", "FAILED"), result("b", "NO_RESPONSE")));
        assertEquals(JobPrinter.MISSING, exit(started("a"), result("a", "NOT_CONNECTED")));
    }

    @Test
    void aTargetThatMatchedNothingIsNotSuccess() {
        assertEquals(JobPrinter.MISSING, exit(started()));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        JobPrinter p = new JobPrinter(new Output(new PrintStream(text, true, StandardCharsets.UTF_8)), false, JobPrinter.yaml());
        p.onEvent(event(started()));
        p.finish();
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("No minions matched the target."), text.toString(StandardCharsets.UTF_8));
    }
}
