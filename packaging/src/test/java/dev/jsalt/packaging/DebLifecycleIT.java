package dev.jsalt.packaging;

import dev.jsalt.cli.bootstrap.BootstrapCommand;
import dev.jsalt.cli.bootstrap.SshRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Install → run the daemons with the units' own ExecStart lines → upgrade to a rebuilt package with changed configs
 * kept → remove → purge, all inside a throwaway dpkg root (see {@link ThrowawayRoot}); the host is checked untouched.
 */
class DebLifecycleIT {
    private static final String MINION_ID = "pkg-it-minion";

    @TempDir
    Path tmp;
    private ThrowawayRoot root;
    private final List<Process> daemons = new ArrayList<>();
    private final long t0 = System.nanoTime();

    /** Phase timings in the failsafe output: this test must stay well under a minute. */
    private void phase(String name) {
        System.out.printf("%6d ms  %s%n", (System.nanoTime() - t0) / 1_000_000, name);
    }

    @BeforeEach
    void root() throws IOException {
        assumeTrue(Cmd.ok("id", "-u").strip().equals("0"), "needs root: dpkg unpacks files owned by root");
        assumeTrue(Cmd.onPath("deb-systemd-helper"), "needs init-system-helpers (deb-systemd-helper)");
        root = new ThrowawayRoot(tmp.resolve("root"));
    }

    @AfterEach
    void stopDaemons() throws InterruptedException {
        for (Process p : daemons) {
            p.destroy();
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    @Test
    void installRunUpgradeRemovePurge() throws Exception {
        String hostBefore = hostState();
        String v1 = Debs.version();

        // Install: account, private data dirs, services enabled (not started: systemd is not PID 1 for this root).
        String out = root.dpkg("-i", Debs.deb("jsalt").toString(), Debs.deb("jsalt-master").toString(),
                Debs.deb("jsalt-minion").toString());
        assertTrue(out.contains("jsalt-master.service was not started"), out);
        assertInstalled(v1);
        List<String> accounts = Files.readAllLines(root.path("/etc/passwd")).stream().filter(l -> l.startsWith("jsalt:")).toList();
        assertEquals(1, accounts.size(), "one jsalt account");
        String[] account = accounts.get(0).split(":");
        assertEquals("/var/lib/jsalt/master", account[5]);
        assertEquals("/usr/sbin/nologin", account[6]);
        assertDir("/var/lib/jsalt/master", "rwx------", Integer.parseInt(account[2]));
        assertDir("/var/lib/jsalt/minion", "rwx------", 0);
        assertTrue(Files.isSymbolicLink(root.path("/etc/systemd/system/multi-user.target.wants/jsalt-master.service")));
        assertTrue(Files.isSymbolicLink(root.path("/etc/systemd/system/multi-user.target.wants/jsalt-minion.service")));

        phase("installed");
        // Run: the packaged master and minion, started exactly as their units would (paths moved into the root).
        int port = freePortPair();
        int apiPort = freePort();
        configureMaster(port, apiPort);
        daemons.add(start(execStart("jsalt-master.service"), "master.log"));
        Path fpFile = root.path("/var/lib/jsalt/master/pki/master.fingerprint");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(fpFile) && !Files.readString(fpFile).isBlank());
        String fingerprint = Files.readString(fpFile).strip();
        configureMinion(port, fingerprint);
        phase("master up");
        daemons.add(start(execStart("jsalt-minion.service"), "minion.log"));
        String launcher = root.path("/usr/bin/jsalt").toString();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Cmd.run(launcher, "keys", "list", "-c", root.path("/etc/jsalt").toString(), "--output", "json").output().contains(MINION_ID));
        phase("minion registered");
        assertTrue(Files.exists(root.path("/var/lib/jsalt/minion/pki/master.pub")), "the minion pinned the master's key");
        assertBootstrapUses(fingerprint, port);
        stopDaemons();
        daemons.clear();
        phase("daemons stopped");
        String minionYaml = Files.readString(root.path("/etc/jsalt/minion.yaml"));
        String masterYaml = Files.readString(root.path("/etc/jsalt/master.yaml"));

        // Upgrade to a rebuilt, newer version whose default master.yaml changed: the operator's configs are kept.
        String v2 = v1 + "+rebuild1";
        assertEquals(0, Cmd.run("dpkg", "--compare-versions", v2, "gt", v1).exit());
        Path work = Files.createDirectories(tmp.resolve("v2"));
        Path common2 = Rebuild.withVersion(Debs.deb("jsalt"), v1, v2, work, d -> { });
        Path master2 = Rebuild.withVersion(Debs.deb("jsalt-master"), v1, v2, work,
                d -> Files.writeString(d.resolve("etc/jsalt/master.yaml"), "# changed default in v2\n",
                        java.nio.file.StandardOpenOption.APPEND));
        Path minion2 = Rebuild.withVersion(Debs.deb("jsalt-minion"), v1, v2, work, d -> { });
        root.dpkg("--force-confdef", "--force-confold", "-i", common2.toString(), master2.toString(), minion2.toString());
        phase("upgraded");
        assertInstalled(v2);
        assertEquals(minionYaml, Files.readString(root.path("/etc/jsalt/minion.yaml")), "changed minion.yaml kept");
        assertEquals(masterYaml, Files.readString(root.path("/etc/jsalt/master.yaml")), "changed master.yaml kept");
        assertTrue(Files.readString(root.path("/etc/jsalt/master.yaml.dpkg-dist")).contains("changed default in v2"),
                "the new default is set beside it for the operator to merge");
        assertEquals(fingerprint, Files.readString(fpFile).strip(), "the master's keys survive an upgrade");
        assertEquals(1, Files.readAllLines(root.path("/etc/passwd")).stream().filter(l -> l.startsWith("jsalt:")).count());
        assertDir("/var/lib/jsalt/master", "rwx------", Integer.parseInt(account[2]));

        // Remove: programs gone, configs and data kept, the services masked so a leftover symlink cannot start them.
        root.dpkg("-r", "jsalt-minion", "jsalt-master", "jsalt");
        assertFalse(Files.exists(root.path("/usr/share/jsalt/jsalt.jar")));
        assertFalse(Files.exists(root.path("/usr/lib/systemd/system/jsalt-master.service")));
        assertTrue(Files.exists(root.path("/etc/jsalt/minion.yaml")));
        assertTrue(Files.exists(fpFile), "remove keeps the master's keys");
        assertTrue(Files.exists(root.path("/var/lib/jsalt/minion/pki/master.pub")));
        assertTrue(root.packages().contains("jsalt-master " + v2 + " deinstall ok config-files"), root.packages());
        assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(root.path("/etc/systemd/system/jsalt-master.service")));

