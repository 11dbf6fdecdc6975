package dev.jsalt.cli;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.keys.KeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, item 5, on a real {@code jsalt master} process: a fatal error on any listener's thread ends the process
 * with status 70 (systemd starts it again), and SIGTERM ends it even in the middle of a compile that does not stop.
 */
class MasterProcessTest {
    private Path dir;
    private Path masterDir;
    private Path log;
    private Process master;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("jsalt-master-proc-");
        masterDir = Files.createDirectories(dir.resolve("master"));
        Files.createDirectories(masterDir.resolve("states"));
        Files.writeString(masterDir.resolve("master.yaml"), String.join("\n", "root_dir: root", "bind: 127.0.0.1",
                "port: " + CliProcessTest.freePort(), "key_port: " + CliProcessTest.freePort(), "api:", "  bind: 127.0.0.1",
                "  port: " + CliProcessTest.freePort(), "state_tree:", "  dir: states", ""));
        log = dir.resolve("master.log");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (master != null) {
            master.destroyForcibly();
            master.waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private void startMaster(String... jvmFlags) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m"));
        argv.addAll(List.of(jvmFlags));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "master", "-c", masterDir.toString()));
        master = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!master.isAlive()) throw new AssertionError("the master exited " + master.exitValue() + ":\n" + tail());
            try {
                return ApiClient.forConfigDir(masterDir).get("/v1/health").path("ok").asBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"channel", "zap", "key_announcer", "api", "results"})
    void aFatalErrorOnAListenerThreadEndsTheProcessWith70(String listener) throws Exception {
        Path fault = dir.resolve("fault");
        startMaster("-Djsalt.test.fault-file=" + fault);
        Files.writeString(fault, listener);
        if (listener.equals("api")) {
            try {
                ApiClient.forConfigDir(masterDir).get("/v1/keys"); // the API's thread meets the fault handling this call
            } catch (RuntimeException expected) {
                // answered 500, or the connection ends with the process
            }
        }
        assertTrue(master.waitFor(60, TimeUnit.SECONDS), "the master ended after a fatal error on its " + listener + " thread:\n" + tail());
        assertTrue(master.exitValue() == 70, "exit status " + master.exitValue() + " (70 expected):\n" + tail());
        assertTrue(tail().contains("fatal error in " + listener), tail());
    }

    /**
     * A slow compile (under every render bound: 900,000 iterations, each building a 20 kB string, seconds of CPU) does
     * not keep SIGTERM from ending the process.
     */
    @Test
    void sigtermEndsAMasterInTheMiddleOfACompile() throws Exception {
        Files.writeString(masterDir.resolve("states/slow.sls"),
                "{% for a in range(900) %}{% for b in range(1000) %}{% set x = 'ab' * 10000 %}{% endfor %}{% endfor %}\n");
        // An accepted minion to compile for (show compiles for accepted keys; no minion process is needed).
        KeyStore keys = new KeyStore(masterDir.resolve("root/pki"), false);
        keys.register("web1", CurveKeys.generate().publicZ85());
        keys.setState("web1", KeyState.ACCEPTED);
        startMaster();
        Thread client = new Thread(() -> {
            try {
                ApiClient.forConfigDir(masterDir).post("/v1/show", Map.of("target", "web1", "sls", List.of("slow")));
            } catch (RuntimeException expected) {
                // the master goes away under it
            }
        });
        client.setDaemon(true);
        client.start();
        // Compiling: the compile thread exists and has been busy for a while.
        await().atMost(Duration.ofSeconds(60)).until(() -> compileCpuTicks() > 50);
        long t0 = System.nanoTime();
        master.destroy(); // SIGTERM
        assertTrue(master.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM:\n" + tail());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(master.exitValue() == 143 || master.exitValue() == 0, "exit status " + master.exitValue() + ":\n" + tail());
        assertTrue(ms < 20_000, "took " + ms + " ms to stop");
    }

    /** CPU ticks (1/100 s) used so far by the master's compile threads, from /proc. */
    private long compileCpuTicks() throws IOException {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(master.pid()), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (!Files.readString(t.resolve("comm")).strip().equals("jsalt-compile")) continue;
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }
}
