package dev.jsalt.minion.bench;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.SecretOpener;
import dev.jsalt.minion.state.StateEngine;
import dev.jsalt.minion.state.StateModules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * DESIGN's W1, minion side: a converged apply of 100 file.managed + 10 pkg.installed + 5 guarded cmd.run on a warm
 * minion. Budget: 50 ms. Each measured run gets a fresh RunContext, so the per-run dpkg-query is included.
 *
 * <pre>mvn -q -pl minion test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.mainClass=dev.jsalt.minion.bench.W1Bench -Dexec.classpathScope=test [-Dexec.args="300 200"]
 * java -cp minion/target/classes:minion/target/test-classes:$DEPS dev.jsalt.minion.bench.W1Bench [warmup] [runs]</pre>
 */
public final class W1Bench {
    static final double BUDGET_MS = 50;
    static final List<String> PACKAGES = List.of("bash", "coreutils", "dpkg", "apt", "grep", "sed", "tar", "gzip",
            "findutils", "debianutils");

    public static void main(String[] argv) throws Exception {
        int warmup = argv.length > 0 ? Integer.parseInt(argv[0]) : 300;
        int runs = argv.length > 1 ? Integer.parseInt(argv[1]) : 200;
        Path root = Files.createTempDirectory("jsalt-w1-");
        try {
            StateDocument doc = document(root);
            StateEngine engine = new StateEngine(StateModules.standard(), SecretOpener.refusing());
            CommandRunner runner = new CommandRunner();
            List<StateResult> first = engine.run(doc, new RunContext(false, runner, Map.of(), root.resolve("state")));
            failOn(first, Outcome.FAILED);

            for (int i = 0; i < warmup; i++) {
                engine.run(doc, new RunContext(false, runner, Map.of(), root.resolve("state")));
            }
            double[] ms = new double[runs];
            Map<String, Double> perModule = new TreeMap<>();
            for (int i = 0; i < runs; i++) {
                RunContext ctx = new RunContext(false, runner, Map.of(), root.resolve("state"));
                long t = System.nanoTime();
                List<StateResult> res = engine.run(doc, ctx);
                ms[i] = (System.nanoTime() - t) / 1e6;
                for (StateResult r : res) {
                    if (r.outcome() != Outcome.UNCHANGED) throw new IllegalStateException("not converged: " + r);
                    perModule.merge(r.function(), r.durationMillis() / runs, Double::sum);
                }
            }
            Arrays.sort(ms);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("workload", "W1 converged: 100 file.managed + 10 pkg.installed + 5 guarded cmd.run");
            report.put("runs", runs);
            report.put("min_ms", round(ms[0]));
            report.put("median_ms", round(ms[runs / 2]));
            report.put("p90_ms", round(ms[(int) (runs * 0.9)]));
            report.put("max_ms", round(ms[runs - 1]));
            report.put("budget_ms", BUDGET_MS);
            report.put("within_budget", ms[runs / 2] <= BUDGET_MS);
            Map<String, Object> mods = new LinkedHashMap<>();
            perModule.forEach((k, v) -> mods.put(k, round(v)));
            report.put("mean_ms_by_function", mods);
            System.out.println(dev.jsalt.common.json.Json.pretty(report));
        } finally {
            deleteTree(root);
        }
    }

    static StateDocument document(Path root) throws IOException {
        List<Resource> rs = new ArrayList<>();
        Path files = Files.createDirectories(root.resolve("etc"));
        StringBuilder body = new StringBuilder();
        for (int line = 0; line < 40; line++) body.append("setting_").append(line).append(" = value ").append(line).append('\n');
        for (int i = 0; i < 100; i++) {
            Path f = files.resolve("app" + i + ".conf");
            rs.add(res("file", "managed", f.toString(), Map.of("contents", "# file " + i + "\n" + body, "mode", "0644",
                    "user", "root", "group", "root")));
        }
        for (String p : PACKAGES) rs.add(res("pkg", "installed", p, Map.of()));
        Path marker = Files.writeString(root.resolve("done.marker"), "x");
        for (int i = 0; i < 3; i++) {
            rs.add(res("cmd", "run", "/bin/false creates-" + i, Map.of("name", List.of("/bin/false"), "creates", marker.toString())));
        }
        for (int i = 0; i < 2; i++) {
            rs.add(res("cmd", "run", "/bin/false unless-" + i, Map.of("name", List.of("/bin/false"),
                    "unless", List.of("test", "-e", marker.toString()))));
        }
        return new StateDocument("bench", "dir:bench", rs);
    }

    private static Resource res(String module, String fn, String name, Map<String, Object> args) {
        return new Resource(Resource.keyOf(module, name, name, fn), name, module, fn, name, args, List.of(), "bench",
                "bench.sls", 1, false);
    }

    private static void failOn(List<StateResult> res, Outcome bad) {
        for (StateResult r : res) if (r.outcome() == bad) throw new IllegalStateException("setup failed: " + r);
    }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
