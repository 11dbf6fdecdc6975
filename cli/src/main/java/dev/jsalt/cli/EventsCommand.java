package dev.jsalt.cli;

import dev.jsalt.common.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Stream the master's events (key changes, minion starts, job returns, mine changes, reactor runs).")
public final class EventsCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Option(names = "--tag", paramLabel = "GLOB", defaultValue = "*", description = "Only events whose tag matches, e.g. 'jsalt/key/*'.")
    String tag;

    @Override
    public Integer call() {
        boolean json = options.json();
        Output out = new Output(System.out);
        options.client().stream("/v1/events?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8), null, e -> {
            if (json) {
                out.out().println(e.toString());
            } else {
                out.out().println(out.dim(Instant.ofEpochMilli(e.path("time").asLong()).toString()) + " " + out.cyan(e.path("tag").asText())
                        + " " + Json.string(e.path("data")));
            }
            out.out().flush();
        });
        return 0;
    }
}
