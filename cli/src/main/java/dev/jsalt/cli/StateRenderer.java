package dev.jsalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;

import java.util.Locale;

/**
 * Prints a minion's state results the way Salt's highstate output reads: failures and changes in full, unchanged
 * states as one terse line, then a per-minion summary.
 */
public final class StateRenderer implements JobPrinter.ResultRenderer {

    private int grandSucceeded;
    private int grandChanged;
    private int grandFailed;

    @Override
    public void render(Output out, String minion, JsonNode result) {
        if (!result.isArray()) {
            // A run refused before any state ran (busy minion, bad document): the reason is the result.
            out.out().println("    " + out.red(result.isTextual() ? result.asText() : result.toString()));
            return;
        }
        int ok = 0;
        int changed = 0;
        int failed = 0;
        int skipped = 0;
        double total = 0;
        for (JsonNode r : result) {
            String outcome = r.path("outcome").asText();
            total += r.path("durationMillis").asDouble();
            String fun = r.path("function").asText();
            String name = r.path("name").asText();
            String id = r.path("id").asText();
            switch (outcome) {
                case "UNCHANGED" -> {
                    ok++;
                    out.out().println("  " + out.green("ok") + "  " + fun + " " + name + out.dim("  " + r.path("comment").asText()));
                }
                case "CHANGED", "WOULD_CHANGE", "FAILED", "SKIPPED" -> {
                    boolean bad = outcome.equals("FAILED");
                    if (bad) failed++;
                    else if (outcome.equals("SKIPPED")) skipped++;
                    else {
                        ok++;
                        changed++;
                    }
                    String colourResult = switch (outcome) {
                        case "CHANGED" -> out.green("True");
                        case "WOULD_CHANGE" -> out.yellow("None");
                        case "SKIPPED" -> out.yellow("False (not run)");
                        default -> out.red("False");
                    };
                    out.out().println("----------");
                    out.out().println("          ID: " + id);
                    out.out().println("    Function: " + fun);
                    out.out().println("        Name: " + name);
                    out.out().println("      Result: " + colourResult);
                    out.out().println("     Comment: " + r.path("comment").asText());
                    out.out().println("    Duration: " + String.format(Locale.ROOT, "%.1f ms", r.path("durationMillis").asDouble()));
                    JsonNode ch = r.path("changes");
                    if (ch.isObject() && ch.size() > 0) {
                        out.out().println("     Changes:");
                        if (ch.has("diff")) {
                            for (String line : ch.path("diff").asText().split("\n")) {
                                String c = line.startsWith("+") ? out.green(line) : line.startsWith("-") ? out.red(line) : line;
                                out.out().println("              " + c);
                            }
                        }
                        var rest = ch.deepCopy();
                        ((com.fasterxml.jackson.databind.node.ObjectNode) rest).remove("diff");
                        if (rest.size() > 0) out.out().println(Output.yaml(Json.convert(rest, Object.class), 14));
                    }
                }
                default -> out.out().println("  ? " + fun + " " + name + " " + outcome);
            }
        }
        grandSucceeded += ok;
        grandChanged += changed;
        grandFailed += failed + skipped;
        out.out().println();
        out.out().println("Summary for " + minion);
        out.out().println("------------");
        out.out().println("Succeeded: " + out.green(String.valueOf(ok)) + (changed > 0 ? " (" + out.yellow("changed=" + changed) + ")" : ""));
        out.out().println("Failed:    " + (failed > 0 ? out.red(String.valueOf(failed)) : "0") + (skipped > 0 ? "  (not run: " + skipped + ")" : ""));
        out.out().println("------------");
        out.out().println("Total states run: " + result.size());
        out.out().println(String.format(Locale.ROOT, "Total run time:   %.1f ms", total));
    }

    /** A line totalling every minion printed so far. */
    public String grandTotal(Output out) {
        return "Total over all minions: succeeded " + grandSucceeded + " (changed=" + grandChanged + "), failed " + grandFailed;
    }

    public boolean anyFailed() { return grandFailed > 0; }
}
