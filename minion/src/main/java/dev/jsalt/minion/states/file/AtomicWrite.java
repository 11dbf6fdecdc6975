package dev.jsalt.minion.states.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that readers see the old or the new content, never half of it: the new bytes go to a temp
 * file in the same directory (same filesystem), get their final owner and mode, are synced, and are renamed over
 * the target. rename(2) replaces a symlink at the target rather than writing through it. Also used by the
 * modules that write their own files (tinc, mysql).
 */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    /** A new file written next to its target, not yet in place. */
    static final class Staged {
        final Path tmp;
        private final Path target;

        private Staged(Path tmp, Path target) {
            this.tmp = tmp;
            this.target = target;
        }

        /** Renames it over the target. */
        void commit() throws IOException {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            syncDir(target.getParent());
        }

        void discard() throws IOException { Files.deleteIfExists(tmp); }
    }

    /** Writes {@code data} with {@code attrs} to a temp file beside {@code target}, named with {@code suffix}. */
    static Staged stage(Path target, byte[] data, Attrs attrs, String suffix) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".",
                suffix == null || suffix.isEmpty() ? ".jsalt-tmp" : suffix);
        try {
            fill(tmp, data);
            attrs.applyTo(tmp, false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new Staged(tmp, target);
    }

    static void write(Path target, byte[] data, Attrs attrs) throws IOException {
        stage(target, data, attrs, null).commit();
    }

    /**
     * Replaces {@code target} with {@code data} and exactly {@code mode}; the temp file is created with that mode,
     * so a private key is never readable by others, not even for a moment. The parent directory must exist.
     */
    public static void write(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException {
        FileAttribute<Set<PosixFilePermission>> create = PosixFilePermissions.asFileAttribute(mode);
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".jsalt-tmp", create);
        try {
            fill(tmp, data);
            // the umask may have narrowed the create mode
            Files.setPosixFilePermissions(tmp, mode);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        new Staged(tmp, target).commit();
    }

    private static void fill(Path tmp, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
    }

    /** Makes the rename itself durable. */
    static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some filesystems refuse fsync on a directory; the rename is still atomic, only not yet durable.
        }
    }
}
