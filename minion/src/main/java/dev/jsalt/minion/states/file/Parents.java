package dev.jsalt.minion.states.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The parent-directory rule shared by file states: a missing parent fails unless {@code makedirs: true}. */
final class Parents {
    private Parents() {
    }

    /** An error message, or null if the parent exists or may be created (makedirs). Only looks. */
    static String check(Path p, boolean makedirs) {
        Path parent = p.getParent();
        if (parent == null || Files.isDirectory(parent)) return null;
        if (Files.exists(parent)) return "parent " + parent + " is not a directory";
        if (!makedirs) return "parent directory " + parent + " does not exist; set makedirs: true to create it";
        return null;
    }

    /** Creates the missing parents of {@code p} (an action); {@code dirMode} null means 0755. */
    static void create(Path p, Integer dirMode) throws IOException {
        Path parent = p.getParent();
        if (parent == null || Files.isDirectory(parent)) return;
        if (dirMode == null) {
            Files.createDirectories(parent);
            return;
        }
        java.util.List<Path> made = new java.util.ArrayList<>();
        for (Path d = parent; d != null && !Files.exists(d); d = d.getParent()) made.add(0, d);
        for (Path d : made) {
            Files.createDirectory(d);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(perms(dirMode)));
            if ((dirMode & 07000) != 0) Files.setAttribute(d, "unix:mode", dirMode);
        }
    }

    private static String perms(int mode) {
        StringBuilder sb = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) sb.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        return sb.toString();
    }
}
