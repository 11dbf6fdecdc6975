package dev.jsalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.minion.MinionDaemon;
import dev.jsalt.minion.config.MinionConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A master and three minions on loopback in a scratch directory, driven exactly as an operator would drive them
 * (through the API), then stopped and removed. Needs no root.
 */
@Command(name = "demo", description = "Start a master and three minions on this machine, accept their keys, run jobs, stop.",
        mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keep", description = "Keep the scratch directory (printed) for a look afterwards.")
    boolean keep;

    @Option(names = "--lab", description = "Run the whole migration story (docs/migration.md) in a lab fleet instead (root, Linux).")
    boolean lab;

    /** The lab lives in the e2e module, which master does not depend on: {@code --lab} runs its {@code demo-lab}. */
    static final String LAB_DEMO = "demo-lab";

    record DemoMinion(String id, String role) {
    }

    static final List<DemoMinion> MINIONS = List.of(new DemoMinion("app1", "app"), new DemoMinion("app2", "app"),
            new DemoMinion("db1", "db"));

    @Override
    public Integer call() throws Exception {
        if (lab) return labDemo();
        Output out = new Output(System.out);
        Path dir = Files.createTempDirectory("jsalt-demo-");
        List<MinionDaemon> minions = new ArrayList<>();
        MasterDaemon master = null;
        int exit = 0;
        try {
            int port = freePort();
            int keyPort = freePort();
            int apiPort = freePort();
            Path mdir = Files.createDirectories(dir.resolve("master"));
            Path tree = writeDemoTree(Files.createDirectories(dir.resolve("states")));
            Files.writeString(mdir.resolve("master.yaml"), String.join("\n",
                    "root_dir: root", "bind: 127.0.0.1", "port: " + port, "key_port: " + keyPort,
                    "api:", "  bind: 127.0.0.1", "  port: " + apiPort, "job_timeout: 10",
                    "state_tree:", "  dir: " + tree, ""));
            step(out, "Starting a master on 127.0.0.1:" + port + " (scratch dir " + dir + ")");
            master = new MasterDaemon(MasterConfig.load(mdir));
            out.out().println("    master key fingerprint " + master.masterKeys().fingerprint());

            step(out, "Starting minions " + String.join(", ", MINIONS.stream().map(DemoMinion::id).toList()));
            for (DemoMinion m : MINIONS) {
                Path d = Files.createDirectories(dir.resolve(m.id()));
                Files.writeString(d.resolve("minion.yaml"), String.join("\n",
                        "id: " + m.id(), "master: 127.0.0.1:" + port, "master_key_port: " + keyPort, "root_dir: root",
                        "master_fingerprint: " + master.masterKeys().fingerprint(), "grains:", "  role: " + m.role(),
                        "  demo_root: " + d.resolve("fs"), ""));
                MinionDaemon daemon = Daemons.minion(MinionConfig.load(d));
                minions.add(daemon);
                daemon.start();
            }
            ApiClient api = ApiClient.forConfigDir(mdir);
            waitFor("three pending keys", () -> count(api.get("/v1/keys"), "pending") == MINIONS.size());

            step(out, "jsalt keys list");
            new picocli.CommandLine(new KeysCommand()).execute("list", "-c", mdir.toString());
            step(out, "jsalt keys accept --all");
            new picocli.CommandLine(new KeysCommand()).execute("accept", "--all", "-c", mdir.toString());
            waitFor("three connected minions", () -> connected(api.get("/v1/keys")) == MINIONS.size());

            step(out, "jsalt run '*' test.ping");
            exit |= runJob(api, out, "*", "test.ping", List.of());
            step(out, "jsalt run 'role=app' grains.get role");
            exit |= runJob(api, out, "role=app", "grains.get", List.of("role"));
            step(out, "jsalt run 'role=db or app1' cmd.run 'uname -s'");
            exit |= runJob(api, out, "role=db or app1", "cmd.run", List.of("uname -s"));
            step(out, "jsalt apply '*'   (highstate from " + tree + ")");
            exit |= apply(api, out);
            step(out, "jsalt apply '*'   (again: nothing left to change)");
            exit |= apply(api, out);
        } finally {
            step(out, "Stopping");
            for (MinionDaemon m : minions) m.close();
            if (master != null) master.close();
            if (keep) {
                out.out().println("    kept " + dir);
            } else {
                deleteTree(dir);
            }
        }
        out.out().println(exit == 0 ? out.green("Demo finished: every minion answered.") : out.red("Demo finished with failures."));
        return exit;
    }

    private static int labDemo() {
        for (CliExtension e : java.util.ServiceLoader.load(CliExtension.class)) {
            Object cmd = e.command();
            Command c = cmd.getClass().getAnnotation(Command.class);
            if (c != null && LAB_DEMO.equals(c.name())) return new picocli.CommandLine(cmd).execute();
        }
        System.err.println("jsalt demo --lab needs the lab module (jsalt-e2e), which this jsalt was built without. With it, and as "
                + "root on Linux, it builds a lab fleet (old app1+db1, new app2+db2), runs states/orchestrate/migrate.sls phase by "
                + "phase (prepare, replicate, multi-source, cutover, revert, cutover, decommission) under continuous writes, and "
                + "prints every step's results and checks.");
        return 2;
    }

    private static int runJob(ApiClient api, Output out, String target, String fun, List<Object> args) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("fun", fun);
        body.put("args", args);
        JobPrinter p = new JobPrinter(out, false, JobPrinter.yaml());
        api.stream("/v1/jobs", body, p::onEvent);
        return p.finish();
    }

    private static int apply(ApiClient api, Output out) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", "*");
        body.put("sls", List.of());
        StateRenderer renderer = new StateRenderer();
        JobPrinter p = new JobPrinter(out, false, renderer);
        api.stream("/v1/apply", body, p::onEvent);
        out.clearProgress();
        out.out().println(out.bold(renderer.grandTotal(out)));
        int code = p.finish();
        return code == 0 && renderer.anyFailed() ? JobPrinter.FAILED : code;
    }

    /** Copies the demo state tree out of the jar. */
    private static Path writeDemoTree(Path dir) throws IOException {
        for (String f : List.of("top.sls", "hello/init.sls", "hello/app.sls")) {
            Path target = dir.resolve(f);
            Files.createDirectories(target.getParent());
            try (var in = DemoCommand.class.getResourceAsStream("/dev/jsalt/cli/demo/tree/" + f)) {
                if (in == null) throw new IOException("demo state file missing from the jar: " + f);
                Files.copy(in, target);
            }
        }
        return dir;
    }

    private static void step(Output out, String s) {
        out.out().println();
        out.out().println(out.bold("==> " + s));
    }

    private static long count(JsonNode keys, String state) {
        long n = 0;
        for (JsonNode k : keys) if (k.path("state").asText().equals(state)) n++;
        return n;
    }

    private static long connected(JsonNode keys) {
        long n = 0;
        for (JsonNode k : keys) if (k.path("connected").asBoolean()) n++;
        return n;
    }

    /** Polls until {@code cond} holds; fails after 30 s naming what did not happen. */
    static void waitFor(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
