package dev.jsalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "run", description = "Run an execution function on the minions a target selects, e.g. jsalt run 'role=app' test.ping",
        mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {
    private static final Pattern KWARG = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);

    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "TARGET", description = "role=app, 'web*', L@a,b, G@os:Debian, combined with and/or/not.")
    String target;

    @Parameters(index = "1", paramLabel = "FUNCTION", description = "test.ping, test.sleep, cmd.run, grains.items, grains.get, ...")
    String function;

    @Parameters(index = "2..*", paramLabel = "ARGS", description = "Arguments; key=value ones are keyword arguments (e.g. shell=true).")
    List<String> args = new ArrayList<>();

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Seconds to wait for returns (default: master's job_timeout).")
    Integer timeout;

    @Option(names = "--async", description = "Print the job id and return at once.")
    boolean async;

    @Override
    public Integer call() {
        boolean json = options.json();
        List<Object> positional = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (String a : args) {
            var m = KWARG.matcher(a);
            // Salt's convention: key=value arguments are keyword arguments; quote a command containing '=' with spaces.
            if (m.matches()) {
                kwargs.put(m.group(1), m.group(2));
            } else {
                positional.add(a);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("fun", function);
        body.put("args", positional);
        body.put("kwargs", kwargs);
        if (timeout != null) body.put("timeout", timeout);
        body.put("user", System.getProperty("user.name"));
        ApiClient api = options.client();
        Output out = new Output(System.out);
        if (async) {
            body.put("async", true);
            JsonNode r = api.post("/v1/jobs", body);
            out.out().println(json ? r.toPrettyString() : "job " + r.path("jid").asText() + " sent to " + r.path("minions").size() + " minion(s)");
            return 0;
        }
        JobPrinter printer = new JobPrinter(out, json, JobPrinter.yaml());
        api.stream("/v1/jobs", body, printer::onEvent);
        return printer.finish();
    }
}
