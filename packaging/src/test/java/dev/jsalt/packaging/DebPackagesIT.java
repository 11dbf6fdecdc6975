package dev.jsalt.packaging;

import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.minion.config.MinionConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The built .debs as files: names, control fields, contents with modes, conffiles, scripts, units, launcher. */
class DebPackagesIT {

    @TempDir
    static Path tmp;
    /** The three packages unpacked together (dpkg-deb -x): the file tree an install would produce. */
    static Path tree;

    @BeforeAll
    static void unpack() {
        tree = tmp.resolve("tree");
        for (String pkg : Debs.PACKAGES) Cmd.ok("dpkg-deb", "-x", Debs.deb(pkg).toString(), tree.toString());
    }

    private static String field(String pkg, String name) {
        return Cmd.ok("dpkg-deb", "-f", Debs.deb(pkg).toString(), name).strip();
    }

    @Test
    void controlFieldsNameVersionAndDependencies() {
        for (String pkg : Debs.PACKAGES) {
            assertEquals(pkg, field(pkg, "Package"));
            assertEquals(Debs.version(), field(pkg, "Version"));
            assertEquals("all", field(pkg, "Architecture"));
            assertFalse(field(pkg, "Maintainer").isEmpty());
        }
        assertEquals("default-jre-headless (>= 2:1.17) | java17-runtime-headless", field("jsalt", "Depends"));
        // The service packages run exactly the jar they were built with.
        assertTrue(field("jsalt-master", "Depends").contains("jsalt (= " + Debs.version() + ")"));
        assertTrue(field("jsalt-minion", "Depends").contains("jsalt (= " + Debs.version() + ")"));
        assertTrue(field("jsalt-master", "Depends").contains("passwd"), "useradd comes from passwd");
        assertEquals(0, Cmd.run("dpkg", "--compare-versions", Debs.version(), "lt", Debs.version().replace("~SNAPSHOT", "")).exit(),
                "a snapshot sorts before its release");
    }

    @Test
    void contentsWithOwnersAndModes() {
        assertContains("jsalt", Map.of(
                "./usr/share/jsalt/jsalt.jar", "-rw-r--r-- root/root",
                "./usr/bin/jsalt", "-rwxr-xr-x root/root",
                "./usr/share/doc/jsalt/install.md", "-rw-r--r-- root/root",
                "./usr/share/doc/jsalt/metrics.md", "-rw-r--r-- root/root"));
        assertContains("jsalt-master", Map.of(
                "./etc/jsalt/master.yaml", "-rw-r--r-- root/root",
                "./usr/lib/systemd/system/jsalt-master.service", "-rw-r--r-- root/root",
                "./usr/share/jsalt/grafana/jsalt-master.json", "-rw-r--r-- root/root"));
        assertContains("jsalt-minion", Map.of(
                "./etc/jsalt/minion.yaml", "-rw-r--r-- root/root",
                "./usr/lib/systemd/system/jsalt-minion.service", "-rw-r--r-- root/root"));
        // Data directories are the maintainer scripts' job (owner jsalt, 0700): a packaged one would be root's 0755.
        for (String pkg : Debs.PACKAGES) {
            assertFalse(Cmd.ok("dpkg-deb", "-c", Debs.deb(pkg).toString()).contains("/var/lib/jsalt"), pkg);
        }
    }

    private static void assertContains(String pkg, Map<String, String> expected) {
        List<String> lines = Cmd.ok("dpkg-deb", "-c", Debs.deb(pkg).toString()).lines().toList();
        expected.forEach((path, modeOwner) -> assertTrue(
                lines.stream().anyMatch(l -> l.startsWith(modeOwner + " ") && l.endsWith(" " + path)),
                pkg + " should hold " + path + " as " + modeOwner + "; has:\n" + String.join("\n", lines)));
    }

