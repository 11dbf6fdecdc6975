package dev.jsalt.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test hook for the master's failure handling: it lets a test raise a fatal error on one listener's own thread of a
 * real {@code jsalt master} process, as an OutOfMemoryError there would, without exhausting anything.
 *
 * <p>Inert unless the JVM was started with {@code -Djsalt.test.fault-file=PATH} (the shipped launcher never sets it).
 * Then each listener calls {@link #check} on its thread at its natural steps; when the file holds that listener's name
 * ({@code channel}, {@code zap}, {@code key_announcer}, {@code api}, {@code results}), the file is removed and an {@link InternalError}
 * is thrown right there, once.
 */
public final class Faults {
    private static final Path FILE;

    static {
        String p = System.getProperty("jsalt.test.fault-file");
        FILE = p == null || p.isBlank() ? null : Path.of(p);
    }

    private Faults() {
    }

    /** Throws an InternalError on this thread if a test asked for one on {@code component}; otherwise does nothing. */
    public static void check(String component) {
        if (FILE == null) return;
        String wanted;
        try {
            wanted = Files.readString(FILE).strip();
        } catch (IOException e) {
            return; // no fault asked for (yet)
        }
        if (!wanted.equals(component)) return;
        try {
            Files.deleteIfExists(FILE);
        } catch (IOException e) {
            return;
        }
        throw new InternalError("fault injected by a test (-Djsalt.test.fault-file): a fatal error on the " + component + " thread");
    }
}
