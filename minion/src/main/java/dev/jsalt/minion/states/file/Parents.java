package dev.jsalt.minion.states.file;

import dev.jsalt.minion.state.RunContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The parent-directory rule shared by file states: a missing parent fails unless {@code makedirs: true}. */
final class Parents {
    private Parents() {
    }

    /** Returns an error message, or null if the parent exists or has been (or in test mode would be) created. */
    static String ensure(Path p, boolean makedirs, RunContext ctx) throws IOException {
        Path parent = p.getParent();
        if (parent == null || Files.isDirectory(parent)) return null;
        if (Files.exists(parent)) return "parent " + parent + " is not a directory";
        if (!makedirs) return "parent directory " + parent + " does not exist; set makedirs: true to create it";
        if (!ctx.test()) Files.createDirectories(parent);
        return null;
    }
}
