package dev.jsalt.minion.states.sys;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the system files of the Salt-vocabulary states live: {@code /} on a minion, a temporary directory in tests
 * (so no test touches this machine's /etc). Also says whether systemd runs, as Salt's {@code systemd.booted} does:
 * {@code /run/systemd/system} exists.
 */
public record SystemRoot(Path root) {
    public static final SystemRoot REAL = new SystemRoot(Path.of("/"));

    /** {@code abs} ("/etc/timezone") under this root. */
    public Path path(String abs) {
        return root.resolve(abs.replaceFirst("^/+", ""));
    }

    public boolean systemdRuns() { return Files.isDirectory(path("/run/systemd/system")); }
}