    @Test
    void configsAreConffiles() {
        assertEquals("/etc/jsalt/master.yaml", Cmd.ok("dpkg-deb", "-I", Debs.deb("jsalt-master").toString(), "conffiles").strip());
        assertEquals("/etc/jsalt/minion.yaml", Cmd.ok("dpkg-deb", "-I", Debs.deb("jsalt-minion").toString(), "conffiles").strip());
    }

    @Test
    void maintainerScriptsAreExecutableAndParse() throws IOException {
        for (String pkg : new String[]{"jsalt-master", "jsalt-minion"}) {
            Path ctl = tmp.resolve("control-" + pkg);
            Cmd.ok("dpkg-deb", "-e", Debs.deb(pkg).toString(), ctl.toString());
            for (String script : new String[]{"postinst", "prerm", "postrm"}) {
                Path s = ctl.resolve(script);
                assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(s)), pkg + " " + script);
                Cmd.ok("sh", "-n", s.toString());
                assertTrue(Files.readString(s).startsWith("#!/bin/sh\n"), pkg + " " + script);
            }
        }
        Path ctl = tmp.resolve("control-jsalt");
        Cmd.ok("dpkg-deb", "-e", Debs.deb("jsalt").toString(), ctl.toString());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(ctl.resolve("postrm"))));
        Cmd.ok("sh", "-n", ctl.resolve("postrm").toString());
        assertTrue(Files.readString(ctl.resolve("postrm")).contains("rm -rf \"$ROOT/var/cache/jsalt\""), "the launcher's archives go with the jar");
        Cmd.ok("sh", "-n", tree.resolve("usr/bin/jsalt").toString());
    }

    @Test
    void shippedConfigsAreValid() {
        MasterConfig master = MasterConfig.load(tree.resolve("etc/jsalt"));
        assertEquals(Path.of("/var/lib/jsalt/master"), master.rootDir());
        assertEquals(4506, master.port());
        assertEquals("127.0.0.1", master.apiBind());
        assertEquals(4507, master.apiPort());
        assertFalse(master.autoAccept());
        MinionConfig minion = MinionConfig.load(tree.resolve("etc/jsalt"));
        assertEquals("salt", minion.master().host());
        assertEquals(4506, minion.master().port());
        assertEquals(Path.of("/var/lib/jsalt/minion"), minion.rootDir());
    }

    @Test
    void unitsPassSystemdAnalyzeVerify() throws IOException {
        assumeTrue(Cmd.onPath("systemd-analyze"), "systemd-analyze is not installed (apt-get install systemd)");
        // verify resolves ExecStart and the targets inside --root: give it the unpacked tree plus the host's targets.
        Path units = tree.resolve("usr/lib/systemd/system");
        try (Stream<Path> s = Files.list(Path.of("/usr/lib/systemd/system"))) {
            for (Path t : s.filter(p -> p.toString().endsWith(".target") || p.toString().endsWith(".slice")).toList()) {
                if (!Files.exists(units.resolve(t.getFileName()))) Files.copy(t, units.resolve(t.getFileName()));
            }
        }
        Cmd c = Cmd.run("systemd-analyze", "verify", "--root=" + tree,
                units.resolve("jsalt-master.service").toString(), units.resolve("jsalt-minion.service").toString());
        assertEquals(0, c.exit(), c.output());
        // Unknown or misspelt keys are only warnings: any word about our units is a failure.
        assertFalse(c.output().contains("jsalt"), c.output());
    }

    @Test
    void launcherPicksJvmFlagsPerRole() throws IOException {
        // A stand-in java that prints its arguments shows what the launcher would run.
        Path javaHome = tmp.resolve("fake-jdk");
        Files.createDirectories(javaHome.resolve("bin"));
        Path java = javaHome.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        java.toFile().setExecutable(true);
        String launcher = tree.resolve("usr/bin/jsalt").toString();
        Map<String, String> env = Map.of("JAVA_HOME", javaHome.toString());

        String minion = Cmd.ok(List.of(launcher, "minion", "-c", "/etc/jsalt"), env).strip();
        assertTrue(minion.startsWith("-Xms4m -Xmx24m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 "
                + "-XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=16m"), minion);
        // The jar is found next to the launcher, so this unpacked tree runs its own jar.
        assertTrue(minion.endsWith("-jar " + tree.resolve("usr/share/jsalt/jsalt.jar") + " minion -c /etc/jsalt"), minion);
        assertTrue(Cmd.ok(List.of(launcher, "master"), env).contains("-Xmx192m"));
        assertTrue(Cmd.ok(List.of(launcher, "keys", "list"), env).contains("-XX:TieredStopAtLevel=1"));
        String custom = Cmd.ok(List.of(launcher, "minion"), Map.of("JAVA_HOME", javaHome.toString(), "JSALT_JAVA_OPTS", "-Xmx64m -Dx=*")).strip();
        assertTrue(custom.startsWith("-Xmx64m -Dx=* -jar "), "JSALT_JAVA_OPTS replaces the defaults and is not globbed: " + custom);
    }

    @Test
    void launcherRecordsChecksAndThenUsesAClassDataArchive() throws IOException {
        String launcher = tree.resolve("usr/bin/jsalt").toString();
        Path dir = tmp.resolve("cds");
        Map<String, String> env = Map.of("JSALT_CDS_DIR", dir.toString());

        // First run: records into ARCHIVE.PID when it exits; nothing is used yet.
        assertTrue(Cmd.ok(List.of(launcher, "--version"), env).startsWith("jsalt "));
        List<Path> recorded = listing(dir);
        assertEquals(1, recorded.size(), recorded.toString());
        assertTrue(recorded.get(0).getFileName().toString().matches("cli\\.\\d+\\.jsa\\.\\d+"), recorded.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));

        // Second run: the recorder has ended, so its archive is checked and renamed into place, and used.
        assertTrue(Cmd.ok(List.of(launcher, "--version"), env).startsWith("jsalt "));
        Path archive = dir.resolve(recorded.get(0).getFileName().toString().replaceAll("\\.\\d+$", ""));
        assertEquals(List.of(archive), listing(dir));
        String shown = Cmd.ok(List.of("sh", "-x", launcher, "--version"), env);
        assertTrue(shown.contains("-XX:SharedArchiveFile=" + archive), shown);

        // A truncated recording (a JVM killed while writing it) would crash every JVM that maps it: it is dropped.
        byte[] whole = Files.readAllBytes(archive);
        Files.delete(archive);
        Path truncated = dir.resolve(archive.getFileName() + ".999999999"); // no such process: it has ended
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertTrue(Cmd.ok(List.of(launcher, "--version"), env).startsWith("jsalt "));
        assertFalse(Files.exists(truncated), "a broken recording is deleted");
        assertFalse(Files.exists(archive), "and never renamed into place");

        // The everyday commands keep archives of their own, beside the one above and not replacing it.
        Cmd.run(List.of(launcher, "run", "-c", tmp.resolve("nowhere").toString(), "*", "test.ping"), env);
        Cmd.ok(List.of(launcher, "--version"), env);
        List<String> names = listing(dir).stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.stream().anyMatch(n -> n.matches("cli-run\\.\\d+\\.jsa\\.\\d+")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.matches("cli\\.\\d+\\.jsa")), names.toString());

        // A directory others can write is not trusted: no archive is used or recorded there.
        Path shared = Files.createDirectories(tmp.resolve("cds-shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        String sharedRun = Cmd.ok(List.of("sh", "-x", launcher, "--version"), Map.of("JSALT_CDS_DIR", shared.toString()));
        assertFalse(sharedRun.contains("SharedArchiveFile") || sharedRun.contains("ArchiveClassesAtExit"), sharedRun);
        // Empty turns it off.
        String off = Cmd.ok(List.of("sh", "-x", launcher, "--version"), Map.of("JSALT_CDS_DIR", ""));
        assertFalse(off.contains("Archive"), off);
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void launcherRunsTheJar() {
        String version = Cmd.ok(tree.resolve("usr/bin/jsalt").toString(), "--version");
        assertTrue(version.startsWith("jsalt "), version);
    }
}
