package dev.jsalt.minion.states.tinc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * A file tinc reads, compared before it is written and replaced atomically (temp file in the same folder, synced,
 * renamed), so tincd reloading at any moment sees the old or the new content, never half. Only a real difference
 * is written: tincd closes connections to peers whose host file's mtime changed on SIGHUP.
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
        Path dir = target.getParent();
        ensureDir(dir);
        // Created with the final mode, so a private key is never readable by others, not even for a moment.
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".jsalt-tmp",
                PosixFilePermissions.asFileAttribute(mode));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, mode); // the umask may have narrowed the create mode
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDir(dir);
    }

    static void ensureDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
    }

    private static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some filesystems refuse fsync on a folder; the rename is still atomic, only not yet durable.
        }
    }
}
