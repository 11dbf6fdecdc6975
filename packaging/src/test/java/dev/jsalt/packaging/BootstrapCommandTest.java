package dev.jsalt.packaging;

import dev.jsalt.cli.bootstrap.BootstrapCommand;
import dev.jsalt.cli.bootstrap.BootstrapInput;
import dev.jsalt.cli.bootstrap.BootstrapScript;
import dev.jsalt.cli.bootstrap.SshRunner;
import dev.jsalt.minion.config.MinionConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jsalt bootstrap}: the script it writes, the values it refuses, and the ssh/scp calls it makes. */
class BootstrapCommandTest {
    static final String FP = String.join(":", java.util.Collections.nCopies(32, "ab"));

    @TempDir
    Path tmp;
    Path configDir;

    @BeforeEach
    void master() throws IOException {
        configDir = Files.createDirectories(tmp.resolve("etc"));
        Path rootDir = tmp.resolve("master-root");
        Files.writeString(configDir.resolve("master.yaml"), "root_dir: " + rootDir + "\nbind: 0.0.0.0\nport: 4606\n");
        Files.createDirectories(rootDir.resolve("pki"));
        Files.writeString(rootDir.resolve("pki/master.fingerprint"), FP + "\n");
    }

    private static BootstrapInput input(Map<String, String> grains) {
        return new BootstrapInput("master.example.net:4506", FP, Optional.of("web1"), grains, List.of());
    }

    @Test
    void minionYamlRoundTripsThroughTheMinionsOwnLoader() throws IOException {
        Map<String, String> grains = new LinkedHashMap<>();
        grains.put("role", "app");
        grains.put("note", "it's $(not run) `either` \"quoted\" # not a comment");
        String script = BootstrapScript.render(input(grains));
        String yaml = script.substring(script.indexOf("<<'JSALT_MINION_YAML'\n") + 22, script.indexOf("\nJSALT_MINION_YAML\n") + 1);
        Path dir = Files.createDirectories(tmp.resolve("minion-etc"));
        Files.writeString(dir.resolve("minion.yaml"), yaml);
        MinionConfig cfg = MinionConfig.load(dir);
        assertEquals("web1", cfg.id());
        assertEquals("master.example.net", cfg.master().host());
        assertEquals(4506, cfg.master().port());
        assertEquals(FP, cfg.masterFingerprint());
        assertEquals(Path.of("/var/lib/jsalt/minion"), cfg.rootDir());
        assertEquals(grains, cfg.grains());
        Cmd.ok("sh", "-n", write("script.sh", script).toString());
    }

