package dev.jsalt.packaging;

import dev.jsalt.bench.Launcher;
import dev.jsalt.bench.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench measures the flags in {@link Role}, copied from the packaged launcher: the two must not drift apart, or
 * docs/performance.md reports numbers for flags no installed minion or master runs with. Runs the launcher from the
 * source tree with a stand-in java that prints its arguments (no packages needed).
 */
class LauncherFlagsTest {
    private static final Path LAUNCHER = Path.of("src/deb/files/bin/jsalt").toAbsolutePath();

    @Test
    void theBenchStartsEachRoleWithTheLaunchersFlags(@TempDir Path tmp) throws IOException {
        Path java = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
        Path jar = Files.writeString(tmp.resolve("jsalt.jar"), ""); // the launcher only checks it is readable
        Map<String, String> env = Map.of("JAVA_HOME", tmp.resolve("jdk").toString(), "JSALT_JAR", jar.toString(),
                "JSALT_CDS_DIR", "");

        assertEquals(flags(Role.MASTER), launched(env, jar, "master"));
        assertEquals(flags(Role.MINION), launched(env, jar, "minion"));
        for (String cmd : List.of("run", "keys", "lab")) assertEquals(flags(Role.CLI), launched(env, jar, cmd), cmd);
    }

    /** The bench records and maps the same class-data archive per command as the launcher (one per everyday command). */
    @Test
    void theBenchKeepsTheLaunchersClassDataArchivePerCommand(@TempDir Path tmp) throws IOException {
        StandIn in = StandIn.in(tmp);

        for (String cmd : List.of("run", "apply", "show", "keys", "jobs", "mine", "events", "orchestrate", "inventory",
                "bootstrap", "lab", "--help")) {
            String argv = launched(in.env(), in.jar(), cmd);
            // -XX:ArchiveClassesAtExit=DIR/ROLE.KEY.jsa.PID on a first run
            String file = Path.of(argv.substring(argv.indexOf("-XX:ArchiveClassesAtExit=") + 25).split(" ")[0]).getFileName().toString();
            String role = file.substring(0, file.indexOf('.'));
            assertEquals(in.bench().cdsArchive(Role.CLI, List.of(cmd)).getFileName().toString(), role + ".jsa", cmd + ": " + argv);
        }
    }

    /**
     * The minion records its archive itself once connected and idle (ClassDataRecorder), not at exit: on a first run the
     * launcher and the bench both ask for that, and both map the archive once it is there.
     */
    @Test
    void aMinionsFirstRunRecordsItsArchiveWhileItRunsInTheBenchAsInTheLauncher(@TempDir Path tmp) throws IOException {
        StandIn in = StandIn.in(tmp);
        String recording = "-XX:+RecordDynamicDumpInfo --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Djsalt.cds.record=";

        String argv = launched(in.env(), in.jar(), "minion");
        assertTrue(argv.contains(" " + recording + in.cds().resolve("minion.")), argv);
        assertTrue(argv.matches(".* -Djsalt\\.cds\\.record=\\S+/minion\\.\\d+\\.jsa\\.\\d+$"), "ARCHIVE.PID, as the CLI's: " + argv);
        assertFalse(argv.contains("ArchiveClassesAtExit"), argv);
        String benchArgv = String.join(" ", in.bench().command(Role.MINION, List.of("minion")));
        assertTrue(benchArgv.contains(recording + in.cds().resolve("minion.jsa")), benchArgv);

        Files.writeString(in.cds().resolve("minion.jsa"), "");
        benchArgv = String.join(" ", in.bench().command(Role.MINION, List.of("minion")));
        assertTrue(benchArgv.contains("-XX:SharedArchiveFile=" + in.cds().resolve("minion.jsa")), benchArgv);
        assertFalse(benchArgv.contains("RecordDynamicDumpInfo"), benchArgv);
    }

    /**
     * A stand-in JDK whose java prints its arguments (with a libjvm.so, which the launcher keys archives on), an empty
     * jsalt.jar and an archive directory cds/, all in one folder; the launcher's environment for them, and the bench's
     * launcher of the same jar and archives.
     */
    private record StandIn(Map<String, String> env, Path jar, Path cds, Launcher bench) {
        static StandIn in(Path tmp) throws IOException {
            Path jdk = tmp.resolve("jdk");
            Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
            Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
            assertTrue(java.toFile().setExecutable(true));
            Files.createDirectories(jdk.resolve("lib/server"));
            Files.writeString(jdk.resolve("lib/server/libjvm.so"), "");
            Path jar = Files.writeString(tmp.resolve("jsalt.jar"), "");
            Path cds = Files.createDirectories(tmp.resolve("cds"));
            return new StandIn(Map.of("JAVA_HOME", jdk.toString(), "JSALT_JAR", jar.toString(), "JSALT_CDS_DIR", cds.toString()),
                    jar, cds, Launcher.current(jar).withCds(cds));
        }
    }

    private static String flags(Role role) {
        return String.join(" ", role.flags());
    }

    /** The JVM flags the launcher passes for {@code jsalt CMD}: everything before {@code -jar}. */
    private static String launched(Map<String, String> env, Path jar, String cmd) {
        String argv = Cmd.ok(List.of("sh", LAUNCHER.toString(), cmd), env).strip();
        String tail = " -jar " + jar + " " + cmd;
        assertTrue(argv.endsWith(tail), argv);
        return argv.substring(0, argv.length() - tail.length());
    }
}
