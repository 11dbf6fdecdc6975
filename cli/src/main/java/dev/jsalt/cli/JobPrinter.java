package dev.jsalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a job's events as they stream in: each minion's result when it arrives (live progress on a TTY), then who
 * did not return. With {@code --output json} prints one JSON document at the end instead.
 */
public final class JobPrinter {
    /** Exit codes: every minion returned and succeeded / some failed / some did not return. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int MISSING = 2;

    private final Output out;
    private final boolean json;
    private final ResultRenderer renderer;
    private int expected;
    private int settled;
    private String jid;
    private final List<JsonNode> results = new ArrayList<>();

    /** Renders one minion's returned value (plain functions: YAML; state runs: highstate-style). */
    public interface ResultRenderer {
        void render(Output out, String minion, JsonNode result);
    }

    public JobPrinter(Output out, boolean json, ResultRenderer renderer) {
        this.out = out;
        this.json = json;
        this.renderer = renderer;
    }

    public static ResultRenderer yaml() {
        return (out, minion, result) -> out.out().println(Output.yaml(Json.convert(result, Object.class), 4));
    }

    public void onEvent(JsonNode e) {
        switch (e.path("event").asText()) {
            case "started" -> {
                jid = e.path("job").path("jid").asText();
                expected = e.path("job").path("minions").size();
                if (expected == 0 && !json) out.out().println(out.yellow("No minions matched the target."));
                progress();
            }
            case "result" -> {
                JsonNode r = e.path("result");
                settled++;
                results.add(r);
                if (!json) printResult(r);
                progress();
            }
            default -> {
            }
        }
    }

    private void progress() {
        if (!json && expected > 0) out.progress(out.dim(settled + "/" + expected + " returned  (job " + jid + ")"));
    }

    private void printResult(JsonNode r) {
        out.clearProgress();
        String minion = r.path("minion").asText();
        String status = r.path("status").asText();
        switch (status) {
            case "RETURNED", "LATE" -> {
                out.out().println(out.cyan(minion) + ":");
                renderer.render(out, minion, r.path("result"));
            }
            case "FAILED" -> {
                out.out().println(out.red(minion) + ":" + out.red(" (failed, retcode " + r.path("retcode").asInt() + ")"));
                renderer.render(out, minion, r.path("result"));
            }
            case "NO_RESPONSE" -> out.out().println(out.red(minion) + ":\n    " + out.red("Minion did not return. [No response]"));
            case "NOT_CONNECTED" -> out.out().println(out.red(minion) + ":\n    " + out.red("Minion did not return. [Not connected]"));
            case "DISCONNECTED" -> out.out().println(out.red(minion) + ":\n    " + out.red("Minion did not return. [Connection lost during the job]"));
            case "WAITING" -> out.out().println(out.yellow(minion) + ":\n    " + out.yellow("Still running. [Waiting]"));
            default -> out.out().println(minion + ": " + status);
        }
    }

    /** Prints the summary (or the JSON document) and returns the exit code. */
    public int finish() {
        out.clearProgress();
        int failed = 0;
        int missing = 0;
        int succeeded = 0;
        int waiting = 0;
        for (JsonNode r : results) {
            String s = r.path("status").asText();
            switch (s) {
                case "RETURNED", "LATE" -> succeeded++;
                case "FAILED" -> failed++;
                case "WAITING" -> waiting++;
                default -> missing++; // NO_RESPONSE, NOT_CONNECTED, DISCONNECTED, anything newer: not a success
            }
        }
        // A minion the job still waits for, or one listed in no result at all, has not succeeded either.
        waiting += Math.max(0, expected - results.size());
        missing += waiting;
        if (json) {
            // Ordered: Map.of's iteration order changes from one JVM to the next, and scripts diff this output.
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("jid", jid == null ? "" : jid);
            doc.put("results", results);
            out.out().println(Json.pretty(doc));
        } else if (expected > 0) {
            String line = expected + " minion(s): " + succeeded + " succeeded, " + failed + " failed, " + (missing - waiting)
                    + " did not return" + (waiting > 0 ? ", " + waiting + " still running" : "");
            out.out().println(failed + missing == 0 ? out.green(line) : out.red(line));
        }
        // Nothing matched is not success: a script applying to a mistyped target must not carry on as if it had run.
        if (missing > 0 || expected == 0) return MISSING;
        if (failed > 0) return FAILED;
        return OK;
    }
}
