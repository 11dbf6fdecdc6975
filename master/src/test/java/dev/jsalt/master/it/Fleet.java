package dev.jsalt.master.it;

import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.JobPublisher;
import dev.jsalt.master.jobs.JobTracker;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.minion.MinionDaemon;
import dev.jsalt.minion.config.MinionConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** A master and minions in this JVM on loopback, each with its own root dir under a temp dir. Closes everything. */
final class Fleet implements AutoCloseable {
    final Path dir;
    final int port;
    final int keyPort;
    final int apiPort;
    MasterDaemon master;
    final Map<String, MinionDaemon> minions = new LinkedHashMap<>();

    Fleet() throws IOException {
        dir = Files.createTempDirectory("jsalt-it-");
        port = freePort();
        keyPort = freePort();
        apiPort = freePort();
    }

    Path masterDir() { return dir.resolve("master"); }

    MasterDaemon startMaster(String... extraYaml) throws Exception {
        Path d = Files.createDirectories(masterDir());
        List<String> lines = new ArrayList<>(List.of("root_dir: root", "bind: 127.0.0.1", "port: " + port, "key_port: " + keyPort,
                "api:", "  bind: 127.0.0.1", "  port: " + apiPort, "job_timeout: 5"));
        lines.addAll(List.of(extraYaml));
        Files.writeString(d.resolve("master.yaml"), String.join("\n", lines) + "\n");
        master = new MasterDaemon(MasterConfig.load(d));
        return master;
    }

    Path minionDir(String id) { return dir.resolve("minion-" + id); }

    MinionDaemon startMinion(String id, String role, String... extraYaml) throws Exception {
        return startMinion(id, role, new dev.jsalt.minion.exec.CommandRunner(), extraYaml);
    }

    MinionDaemon startMinion(String id, String role, dev.jsalt.minion.exec.CommandRunner commands, String... extraYaml) throws Exception {
        Path d = Files.createDirectories(minionDir(id));
        if (!Files.exists(d.resolve("minion.yaml"))) {
            List<String> lines = new ArrayList<>(List.of("id: " + id, "master: 127.0.0.1:" + port, "master_key_port: " + keyPort,
                    "root_dir: root", "grains:", "  role: " + role));
            lines.addAll(List.of(extraYaml));
            Files.writeString(d.resolve("minion.yaml"), String.join("\n", lines) + "\n");
        }
        MinionDaemon m = new MinionDaemon(MinionConfig.load(d), commands);
        minions.put(id, m);
        m.start();
        return m;
    }

    void awaitKey(String id, KeyState state) {
        await().atMost(Duration.ofSeconds(20)).until(() -> master.keys().byId(id).map(k -> k.state() == state).orElse(false));
    }

    void acceptAndAwaitConnected(String... ids) {
        for (String id : ids) {
            awaitKey(id, KeyState.PENDING);
            master.keys().setState(id, KeyState.ACCEPTED);
        }
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(20)).until(() -> master.registry().connected(id));
        }
    }

    /** Runs a job and waits for it to finish; returns results by minion. */
    Map<String, MinionResult> run(String target, String fun, List<Object> args, Map<String, Object> kwargs, int timeout)
            throws Exception {
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        JobPublisher p = master.publisher();
        p.publish(new JobPublisher.Request(target, fun, args, kwargs, timeout, null, "test"), p.resolve(target), null, e -> {
            if (e instanceof JobEvent.Done d) done.complete(d.results());
        });
        Map<String, MinionResult> out = new LinkedHashMap<>();
        for (MinionResult r : done.get(timeout + 20L, TimeUnit.SECONDS)) out.put(r.minion(), r);
        return out;
    }

    JobTracker tracker() { return master.tracker(); }

    void stopMaster() {
        if (master != null) master.close();
        master = null;
    }

    void stopMinion(String id) {
        MinionDaemon m = minions.remove(id);
        if (m != null) m.close();
    }

    @Override
    public void close() throws IOException {
        for (MinionDaemon m : minions.values()) m.close();
        minions.clear();
        stopMaster();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static int freePort() throws java.io.IOException {
        return dev.jsalt.master.it.FreePorts.free();
    }
}
