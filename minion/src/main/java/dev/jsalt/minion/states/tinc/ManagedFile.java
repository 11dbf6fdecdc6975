package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.states.file.AtomicWrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * A file tinc reads, compared before it is written and replaced atomically ({@link AtomicWrite}), so tincd
 * reloading at any moment sees the old or the new content, never half. Only a real difference is written: tincd
 * closes connections to peers whose host file's mtime changed on SIGHUP.
 */
final class ManagedFile {
    static final Set<PosixFilePermission> CONFIG = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> SCRIPT = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-xr-x");

    private ManagedFile() {
    }

    /** The file's text, or empty if it does not exist. */
    static Optional<String> read(Path p) throws IOException {
        try {
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code p} holds exactly {@code content} with {@code mode} (and is a regular file, not a symlink). */
    static boolean matches(Path p, String content, Set<PosixFilePermission> mode) throws IOException {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return false;
        return Files.readString(p, StandardCharsets.UTF_8).equals(content)
                && Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(mode);
    }

    static void write(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
        ensureDir(target.getParent());
        AtomicWrite.write(target, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    static void ensureDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
    }
}
