package dev.jsalt.minion.states.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Keeps a copy of a file before it is replaced, Salt's {@code backup: minion}: {@code <backupDir>/<path>_<time>},
 * mirroring the absolute path so the copy of /etc/nginx/nginx.conf is easy to find.
 */
final class Backup {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS");

    private Backup() {
    }

    static Path save(Path file, Path backupDir) throws IOException {
        Path rel = Path.of("/").relativize(file);
        Path dest = backupDir.resolve(rel.toString() + "_" + LocalDateTime.now().format(STAMP));
        if (!Files.isDirectory(backupDir)) {
            Files.createDirectories(backupDir);
            // Backups hold old config, possibly secrets: only root reads them.
            Files.setPosixFilePermissions(backupDir, PosixFilePermissions.fromString("rwx------"));
        }
        Files.createDirectories(dest.getParent());
        Files.copy(file, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return dest;
    }
}
