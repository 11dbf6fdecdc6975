package dev.jsalt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.cli.ApiClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The bench's private world: a temp dir holding a master config and state tree, the master, swarm and minion
 * processes, all on 127.0.0.1 with free ports. Closing it stops every process and deletes the dir.
 */
final class BenchLab implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BenchLab.class);
    static final String SWARM_PREFIX = "swarm-";

    final Path dir;
    final Launcher launcher;
    final int port;
    final int keyPort;
    final int apiPort;
    private final boolean keep;
    private Child master;
    private final List<Child> others = new ArrayList<>();
    private ApiClient api;

    BenchLab(Launcher launcher, boolean keep) throws IOException {
        this.keep = keep;
        this.dir = Files.createTempDirectory("jsalt-bench-");
        this.launcher = launcher.withCds(Files.createDirectories(dir.resolve("cds")));
        this.port = freePort();
        this.keyPort = freePort();
        this.apiPort = freePort();
        Path m = Files.createDirectories(masterDir());
        Files.writeString(m.resolve("master.yaml"), String.join("\n",
                "root_dir: root", "bind: 127.0.0.1", "port: " + port, "key_port: " + keyPort,
                "api:", "  bind: 127.0.0.1", "  port: " + apiPort, "job_timeout: 30",
                "state_tree:", "  dir: states", "") );
        Workloads.writeStateTree(Files.createDirectories(m.resolve("states")), dir.resolve("w1-root"));
    }

    Path masterDir() { return dir.resolve("master"); }

    /** Starts the master and waits until its API answers. Returns the time from spawn to a healthy API. */
    long startMaster() throws Exception {
        if (master != null && master.alive()) throw new IllegalStateException("master already running");
        long t0 = System.nanoTime();
        master = Child.start("master", launcher.command(Role.MASTER, List.of("master", "-c", masterDir().toString())),
                logFile("master"), Map.of("JSALT_LOG_LEVEL", "WARN"));
        api = null;
        await("the master's API", 60_000, () -> {
            if (!master.alive()) throw new IllegalStateException("master exited:\n" + master.tail(30));
            try {
                return api().get("/v1/health").path("ok").asBoolean();
            } catch (RuntimeException e) {
                api = null;
                return false;
            }
        });
        return (System.nanoTime() - t0) / 1_000_000;
    }

    Child master() { return master; }

    void stopMaster() {
        if (master != null) master.close();
        master = null;
        api = null;
    }

    /** A swarm process with {@code count} minions numbered from {@code first}. */
    Child startSwarm(int first, int count) throws IOException {
        return startSwarm(SWARM_PREFIX, first, count, "swarm");
    }

    /** A swarm process with {@code count} minions {@code prefix0000}... numbered from {@code first}, keys under {@code root}. */
    Child startSwarm(String prefix, int first, int count, String root) throws IOException {
        return track(Child.start(prefix + first, launcher.command(Role.SWARM, swarmArgs(prefix, first, count, root)),
                logFile(prefix + first), Map.of("JSALT_LOG_LEVEL", "WARN")));
    }

    /**
     * An attacker's swarm ({@code swarm --hold}): it makes its minions and connects them once {@code go} exists, at the
     * lowest CPU priority (nice 19). On this one machine the attacker's processes share the cores with the master and
     * the fleet under test; in the world they run elsewhere, so their own start-up and crypto must not be what slows
     * the pings. What reaches the master (connections, handshakes, hellos, registrations) is the same.
     */
    Child startAttackSwarm(String prefix, int count, String root, Path go) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("nice", "-n", "19"));
        cmd.addAll(launcher.command(Role.SWARM, swarmArgs(prefix, 0, count, root)));
        cmd.addAll(List.of("--hold", go.toString()));
        return track(Child.start(prefix + 0, cmd, logFile(prefix + 0), Map.of("JSALT_LOG_LEVEL", "WARN")));
    }

    private List<String> swarmArgs(String prefix, int first, int count, String root) {
        return new ArrayList<>(List.of("swarm", "--count", String.valueOf(count),
                "--first-index", String.valueOf(first), "--master", "127.0.0.1:" + port, "--key-port", String.valueOf(keyPort),
                "--id-prefix", prefix, "--root", dir.resolve(root).toString()));
    }

    private Child track(Child c) {
        others.add(c);
        return c;
    }

    /** The master's Curve public key (32 bytes), read from its key file (the first line holds the public half). */
    byte[] masterCurvePublic() throws IOException {
        String z85 = Files.readAllLines(masterDir().resolve("root/pki/master.key")).get(0).strip();
        return org.zeromq.ZMQ.Curve.z85Decode(z85);
    }

    /** Deletes the keys of these minions (and all the master holds for them). */
    void deleteKeys(List<String> ids) {
        if (!ids.isEmpty()) api().post("/v1/keys/delete", Map.of("ids", ids));
    }

    /** Ids of keys whose id matches and whose entry passes {@code filter}. */
    List<String> keyIds(Predicate<String> id, Predicate<JsonNode> filter) {
        List<String> out = new ArrayList<>();
        for (JsonNode k : api().get("/v1/keys")) {
            if (id.test(k.path("id").asText()) && filter.test(k)) out.add(k.path("id").asText());
        }
        return out;
    }

    /** A real minion daemon with the packaged minion flags. */
    Child startMinion(String id) throws IOException {
        Path d = Files.createDirectories(dir.resolve("minion-" + id));
        Files.writeString(d.resolve("minion.yaml"), String.join("\n", "id: " + id, "master: 127.0.0.1:" + port,
                "master_key_port: " + keyPort, "root_dir: root", "grains:", "  role: bench", ""));
        Child c = Child.start(id, launcher.command(Role.MINION, List.of("minion", "-c", d.toString())), logFile(id),
                Map.of("JSALT_LOG_LEVEL", "WARN", "MALLOC_ARENA_MAX", "2"));
        others.add(c);
        return c;
    }

    /** Runs a CLI command against this lab's master; returns its wall time in ms (failing if it fails). */
    double cli(List<String> args) throws Exception {
        List<String> full = new ArrayList<>(args.subList(0, 1));
        full.addAll(List.of("-c", masterDir().toString()));
        full.addAll(args.subList(1, args.size()));
        Path out = logFile("cli");
        long t0 = System.nanoTime();
        try (Child c = Child.start("cli", launcher.command(Role.CLI, full), out, Map.of())) {
            if (!c.awaitExit(120_000)) throw new IllegalStateException("jsalt " + String.join(" ", args) + " did not finish in 120 s");
            double ms = (System.nanoTime() - t0) / 1e6;
            if (c.exitCode() != 0) throw new IllegalStateException("jsalt " + String.join(" ", args) + " exited " + c.exitCode() + ":\n" + c.tail(20));
            return ms;
        }
    }

    ApiClient api() {
        if (api == null) api = ApiClient.forConfigDir(masterDir());
        return api;
    }

    /** Keys whose id matches and whose entry passes {@code filter}. */
    int countKeys(Predicate<String> id, Predicate<JsonNode> filter) {
        int n = 0;
        for (JsonNode k : api().get("/v1/keys")) {
            if (id.test(k.path("id").asText()) && filter.test(k)) n++;
        }
        return n;
    }

    void acceptAll() {
        api().post("/v1/keys/accept", Map.of("all", true));
    }

    /** Waits until {@code n} keys matching {@code id} are accepted and connected. */
    void awaitConnected(Predicate<String> id, int n, long millis) throws InterruptedException {
        await(n + " connected minions", millis, () -> {
            try {
                if (countKeys(id, k -> "pending".equals(k.path("state").asText())) > 0) acceptAll();
                return countKeys(id, k -> k.path("connected").asBoolean()) >= n;
            } catch (ApiClient.ApiException e) {
                return false;
            }
        });
    }

    /** Until minion {@code id} says hello on a connection made after {@code after} (not a previous process's). */
    void awaitHelloAfter(String id, java.time.Instant after, long millis) throws InterruptedException {
        await(id + "'s hello", millis, () -> {
            try {
                if (countKeys(id::equals, k -> "pending".equals(k.path("state").asText())) > 0) acceptAll();
                for (JsonNode m : api().get("/v1/minions")) {
                    if (id.equals(m.path("id").asText()) && java.time.Instant.parse(m.path("connected_since").asText()).isAfter(after)) return true;
                }
                return false;
            } catch (ApiClient.ApiException | java.time.format.DateTimeParseException e) {
                return false;
            }
        });
    }

    /** When the master last saw minion {@code id} connect (its hello), by the master's clock. */
    java.time.Instant connectedSince(String id) {
        for (JsonNode m : api().get("/v1/minions")) {
            if (id.equals(m.path("id").asText())) return java.time.Instant.parse(m.path("connected_since").asText());
        }
        throw new IllegalStateException("minion " + id + " is not connected");
    }

    /** A finished job as the API streamed it. */
    record JobRun(double millis, int expected, int returned, JsonNode done) {
        boolean complete() { return expected > 0 && returned == expected; }
    }

    /** Runs {@code fun} on {@code target} and waits for the job to finish; time is request to the last event. */
    JobRun run(String target, String fun, List<Object> args, int timeoutSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("fun", fun);
        body.put("args", args);
        body.put("timeout", timeoutSeconds);
        body.put("user", "bench");
        return stream("/v1/jobs", body);
    }

    JobRun apply(String target, List<String> sls, int timeoutSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("sls", sls);
        body.put("timeout", timeoutSeconds);
        body.put("user", "bench");
        return stream("/v1/apply", body);
    }

    private JobRun stream(String path, Map<String, Object> body) {
        JsonNode[] done = new JsonNode[1];
        long t0 = System.nanoTime();
        api().stream(path, body, e -> {
            if ("done".equals(e.path("event").asText())) done[0] = e;
        });
        double ms = (System.nanoTime() - t0) / 1e6;
        if (done[0] == null) throw new IllegalStateException(path + ": the stream ended without a 'done' event");
        int expected = done[0].path("results").size();
        int returned = 0;
        for (JsonNode r : done[0].path("results")) {
            if ("RETURNED".equals(r.path("status").asText())) returned++;
        }
        return new JobRun(ms, expected, returned, done[0]);
    }

    Path logFile(String name) throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        for (int i = 0; ; i++) {
            Path p = logs.resolve(name + (i == 0 ? "" : "-" + i) + ".log");
            if (!Files.exists(p)) return p;
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls {@code check} every 100 ms until true; bounded. */
    static void await(String what, long millis, Check check) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try {
                if (check.ok()) return;
            } catch (InterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("timed out after " + millis + " ms waiting for " + what);
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        for (Child c : others) c.close();
        stopMaster();
        if (keep) {
            log.warn("kept {}", dir);
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", dir, e.getMessage());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
