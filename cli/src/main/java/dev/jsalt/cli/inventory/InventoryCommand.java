package dev.jsalt.cli.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.cli.ClientOptions;
import dev.jsalt.cli.JobPrinter;
import dev.jsalt.cli.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code jsalt inventory TARGET [--export DIR]}: runs {@code inventory.collect} on the minions the target selects and
 * prints what each runs; with {@code --export}, writes a starting state tree that reproduces it (see
 * {@link StateTreeExport} and docs/migration.md).
 */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "What the targeted servers run: packages (by hand vs dependencies), services, listening ports, ufw, "
                + "tinc, MySQL, users, cron. --export DIR writes a state tree that reproduces it.")
public final class InventoryCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "TARGET")
    String target;

    @Option(names = "--export", paramLabel = "DIR",
            description = "Write states/ (one SLS per role + top.sls) and pillar/ (host-only values + top.sls) into DIR.")
    Path export;

    @Option(names = "--force", description = "Write into an export DIR that is not empty (files of the same name are replaced).")
    boolean force;

    @Option(names = "--section", paramLabel = "NAME", split = ",",
            description = "Only these sections: packages, services, listening, ufw, tinc, mysql, users, cron.")
    List<String> sections = new ArrayList<>();

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Seconds to wait for returns (default 120).")
    int timeout = 120;

    @Override
    public Integer call() throws IOException {
        boolean json = options.json();
        if (export != null) checkExportDir();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("fun", "inventory.collect");
        body.put("args", sections);
        body.put("timeout", timeout);
        body.put("user", System.getProperty("user.name"));
        Output out = new Output(System.out);
        Map<String, Map<String, Object>> inventories = new TreeMap<>();
        Map<String, String> problems = new TreeMap<>();
        int[] expected = {0};
        options.client().stream("/v1/jobs", body, e -> {
            switch (e.path("event").asText()) {
                case "started" -> {
                    expected[0] = e.path("job").path("minions").size();
                    if (!json) out.progress(out.dim("0/" + expected[0] + " returned"));
                }
                case "result" -> collect(e.path("result"), inventories, problems, out, json, expected[0]);
                default -> {
                }
            }
        });
        out.clearProgress();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>(inventories);
            if (!problems.isEmpty()) doc.put("_problems", problems);
            out.out().println(Json.pretty(doc));
        } else {
            if (expected[0] == 0) out.out().println(out.yellow("No minions matched the target."));
            InventoryPrinter printer = new InventoryPrinter(out);
            inventories.forEach(printer::print);
            problems.forEach((m, why) -> out.out().println(out.red(m) + ": " + out.red(why)));
        }
        if (export != null && !inventories.isEmpty()) writeExport(StateTreeExport.of(inventories, Instant.now()).files(), out, json);
        if (!problems.isEmpty()) return inventories.isEmpty() ? JobPrinter.MISSING : JobPrinter.FAILED;
        return expected[0] == 0 ? JobPrinter.MISSING : JobPrinter.OK;
    }

    @SuppressWarnings("unchecked")
    private static void collect(JsonNode r, Map<String, Map<String, Object>> inventories, Map<String, String> problems,
                                Output out, boolean json, int expected) {
        String minion = r.path("minion").asText();
        String status = r.path("status").asText();
        Object value = Json.convert(r.path("result"), Object.class);
        if (status.equals("RETURNED") && value instanceof Map<?, ?> m) {
            inventories.put(minion, (Map<String, Object>) m);
        } else if (status.equals("FAILED")) {
            problems.put(minion, "inventory failed: " + value);
        } else {
            problems.put(minion, "did not return (" + status.toLowerCase().replace('_', ' ') + ")");
        }
        if (!json) out.progress(out.dim((inventories.size() + problems.size()) + "/" + expected + " returned"));
    }

    private void checkExportDir() throws IOException {
        if (Files.isDirectory(export) && !force) {
            try (var s = Files.list(export)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(export + ": not empty; choose a new folder or pass --force");
                }
            }
        } else if (Files.exists(export) && !Files.isDirectory(export)) {
            throw new IllegalArgumentException(export + ": not a folder");
        }
    }

    private void writeExport(Map<String, String> files, Output out, boolean json) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = export.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        if (json) return;
        out.out().println();
        out.out().println(out.bold("Exported " + files.size() + " files to " + export + ":"));
        for (String f : files.keySet()) out.out().println("    " + f);
        out.out().println("Point a master's state_tree at " + export.resolve("states") + " and pillar_tree at "
                + export.resolve("pillar") + ", then: jsalt apply TARGET --test");
    }
}