        phase("removed");
        // Purge: data, configs, enablement and masks all gone.
        root.dpkg("-P", "jsalt-minion", "jsalt-master", "jsalt");
        assertEquals("", root.packages().strip());
        assertFalse(Files.exists(root.path("/var/lib/jsalt")), "purge removes the data");
        assertFalse(Files.exists(root.path("/etc/jsalt")), "purge removes the configs");
        try (Stream<Path> s = Files.walk(root.path("/etc/systemd"))) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("jsalt")).toList());
        }

        phase("purged");
        assertEquals(hostBefore, hostState(), "the host system is untouched");
    }

    private void assertInstalled(String version) {
        String pkgs = root.packages();
        for (String p : Debs.PACKAGES) assertTrue(pkgs.contains(p + " " + version + " install ok installed"), pkgs);
    }

    private void assertDir(String path, String perms, int uid) throws IOException {
        Path p = root.path(path);
        assertEquals(perms, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), path);
        assertEquals(uid, (int) Files.getAttribute(p, "unix:uid"), path + " owner");
    }

    /** The unit's ExecStart with every absolute path moved into the throwaway root. */
    private List<String> execStart(String unit) throws IOException {
        String line = Files.readAllLines(root.path("/usr/lib/systemd/system/" + unit)).stream()
                .filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        List<String> argv = new ArrayList<>();
        for (String word : line.substring("ExecStart=".length()).split(" ")) {
            argv.add(word.startsWith("/") ? root.path(word).toString() : word);
        }
        return argv;
    }

    private Process start(List<String> argv, String log) throws IOException {
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile()).start();
    }

    /** The shipped master.yaml with its paths moved into the root and test ports on loopback. */
    private void configureMaster(int port, int apiPort) throws IOException {
        Path f = root.path("/etc/jsalt/master.yaml");
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            if (l.startsWith("root_dir:")) l = "root_dir: " + root.path("/var/lib/jsalt/master");
            else if (l.startsWith("bind:")) l = "bind: 127.0.0.1";
            else if (l.startsWith("port:")) l = "port: " + port;
            else if (l.startsWith("  port:")) l = "  port: " + apiPort;
            lines.add(l);
        }
        Files.write(f, lines);
    }

    private void configureMinion(int port, String fingerprint) throws IOException {
        Files.writeString(root.path("/etc/jsalt/minion.yaml"), String.join("\n",
                "master: 127.0.0.1:" + port,
                "master_fingerprint: \"" + fingerprint + "\"",
                "id: " + MINION_ID,
                "root_dir: " + root.path("/var/lib/jsalt/minion"),
                "grains: {role: test}", ""));
    }

    /** `jsalt bootstrap` against the installed master config prints a script pinned to the running master's key. */
    private void assertBootstrapUses(String fingerprint, int port) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = new CommandLine(new BootstrapCommand(new SshRunner(), new PrintStream(buf, true, StandardCharsets.UTF_8)))
                .execute("-c", root.path("/etc/jsalt").toString(), "--master", "master.example.net", "--minion-id", "web1");
        String script = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, script);
        assertTrue(script.contains("master_fingerprint: '" + fingerprint + "'"), script);
        assertTrue(script.contains("master: 'master.example.net:" + port + "'"), script);
    }

    /** What an escaped maintainer script would have changed on the real system. */
    private static String hostState() {
        StringBuilder s = new StringBuilder();
        s.append("account=").append(Cmd.run("getent", "passwd", "jsalt").output()).append('\n');
        for (String p : List.of("/var/lib/jsalt", "/etc/jsalt", "/usr/share/jsalt", "/usr/lib/systemd/system/jsalt-master.service",
                "/etc/systemd/system/multi-user.target.wants/jsalt-master.service",
                "/etc/systemd/system/multi-user.target.wants/jsalt-minion.service",
                "/var/lib/systemd/deb-systemd-helper-enabled/jsalt-master.service.dsh-also")) {
            s.append(p).append('=').append(Files.exists(Path.of(p), java.nio.file.LinkOption.NOFOLLOW_LINKS)).append('\n');
        }
        s.append(Cmd.run("dpkg-query", "-W", "jsalt*").output());
        return s.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A port whose neighbour below is free too: the master's key port is port - 1. */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = freePort();
            try (ServerSocket below = new ServerSocket(p - 1)) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port pair");
    }
}
