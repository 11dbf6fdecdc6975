package dev.jsalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print the compiled state document per minion (what 'apply' would send), applying nothing.")
public final class ShowCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "TARGET")
    String target;

    @Parameters(index = "1..*", paramLabel = "STATE")
    List<String> sls = new ArrayList<>();

    @Option(names = "--ref", paramLabel = "REF", description = "Compile from this git ref.")
    String ref;

    @Override
    public Integer call() {
        boolean json = options.json();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("sls", sls);
        if (ref != null) body.put("ref", ref);
        JsonNode docs = options.client().post("/v1/show", body);
        Output out = new Output(System.out);
        if (json) {
            out.out().println(docs.toPrettyString());
            return 0;
        }
        if (docs.isEmpty()) out.out().println(out.yellow("No minions matched the target."));
        docs.fields().forEachRemaining(e -> {
            out.out().println(out.cyan(e.getKey()) + ":  " + out.dim("(states from " + e.getValue().path("source").asText() + ")"));
            int i = 1;
            for (JsonNode r : e.getValue().path("resources")) {
                out.out().println(String.format("  %3d. %s %s  %s", i++, r.path("module").asText() + "." + r.path("function").asText(),
                        r.path("name").asText(), out.dim(r.path("file").asText() + ":" + r.path("line").asInt())));
                Map<?, ?> args = Json.convert(r.path("args"), Map.class);
                if (!args.isEmpty()) out.out().println(Output.yaml(args, 9));
                for (JsonNode q : r.path("requisites")) {
                    out.out().println("         " + out.dim(q.path("kind").asText().toLowerCase() + ": " + q.path("target").asText()));
                }
            }
            JsonNode asked = e.getValue().path("minion_answers");
            if (!asked.isEmpty()) {
                out.out().println("  " + out.yellow("answered by " + e.getKey() + " while rendering:"));
                for (JsonNode a : asked) {
                    String answer = a.has("error") ? out.red("error: " + a.path("error").asText()) : Json.string(Json.convert(a.path("ok"), Object.class));
                    out.out().println("    " + a.path("call").asText() + " -> " + answer);
                }
            }
        });
        return 0;
    }
}
