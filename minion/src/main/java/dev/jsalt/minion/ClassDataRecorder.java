package dev.jsalt.minion;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records the minion's class-data archive once, when the minion has been connected and accepted for a while: the
 * classes every start needs (configuration, grains, keys, the connection, the hello) and none that only some jobs
 * use. The launcher asks for it on a minion's first start (packaging/src/deb/files/bin/jsalt: {@code -Djsalt.cds.record=FILE}
 * and {@code -XX:+RecordDynamicDumpInfo}) and maps the archive from the next start on.
 *
 * <p>Why not at exit, as the client commands' archives are: Java 17 maps the archives at a random address and relocates
 * them, which writes every page, so the whole archive is resident in every minion (docs/performance.md). An archive
 * written when the first minion process exits holds every class that process ever used; one written at idle holds
 * what an idle minion uses. A job's classes are loaded from the jar when a job first needs them.
 *
 * <p>Java 17 offers a running JVM's dump only to {@code jcmd VM.cds dynamic_dump}, through the JDK-internal
 * {@code jdk.internal.misc.CDS} (opened to this code by the launcher's {@code --add-opens}); jcmd itself is not on a
 * server with only a JRE. Any failure is logged in one line and changes nothing else: the minion runs as before, and
 * the next start records again.
 */
final class ClassDataRecorder {
    static final String PROPERTY = "jsalt.cds.record";
    /** How long the minion has been accepted before it records: past the first mine refresh, as an idle minion is. */
    static final long SETTLE_MILLIS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ClassDataRecorder.class);

    /** Dumps the running JVM's loaded classes into an archive at the given file. */
    interface Dump {
        void to(Path file) throws Exception;
    }

    private final Path file;
    private final Dump dump;
    private long acceptedSince = -1; // -1: not accepted (or the connection broke) since the last tick
    private boolean done;

    ClassDataRecorder(Path file, Dump dump) {
        this.file = file;
        this.dump = dump;
    }

    /** The recorder the launcher asked for, if it did. */
    static Optional<ClassDataRecorder> fromSystemProperties() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) return Optional.empty();
        return Optional.of(toFile(Path.of(value).toAbsolutePath().normalize()));
    }

    /** A recorder that has this JVM write its archive to {@code file}. */
    static ClassDataRecorder toFile(Path file) {
        Map<Path, String> started = classPathStamps();
        return new ClassDataRecorder(file, f -> jvmDump(f, started));
    }

    /**
     * Each class path entry's size and modification time, or "not a jar". Java 17 ends the whole JVM when asked to
     * dump with a class directory on the class path ("Cannot have non-empty directory in paths"), and checks the jars
     * against those it started with; so a dump is only asked for with jars only, unchanged since the start (a package
     * upgrade replaces the jar under a running minion, then restarts it).
     */
    private static Map<Path, String> classPathStamps() {
        Map<Path, String> stamps = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            Path p = Path.of(entry);
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                stamps.put(p, a.isRegularFile() ? a.size() + "@" + a.lastModifiedTime().toMillis() : "not a jar");
            } catch (IOException e) {
                stamps.put(p, "unreadable");
            }
        }
        return stamps;
    }

    /**
     * Called on the minion's tick (about once a second): records once the minion has been accepted for
     * {@link #SETTLE_MILLIS} without a break.
     *
     * @return whether it recorded (successfully or not) on this call
     */
    boolean tick(boolean accepted, long nowMillis) {
        if (done) return false;
        if (!accepted) {
            acceptedSince = -1;
            return false;
        }
        if (acceptedSince < 0) acceptedSince = nowMillis;
        if (nowMillis - acceptedSince < SETTLE_MILLIS) return false;
        done = true;
        long t0 = System.nanoTime();
        try {
            dump.to(file);
            log.info("recorded the class-data archive {} in {} ms; the next start maps it", file, (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            log.warn("could not record the class-data archive {} ({}: {}); the minion runs on without it", file,
                    cause.getClass().getSimpleName(), cause.getMessage());
        }
        return true;
    }

    boolean done() { return done; }

    /**
     * Written beside {@code file} and then renamed onto it, so that an archive at {@code file} is always whole (the
     * launcher still checks it before it maps it; one killed while writing is left as FILE.tmp, which it deletes).
     */
    private static void jvmDump(Path file, Map<Path, String> started) throws Exception {
        Map<Path, String> now = classPathStamps();
        for (Map.Entry<Path, String> e : started.entrySet()) {
            if (e.getValue().equals("not a jar") || e.getValue().equals("unreadable")) {
                throw new IOException("the class path holds " + e.getKey() + ", which is not a jar; only jars can be archived");
            }
            if (!e.getValue().equals(now.get(e.getKey()))) {
                throw new IOException(e.getKey() + " changed since this minion started (an upgrade?); the next start records");
            }
        }
        Method m = Class.forName("jdk.internal.misc.CDS").getDeclaredMethod("dumpDynamicArchive", String.class);
        m.setAccessible(true);
        Path part = file.resolveSibling(file.getFileName() + ".tmp");
        m.invoke(null, part.toString());
        if (!Files.isRegularFile(part)) throw new IOException("the JVM wrote no archive (was it started with -XX:+RecordDynamicDumpInfo?)");
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
