package dev.jsalt.minion.inventory;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How sections look at the machine: files below {@code root} ("/" on a minion, a temp dir in tests) and commands
 * through the minion's runner (argv lists, short timeouts: an inventory must never hang a minion worker).
 */
record Host(Path root, CommandRunner commands) {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    Path path(String absolute) { return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute); }

    /** The file's text, or empty when it does not exist. */
    Optional<String> read(String absolute) throws IOException {
        try {
            return Optional.of(Files.readString(path(absolute), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Regular files directly in a directory, sorted by name; empty when the directory does not exist. */
    List<Path> files(String absoluteDir) throws IOException {
        Path d = path(absoluteDir);
        if (!Files.isDirectory(d)) return List.of();
        try (var s = Files.list(d)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Runs a command; a non-zero exit is the caller's to judge. */
    CommandResult run(String... argv) throws IOException {
        return commands.run(CommandSpec.of(argv).withTimeout(TIMEOUT));
    }

    /** Runs a command and returns its stdout, or throws with its last line when it fails. */
    String output(String... argv) throws IOException {
        CommandResult r = run(argv);
        if (!r.ok()) throw new IOException(String.join(" ", argv) + " failed (exit " + r.exitCode() + "): " + r.lastLine());
        return r.stdout();
    }

    /** True when {@code name} is an executable in the usual system directories (no PATH games). */
    boolean hasProgram(String name) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
            if (Files.isExecutable(path(dir + "/" + name))) return true;
        }
        return false;
    }
}
