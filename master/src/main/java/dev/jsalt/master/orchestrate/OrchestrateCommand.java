package dev.jsalt.master.orchestrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.master.cli.ClientOptions;
import dev.jsalt.master.cli.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jsalt orchestrate FILE [--test] [--pillar YAML]}: runs a runbook on the master and follows it live. The file
 * is read here and sent whole; the master renders, checks and runs it (docs/orchestrate.md).
 */
@Command(name = "orchestrate", mixinStandardHelpOptions = true,
        description = "Run a runbook (Salt orchestrate SLS: salt.state, salt.function, salt.wheel key.delete|key.reject, jsalt.wait steps) across the fleet, "
                + "step by step; a failed step stops the run and says which step, minion and why.")
public final class OrchestrateCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook, e.g. states/orchestrate/migrate.sls")
    Path file;

    @Option(names = "--test", description = "Apply states in test mode and only say which functions and waits would run.")
    boolean test;

    @Option(names = "--pillar", paramLabel = "YAML", description = "Values the runbook's Jinja sees as pillar, e.g. '{phase: cutover}'.")
    String pillar;

    @Override
    public Integer call() throws IOException {
        boolean json = options.json();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", file.getFileName().toString());
        body.put("text", text);
        body.put("test", test);
        body.put("pillar", pillar());
        body.put("user", System.getProperty("user.name"));
        Output out = new Output(System.out);
        OrchestratePrinter printer = new OrchestratePrinter(out);
        List<JsonNode> events = new ArrayList<>();
        options.client().stream(OrchestrateRoute.PATH, body, e -> {
            if (json) events.add(e); else printer.onEvent(e);
            if (e.path("event").asText().equals("run_finished")) events.add(e);
        });
        JsonNode done = events.stream().filter(e -> e.path("event").asText().equals("run_finished")).reduce((a, b) -> b).orElse(null);
        if (json) out.out().println(Json.pretty(done == null ? Map.of("error", "the master ended the stream early") : done));
        if (done == null) {
            if (!json) out.out().println(out.red("The master ended the stream before the run finished; see 'jsalt jobs'."));
            return 2;
        }
        return done.path("success").asBoolean() ? 0 : 1;
    }

    private Map<String, Object> pillar() {
        return PillarOption.parse(pillar);
    }
}
