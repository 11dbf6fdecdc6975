package dev.jsalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "mine", mixinStandardHelpOptions = true, description = "Read mine data minions published.",
        subcommands = MineCommand.Get.class)
public final class MineCommand {
    @Command(name = "get", mixinStandardHelpOptions = true, description = "jsalt mine get TARGET KEY: each minion's value.")
    static final class Get implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", paramLabel = "TARGET")
        String target;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            boolean json = options.json();
            JsonNode r = options.client().get("/v1/mine?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)
                    + "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
            Output out = new Output(System.out);
            if (json) {
                out.out().println(r.toPrettyString());
            } else if (r.isEmpty()) {
                out.out().println(out.yellow("No mine data for '" + key + "' from minions matching '" + target + "'."));
            } else {
                r.fields().forEachRemaining(e -> {
                    out.out().println(out.cyan(e.getKey()) + ":");
                    out.out().println(Output.yaml(Json.convert(e.getValue(), Object.class), 4));
                });
            }
            return 0;
        }
    }
}
