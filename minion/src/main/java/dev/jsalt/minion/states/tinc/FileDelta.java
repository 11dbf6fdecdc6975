package dev.jsalt.minion.states.tinc;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The difference between a file tinc reads and what it should hold: looked at once, reported, then applied (or
 * not, in test mode).
 *
 * @param before the current text, or null if the file does not exist
 */
record FileDelta(Path path, String content, Set<PosixFilePermission> mode, String before, boolean modeOk) {

    static FileDelta of(Path path, String content, Set<PosixFilePermission> mode) throws IOException {
        boolean regular = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
        String before = regular ? ManagedFile.read(path).orElse(null) : null;
        boolean modeOk = regular && Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(mode);
        return new FileDelta(path, content, mode, before, modeOk);
    }

    boolean changed() { return before == null || !before.equals(content) || !modeOk; }

    /** For changes: "created", a unified diff, or the mode fix. */
    String describe() {
        if (before == null) return "created";
        if (!before.equals(content)) return diff(path.getFileName().toString(), before, content);
        return "mode set to " + PosixFilePermissions.toString(mode);
    }

    void apply() throws IOException {
        if (changed()) ManagedFile.write(path, content, mode);
    }

    static String diff(String name, String a, String b) {
        List<String> x = a.lines().toList(), y = b.lines().toList();
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(name, name, x, DiffUtils.diff(x, y), 1)) + "\n";
    }
}
