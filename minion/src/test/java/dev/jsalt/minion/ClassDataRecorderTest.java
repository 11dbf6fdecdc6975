package dev.jsalt.minion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassDataRecorderTest {
    private static final long SETTLE = ClassDataRecorder.SETTLE_MILLIS;

    @Test
    void recordsOnceWhenTheMinionHasBeenAcceptedForTheSettleTime(@TempDir Path dir) {
        List<Path> dumps = new ArrayList<>();
        ClassDataRecorder r = new ClassDataRecorder(dir.resolve("minion.jsa"), dumps::add);
        assertFalse(r.tick(false, 0));
        assertFalse(r.tick(true, 1_000));
        assertFalse(r.tick(true, 1_000 + SETTLE - 1));
        assertTrue(r.tick(true, 1_000 + SETTLE));
        assertFalse(r.tick(true, 1_000 + 5 * SETTLE));
        assertEquals(List.of(dir.resolve("minion.jsa")), dumps);
    }

    @Test
    void aBreakInTheConnectionStartsTheWaitAgain(@TempDir Path dir) {
        List<Path> dumps = new ArrayList<>();
        ClassDataRecorder r = new ClassDataRecorder(dir.resolve("minion.jsa"), dumps::add);
        r.tick(true, 0);
        r.tick(false, SETTLE - 1);
        assertFalse(r.tick(true, SETTLE));
        assertFalse(r.tick(true, 2 * SETTLE - 1));
        assertTrue(r.tick(true, 2 * SETTLE));
        assertEquals(1, dumps.size());
    }

    @Test
    void aDumpThatFailsIsNotTriedAgainByThisProcess(@TempDir Path dir) {
        int[] tries = {0};
        ClassDataRecorder r = new ClassDataRecorder(dir.resolve("minion.jsa"), f -> {
            tries[0]++;
            throw new IllegalStateException("no");
        });
        assertTrue(r.tick(true, 0) || r.tick(true, SETTLE));
        assertTrue(r.done());
        assertFalse(r.tick(true, 10 * SETTLE));
        assertEquals(1, tries[0]);
    }

    /**
     * The real thing on this JDK: a JVM started as the launcher starts a minion's first run records an archive while it
     * runs, and a later JVM maps it (-Xshare:on fails if it cannot). Catches a JDK without the internal dump entry.
     */
    @Test
    void aRunningJvmWritesAnArchiveThatTheNextJvmMaps(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("minion.jsa");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = jarsOnly(dir); // an archive is valid for the class path it was recorded with
        Process p = new ProcessBuilder(java, "-XX:+RecordDynamicDumpInfo",
                "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-D" + ClassDataRecorder.PROPERTY + "=" + archive,
                "-cp", classPath, RecordNow.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the recording JVM did not end");
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.isRegularFile(archive), out);
        assertFalse(Files.exists(dir.resolve("minion.jsa.tmp")), "the part file is renamed into place");

        Process check = new ProcessBuilder(java, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", classPath, "-version")
                .redirectErrorStream(true).redirectOutput(dir.resolve("check.txt").toFile()).start();
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), Files.readString(dir.resolve("check.txt")));
    }

    @Test
    void aClassDirectoryOnTheClassPathIsRefusedNotDumped(@TempDir Path dir) {
        // this test JVM runs from target/classes: a dump would end it (see jvmDump), so it must be refused first
        ClassDataRecorder r = ClassDataRecorder.toFile(dir.resolve("minion.jsa"));
        assertTrue(r.tick(true, 0) || r.tick(true, SETTLE));
        assertFalse(Files.exists(dir.resolve("minion.jsa")));
        assertFalse(Files.exists(dir.resolve("minion.jsa.tmp")));
    }

    /** The test class path with each class directory packed into a jar: Java 17 archives classes from jars only. */
    private static String jarsOnly(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isDirectory(p)) {
                out.add(entry);
                continue;
            }
            Path jar = dir.resolve("cp" + n++ + ".jar");
            try (JarOutputStream jos = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(p)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    jos.putNextEntry(new JarEntry(p.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, jos);
                    jos.closeEntry();
                }
            }
            out.add(jar.toString());
        }
        return String.join(File.pathSeparator, out);
    }

    /** A jar replaced under the running JVM (a package upgrade) is not dumped against: Java 17 could end the JVM. */
    @Test
    void aJarChangedSinceTheStartIsNotDumpedAgainst(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("minion.jsa");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-XX:+RecordDynamicDumpInfo",
                "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-D" + ClassDataRecorder.PROPERTY + "=" + archive,
                "-cp", jarsOnly(dir), RecordNow.class.getName(), "touch")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM did not end");
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(0, p.exitValue(), "the JVM lives on: " + out);
        assertFalse(Files.exists(archive), out); // the same JVM and class path record one unchanged (test above)
        assertFalse(Files.exists(dir.resolve("minion.jsa.tmp")), out);
    }

    /** The forked JVM of the tests above: records as a minion would once it has settled, then exits. */
    static final class RecordNow {
        public static void main(String[] args) throws IOException {
            ClassDataRecorder r = ClassDataRecorder.fromSystemProperties().orElseThrow();
            if (args.length > 0 && args[0].equals("touch")) {
                Path jar = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
                Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 3_600_000));
                r.tick(true, 0);
                r.tick(true, SETTLE);
                return;
            }
            r.tick(true, 0);
            if (!r.tick(true, SETTLE)) throw new AssertionError("did not record");
            if (!Files.isRegularFile(Path.of(System.getProperty(ClassDataRecorder.PROPERTY)))) System.exit(3);
        }
    }
}
