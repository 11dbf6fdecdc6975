package dev.jsalt.cli.orchestrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.cli.Output;

/** Prints an orchestration's events as they stream: each step as it starts, each minion as it returns, each verdict. */
final class OrchestratePrinter {
    private final Output out;

    OrchestratePrinter(Output out) { this.out = out; }

    void onEvent(JsonNode e) {
        switch (e.path("event").asText()) {
            case "run_started" -> out.out().println(out.bold("Orchestrating " + e.path("file").asText()
                    + (e.path("test").asBoolean() ? " (test: nothing changes)" : "") + ", " + e.path("steps").size()
                    + " steps, job " + e.path("jid").asText()));
            case "step_started" -> out.out().println("\n" + out.bold("[" + e.path("number").asInt() + "/" + e.path("of").asInt() + "] "
                    + e.path("step").asText()) + "  " + e.path("kind").asText() + " on " + out.cyan(e.path("target").asText())
                    + ": " + e.path("what").asText());
            case "minion" -> {
                out.clearProgress();
                boolean ok = e.path("ok").asBoolean();
                out.out().println("    " + (ok ? out.green(e.path("minion").asText()) : out.red(e.path("minion").asText())) + ": "
                        + (ok ? "" : out.red("FAILED ")) + e.path("summary").asText());
            }
            case "waiting" -> {
                StringBuilder b = new StringBuilder("    waiting (check " + e.path("attempt").asInt() + ", " + e.path("elapsedSeconds").asDouble() + " s):");
                e.path("pending").fields().forEachRemaining(f -> b.append(' ').append(f.getKey()).append(": ").append(f.getValue().asText()).append(';'));
                if (out.tty()) out.progress(out.dim(b.toString().strip())); else out.out().println(out.dim(b.toString()));
            }
            case "cloud" -> {
                out.clearProgress();
                out.out().println("    " + e.path("line").asText());
            }
            case "step_finished" -> {
                out.clearProgress();
                JsonNode o = e.path("outcome");
                String kind = o.path("result").asText();
                String line = "    → " + kind + ": " + (o.hasNonNull("minion") ? o.path("minion").asText() + ": " : "") + o.path("comment").asText();
                if (kind.equals("skipped")) {
                    out.out().println("\n" + out.yellow(out.bold(e.path("step").asText()) + " skipped: " + o.path("comment").asText()));
                } else {
                    out.out().println(kind.equals("failed") ? out.red(line) : out.green(line));
                }
            }
            case "run_finished" -> {
                out.out().println();
                String line = (e.path("success").asBoolean() ? "Succeeded: " : "FAILED: ") + e.path("comment").asText()
                        + "  (job " + e.path("jid").asText() + ")";
                out.out().println(out.bold(e.path("success").asBoolean() ? out.green(line) : out.red(line)));
            }
            default -> {
            }
        }
    }
}
