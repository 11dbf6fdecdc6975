package dev.jsalt.minion.states.sys;

import dev.jsalt.minion.states.file.AtomicWrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reads and atomically replaces the small system text files the Salt-vocabulary states edit (/etc/hosts, fstab,
 * sysctl.d, authorized_keys, ...); a file that is a mount point of its own (bind-mounted) is rewritten in place. A replaced file keeps its mode, owner and group; a new one gets {@code mode} and the
 * process's owner.
 */
public final class TextFile {
    private TextFile() {
    }

    /** The file's text, or null if there is no such file. */
    public static String read(Path p) throws IOException {
        if (!Files.exists(p)) return null;
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /** Replaces (or creates, with {@code mode} such as "rw-r--r--") {@code p} with {@code text}. */
    public static void write(Path p, String text, String mode) throws IOException {
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) Files.createDirectories(parent);
        PosixFileAttributes old = Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)
                ? Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS) : null;
        Set<PosixFilePermission> perms = old != null ? old.permissions() : PosixFilePermissions.fromString(mode);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        try {
            AtomicWrite.write(p, data, perms);
        } catch (java.nio.file.FileSystemException e) {
            // EBUSY: p is a mount point (a bind-mounted /etc/hosts or /etc/resolv.conf in a container, or a lab host):
            // nothing can be renamed over it, so it is rewritten in place, as Salt always does (mode and owner stay)
            if (old == null || e.getReason() == null || !e.getReason().contains("busy")) throw e;
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            return;
        }
        if (old != null) {
            PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            try {
                v.setOwner(old.owner());
                v.setGroup(old.group());
            } catch (IOException notRoot) {
                // unprivileged (tests): the file is ours anyway
            }
        }
    }

    /** The text's lines, without their line ends (a last line without a newline is a line). */
    public static java.util.List<String> lines(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (text == null || text.isEmpty()) return out;
        String[] parts = text.split("\n", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i == parts.length - 1 && parts[i].isEmpty()) break;
            out.add(parts[i]);
        }
        return out;
    }

    /** Lines joined, each ended with a newline. */
    public static String join(java.util.List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        return sb.toString();
    }
}
