package dev.jsalt.cli.orchestrate;

import dev.jsalt.master.orchestrate.OrchestrateRoute;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.cli.ClientOptions;
import dev.jsalt.cli.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
    public Integer call() {
        boolean json = options.json();
        String text = read(file);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", file.getFileName().toString());
        body.put("text", text);
        body.put("test", test);
        body.put("pillar", PillarOption.parse(pillar));
        body.put("user", System.getProperty("user.name"));
        Output out = new Output(System.out);
        OrchestratePrinter printer = new OrchestratePrinter(out);
        JsonNode[] finished = {null};
        options.client().stream(OrchestrateRoute.PATH, body, e -> {
            if (!json) printer.onEvent(e);
            if (e.path("event").asText().equals("run_finished")) finished[0] = e;
        });
        JsonNode done = finished[0];
        if (done == null) {
            out.out().println(json ? Json.pretty(Map.of("error", "the master ended the stream early"))
                    : out.red("The master ended the stream before the run finished; see 'jsalt jobs'."));
            return 2;
        }
        if (json) out.out().println(Json.pretty(done));
        return done.path("success").asBoolean() ? 0 : 1;
    }

    /** The runbook's text, or one line naming the file and what is wrong with it (missing, a folder, unreadable). */
    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(file + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + (Files.isDirectory(file) ? "a folder, not a runbook" : e.getMessage()));
        }
    }
}
