package dev.jsalt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Apply states to the minions a target selects: jsalt apply role=app [STATE...] [--test]. "
                + "No STATE means the top file's highstate.")
public final class ApplyCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "TARGET")
    String target;

    @Parameters(index = "1..*", paramLabel = "STATE", description = "SLS names, e.g. firewall vpn")
    List<String> sls = new ArrayList<>();

    @Option(names = "--test", description = "Change nothing; report what would change.")
    boolean test;

    @Option(names = "--ref", paramLabel = "REF", description = "Compile from this git ref (branch, tag, commit) for this run.")
    String ref;

    @Option(names = "--queue", description = "Wait for a state run already in progress on a minion instead of refusing.")
    boolean queue;

    @Option(names = "--pillar", paramLabel = "YAML",
            description = "Pillar values merged over each minion's pillar for this run only, e.g. '{app: {db_host: 10.88.0.41}}'.")
    String pillar;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Seconds to wait for returns (default: the larger of job_timeout and 300).")
    Integer timeout;

    @Override
    public Integer call() {
        boolean json = options.json();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("sls", sls);
        body.put("test", test);
        if (ref != null) body.put("ref", ref);
        if (queue) body.put("queue", true);
        if (timeout != null) body.put("timeout", timeout);
        Map<String, Object> override = dev.jsalt.cli.orchestrate.PillarOption.parse(pillar);
        if (!override.isEmpty()) body.put("pillar", override);
        body.put("user", System.getProperty("user.name"));
        Output out = new Output(System.out);
        StateRenderer renderer = new StateRenderer();
        JobPrinter printer = new JobPrinter(out, json, renderer);
        options.client().stream("/v1/apply", body, printer::onEvent);
        if (!json) {
            out.clearProgress();
            out.out().println();
            out.out().println(out.bold(renderer.grandTotal(out)));
        }
        int code = printer.finish();
        return code == 0 && renderer.anyFailed() ? JobPrinter.FAILED : code;
    }
}
