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
        String blocked = blocked(p);
        return blocked != null ? blocked : missing(p, makedirs);
    }

    /** The parent exists and is not a directory: no earlier state of a run is expected to change that. */
    static String blocked(Path p) {
        Path parent = p.getParent();
        if (parent == null || Files.isDirectory(parent) || !Files.exists(parent)) return null;
        return "parent " + parent + " is not a directory";
    }

    /**
     * The parent is missing and {@code makedirs} is off. A plan may assume it (an earlier state of the run, such as
     * the package that owns the directory, may create it): a test run reports the change, as Salt does, and a real
     * run fails with this message if the directory is still missing when the state runs.
     */
    static String missing(Path p, boolean makedirs) {
        Path parent = p.getParent();
        if (makedirs || parent == null || Files.exists(parent)) return null;
        return "parent directory " + parent + " does not exist; set makedirs: true to create it";
    }

    /** {@code plan}, assuming the parent directory an earlier state may create (see {@link #missing}). */
    static dev.jsalt.minion.state.Plan assumingParent(dev.jsalt.minion.state.Plan plan, Path p, boolean makedirs) {
        String missing = missing(p, makedirs);
        if (missing == null) return plan;
        return plan instanceof dev.jsalt.minion.state.Plan.Changes c ? c.assuming(missing) : dev.jsalt.minion.state.Plan.failed(missing);
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
