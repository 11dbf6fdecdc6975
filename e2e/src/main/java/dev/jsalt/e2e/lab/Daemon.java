package dev.jsalt.e2e.lab;

import java.nio.file.Path;

/**
 * A long-running process started in a host with {@link LabHost#spawnDaemon}.
 *
 * @param host  host name
 * @param name  daemon name (names its pid file and log)
 * @param nsPid its pid inside the host's pid namespace (use {@code host.exec("kill", ...)}, never kill it from outside)
 * @param log   stdout+stderr, readable from the root namespace
 */
public record Daemon(String host, String name, long nsPid, Path log) {
}
