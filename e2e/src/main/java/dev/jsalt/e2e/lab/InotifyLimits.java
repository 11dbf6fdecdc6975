package dev.jsalt.e2e.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Raises the machine's inotify limits before a booted host starts, never lowers them. Every booted host runs its
 * systemd, journald and logind as this machine's root, and each takes inotify instances of root's budget
 * ({@code fs.inotify.max_user_instances}, 128 by default): about the 18th booted host found none left, its systemd
 * logged "Failed to allocate inotify fd: Too many open files" and its init exited, so a lab of 20 cloud droplets lost
 * its last boots. Container hosts (LXD, Docker-in-Docker setups) raise the same limits for the same reason.
 */
final class InotifyLimits {
    private static final Logger LOG = LoggerFactory.getLogger(InotifyLimits.class);
    static final Path INSTANCES = Path.of("/proc/sys/fs/inotify/max_user_instances");
    static final Path WATCHES = Path.of("/proc/sys/fs/inotify/max_user_watches");
    /** Enough for a few hundred booted hosts. */
    static final long MIN_INSTANCES = 8192;
    static final long MIN_WATCHES = 524_288;
    private static volatile boolean ensured;

    private InotifyLimits() {
    }

    /** Once per JVM: each limit below its floor is raised to it, and the change is logged. */
    static synchronized void ensure() {
        if (ensured) return;
        raise(INSTANCES, MIN_INSTANCES);
        raise(WATCHES, MIN_WATCHES);
        ensured = true;
    }

    /**
     * A sysctl's value. Read in one call: /proc/sys answers only a read at offset 0, so {@code Files.readString}, which
     * reads a file of size 0 a byte at a time, sees "8" in 8192.
     */
    static long read(Path sysctl) throws IOException {
        try (InputStream in = Files.newInputStream(sysctl)) {
            return Long.parseLong(new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip());
        }
    }

    /** Writes {@code floor} to the sysctl file if it holds less; answers the value it holds afterwards. */
    static long raise(Path sysctl, long floor) {
        try {
            long now = read(sysctl);
            if (now >= floor) return now;
            Files.writeString(sysctl, floor + "\n");
            LOG.info("raised {} from {} to {}: booted lab hosts each take some of root's inotify budget", sysctl, now, floor);
            return floor;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot raise " + sysctl + " to " + floor + " for booted lab hosts", e);
        }
    }
}
