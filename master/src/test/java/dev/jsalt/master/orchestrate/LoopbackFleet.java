package dev.jsalt.master.orchestrate;

import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.config.MasterConfig;
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
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** A real master and minions in this JVM on loopback (as in the it package's Fleet), with a folder state tree. */
final class LoopbackFleet implements AutoCloseable {
    final Path dir;
    final Path tree;
    MasterDaemon master;
    final List<MinionDaemon> minions = new ArrayList<>();
    private final int port;
    private final int keyPort;

    LoopbackFleet() throws IOException {
        dir = Files.createTempDirectory("jsalt-orch-");
        tree = Files.createDirectories(dir.resolve("states"));
        port = freePort();
        keyPort = freePort();
    }

    void start(String... idRoles) throws Exception {
        Path d = Files.createDirectories(dir.resolve("master"));
        Files.writeString(d.resolve("master.yaml"), String.join("\n", "root_dir: root", "bind: 127.0.0.1", "port: " + port,
                "key_port: " + keyPort, "api:", "  bind: 127.0.0.1", "  port: " + freePort(), "job_timeout: 5",
                "state_tree:", "  dir: " + tree, ""));
        master = new MasterDaemon(MasterConfig.load(d));
        List<String> ids = new ArrayList<>();
        for (String spec : idRoles) {
            String[] p = spec.split(":");
            Path md = Files.createDirectories(dir.resolve("minion-" + p[0]));
            Files.writeString(md.resolve("minion.yaml"), String.join("\n", "id: " + p[0], "master: 127.0.0.1:" + port,
                    "master_key_port: " + keyPort, "root_dir: root", "grains:", "  role: " + p[1], ""));
            MinionDaemon m = new MinionDaemon(MinionConfig.load(md));
            minions.add(m);
            m.start();
            ids.add(p[0]);
        }
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(20)).until(() -> master.keys().byId(id).map(k -> k.state() == KeyState.PENDING).orElse(false));
            master.keys().setState(id, KeyState.ACCEPTED);
        }
        for (String id : ids) await().atMost(Duration.ofSeconds(20)).until(() -> master.registry().connected(id));
    }

    Orchestrator orchestrator() {
        return new Orchestrator(master.states(), master.publisher(), master.tracker(), master.mine()::get, master.keys());
    }

    @Override
    public void close() throws IOException {
        for (MinionDaemon m : minions) m.close();
        if (master != null) master.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
