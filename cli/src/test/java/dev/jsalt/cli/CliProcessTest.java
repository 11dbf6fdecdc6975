package dev.jsalt.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemons as separate processes (as systemd runs them) driven by the CLI as an operator would: keys, jobs,
 * bad input, and a clean exit on SIGTERM.
 */
class CliProcessTest {
    private Path dir;
    private Path masterDir;
    private final List<Process> processes = new ArrayList<>();

    record Cli(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("jsalt-cli-");
        int port = freePort();
        int keyPort = freePort();
        int apiPort = freePort();
        masterDir = Files.createDirectories(dir.resolve("master"));
        Files.writeString(masterDir.resolve("master.yaml"), String.join("\n", "root_dir: root", "bind: 127.0.0.1",
                "port: " + port, "key_port: " + keyPort, "api:", "  bind: 127.0.0.1", "  port: " + apiPort, "job_timeout: 5", ""));
        Path minionDir = Files.createDirectories(dir.resolve("web1"));
        Files.writeString(minionDir.resolve("minion.yaml"), String.join("\n", "id: web1", "master: 127.0.0.1:" + port,
                "master_key_port: " + keyPort, "root_dir: root", "grains:", "  role: app", ""));
        processes.add(daemon("master", masterDir));
        processes.add(daemon("minion", minionDir));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private Process daemon(String kind, Path configDir) throws IOException {
        Path log = dir.resolve(kind + "-" + configDir.getFileName() + ".log");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), kind, "-c", configDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private synchronized Cli cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of(args));
            if (!all.contains("-c")) {
                all.add("-c");
                all.add(masterDir.toString());
            }
            int code = Main.run(all.toArray(String[]::new));
            return new Cli(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void operatorWorkflowAgainstRealProcesses() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> cli("keys", "list").out().contains("pending"));
        assertEquals(0, cli("keys", "accept", "web1").exit());
        await().atMost(Duration.ofSeconds(30)).until(() -> cli("keys", "list", "--output", "json").out().contains("\"connected\" : true"));

        Cli ping = cli("run", "role=app", "test.ping");
        assertEquals(0, ping.exit(), ping.toString());
        assertTrue(ping.out().contains("web1:") && ping.out().contains("True"), ping.out());

        Cli json = cli("run", "web*", "grains.get", "role", "--output", "json");
        assertEquals(0, json.exit());
        assertTrue(json.out().contains("\"result\" : \"app\""), json.out());
        assertTrue(json.out().indexOf("\"jid\"") < json.out().indexOf("\"results\""), "jid first, every run: " + json.out());

        Cli jobs = cli("jobs", "list");
        assertTrue(jobs.out().contains("grains.get"), jobs.out());

        ApiClient.ApiException all = org.junit.jupiter.api.Assertions.assertThrows(ApiClient.ApiException.class,
                () -> ApiClient.forConfigDir(masterDir).post("/v1/keys/delete", java.util.Map.of("all", true)));
        assertEquals("'all' is only for accept; name the minions to delete", all.getMessage());
        assertTrue(cli("keys", "list").out().contains("accepted"), "nothing was deleted");

        Cli badTarget = cli("run", "role=app and", "test.ping");
        assertEquals(2, badTarget.exit());
        assertEquals("error: bad target 'role=app and': expected a target after 'and' at column 13", badTarget.err().strip());

        Cli unknown = cli("run", "*", "test.pong");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("error: unknown function 'test.pong' (known: "), unknown.err());

        Cli failed = cli("run", "web1", "cmd.run", "false");
        assertEquals(1, failed.exit(), failed.toString());

        Cli badArg = cli("run", "web1", "cmd.run", "echo hi | tee /tmp/x");
        assertEquals(1, badArg.exit());
        assertTrue(badArg.out().contains("shell syntax"), badArg.out());

        // SIGTERM: both daemons stop cleanly with status 0.
        for (Process p : processes) {
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stopped on SIGTERM");
            // The JVM reports a SIGTERM-initiated shutdown as 143 (128+15); the units list it in SuccessExitStatus.
            assertTrue(p.exitValue() == 0 || p.exitValue() == 143, "exit status " + p.exitValue());
        }
    }

    @Test
    void badConfigIsOneLineNamingFileLineAndKey() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("master.yaml"), "root_dir: root\nprot: 4506\n");
        Cli c = cli("master", "-c", bad.toString());
        assertEquals(2, c.exit());
        assertEquals("error: " + bad.resolve("master.yaml") + ":2:1: unknown key 'prot' (did you mean 'port'?)", c.err().strip());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