    @Test
    void refusesValuesThatCouldEscape() {
        assertThrows(IllegalArgumentException.class, () -> new BootstrapInput("m;reboot:4506", FP, Optional.empty(), Map.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapInput("master:99999", FP, Optional.empty(), Map.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapInput("master:4506", "ab:cd", Optional.empty(), Map.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapInput("master:4506", FP, Optional.of("x; rm -rf /"), Map.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> input(Map.of("role", "a\nJSALT_MINION_YAML\nreboot")));
        assertThrows(IllegalArgumentException.class, () -> input(Map.of("ro le", "app")));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapInput("master:4506", FP, Optional.empty(), Map.of(),
                List.of(Path.of("/tmp/evil$(reboot).deb"))));
        assertThrows(IllegalArgumentException.class, () -> SshRunner.validTarget("-oProxyCommand=reboot"));
        assertThrows(IllegalArgumentException.class, () -> SshRunner.validTarget("root@host;reboot"));
        assertEquals("root@db-1.example.net", SshRunner.validTarget("root@db-1.example.net"));
    }

    @Test
    void printsStepsWithThisMastersFingerprintAndPort() {
        String out = run(new SshRunner(), "-c", configDir.toString(), "--master", "10.0.0.5", "--minion-id", "app1", "--grain", "role=app");
        assertTrue(out.contains("master: '10.0.0.5:4606'"), out);
        assertTrue(out.contains("master_fingerprint: '" + FP + "'"), out);
        assertTrue(out.contains("apt-get install") && out.contains(" jsalt-minion\n"), out);
        assertTrue(out.contains("Open TCP 4606 and 4605"), out);
    }

    @Test
    void sshModeCopiesThePackagesThenPipesTheScriptToShS() throws IOException {
        Path debs = Files.createDirectories(tmp.resolve("debs"));
        Files.writeString(debs.resolve("jsalt_0.1.0~SNAPSHOT_all.deb"), "x");
        Files.writeString(debs.resolve("jsalt-minion_0.1.0~SNAPSHOT_all.deb"), "x");
        Path log = tmp.resolve("calls.log");
        Path stdin = tmp.resolve("ssh-stdin");
        Path ssh = stub("fake-ssh", "echo ssh \"$@\" >> " + log + "\ncat > " + stdin + "\n");
        Path scp = stub("fake-scp", "echo scp \"$@\" >> " + log + "\n");
        String out = run(new SshRunner(ssh.toString(), scp.toString()), "-c", configDir.toString(), "--master", "m1.example.net",
                "--ssh", "admin@new-1.example.net", "--debs", debs.toString());
        assertTrue(out.contains("Bootstrapping admin@new-1.example.net"), out);
        List<String> calls = Files.readAllLines(log);
        assertEquals(2, calls.size(), calls.toString());
        assertTrue(calls.get(0).startsWith("scp -q -- "), calls.get(0));
        assertTrue(calls.get(0).endsWith(" admin@new-1.example.net:"), calls.get(0));
        assertTrue(calls.get(0).contains(debs.resolve("jsalt-minion_0.1.0~SNAPSHOT_all.deb").toString()), calls.get(0));
        assertEquals("ssh -- admin@new-1.example.net sh -s", calls.get(1));
        String script = Files.readString(stdin);
        assertTrue(script.contains("\"$HOME\"/'jsalt-minion_0.1.0~SNAPSHOT_all.deb'"), script);
    }

    /** The script itself, run with stand-ins for sudo, install, apt-get and systemctl: what it would do, in order. */
    @Test
    void scriptWritesTheConfigFirstThenInstallsWithSudo() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path log = tmp.resolve("calls.log");
        Path written = tmp.resolve("minion.yaml.written");
        stubIn(bin, "id", "echo 1000\n");
        stubIn(bin, "sudo", "echo sudo \"$@\" >> " + log + "\n[ \"$1\" = -n ] && shift\nexec \"$@\"\n");
        stubIn(bin, "install", "echo install \"$@\" >> " + log + "\nfor last; do :; done\n"
                + "case \"$last\" in /etc/jsalt/minion.yaml) cp \"$3\" " + written + ";; esac\n");
        stubIn(bin, "apt-get", "echo apt-get \"$@\" >> " + log + "\n");
        stubIn(bin, "systemctl", "echo systemctl \"$@\" >> " + log + "\n");
        Path home = Files.createDirectories(tmp.resolve("home"));
        String script = BootstrapScript.render(new BootstrapInput("m:4506", FP, Optional.of("web1"), Map.of("role", "db"),
                List.of(Path.of("jsalt_1_all.deb"), Path.of("jsalt-minion_1_all.deb"))));
        String out = Cmd.ok(List.of("sh", write("s.sh", script).toString()),
                Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", home.toString()));
        List<String> calls = Files.readAllLines(log);
        assertEquals("sudo -n install -d -m 0755 /etc/jsalt", calls.get(0));
        assertTrue(calls.get(2).startsWith("sudo -n install -m 0644 /"), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("apt-get install -y -q -o Dpkg::Options::=--force-confdef "
                + "-o Dpkg::Options::=--force-confold " + home + "/jsalt_1_all.deb " + home + "/jsalt-minion_1_all.deb")), calls.toString());
        assertTrue(Files.readString(written).contains("master_fingerprint: '" + FP + "'"));
        assertTrue(out.contains("jsalt keys accept web1"), out);
    }

    private String run(SshRunner runner, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new BootstrapCommand(runner, new PrintStream(buf, true, StandardCharsets.UTF_8)));
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err));
        int rc = cli.execute(args);
        assertEquals(0, rc, buf + "\n" + err);
        return buf.toString(StandardCharsets.UTF_8);
    }

    private Path stub(String name, String body) throws IOException {
        return stubIn(tmp, name, body);
    }

    private static Path stubIn(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        p.toFile().setExecutable(true);
        return p;
    }

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }
}
