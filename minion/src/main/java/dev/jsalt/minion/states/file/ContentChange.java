package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared end of every content-managing file state (managed, line, blockreplace): compare, report a diff,
 * back up, write atomically, fix mode and ownership.
 */
final class ContentChange {
    static final int DEFAULT_FILE_MODE = 0644;

    private final Path path;
    private final Attrs attrs;
    private final boolean showDiff;
    private final String hiddenReason;
    private final boolean backup;

    private ContentChange(Path path, Attrs attrs, boolean showDiff, String hiddenReason, boolean backup) {
        this.path = path;
        this.attrs = attrs;
        this.showDiff = showDiff;
        this.hiddenReason = hiddenReason;
        this.backup = backup;
    }

    /**
     * Reads show_changes and backup; {@code secretArg} names the arg whose value, if sealed, must not leak into
     * a diff.
     */
    static ContentChange of(Path path, Attrs attrs, Resource r, Args args, RunContext ctx, String secretArg) {
        boolean secret = secretArg != null && ctx.isSecret(r, secretArg);
        boolean show = args.bool("show_changes", true) && !secret;
        String reason = secret ? "<diff hidden: contents are secret>" : "<diff hidden: show_changes is false>";
        Object b = args.raw("backup");
        boolean backup = b != null && !"false".equalsIgnoreCase(b.toString()) && !"".equals(b.toString());
        return new ContentChange(path, attrs, show, reason, backup);
    }

    /** Brings {@code path} (current state {@code st}, bytes {@code current} or null if absent) to {@code desired}. */
    StateOutcome apply(Stat st, byte[] current, byte[] desired, RunContext ctx) throws IOException {
        boolean differs = current == null || !Arrays.equals(current, desired);
        Map<String, Object> changes = new LinkedHashMap<>();
        if (differs) {
            if (current == null) changes.put("diff", "New file");
            else changes.put("diff", showDiff ? TextDiff.unified(path.toString(), current, desired) : hiddenReason);
        }
        if (st.exists()) changes.putAll(attrs.diff(st, ctx));
        if (changes.isEmpty()) return StateOutcome.unchanged("File " + path + " is in the correct state");
        String verb = current == null ? "created" : "updated";
        if (ctx.test()) return StateOutcome.wouldChange(changes, "File " + path + " would be " + verb);

        String note = "";
        if (differs) {
            if (backup && current != null) {
                Path copy = Backup.save(path, ctx.backupDir());
                note = "; previous version kept at " + copy;
            }
            AtomicWrite.write(path, desired, attrs.orExisting(st, DEFAULT_FILE_MODE));
        } else {
            attrs.applyTo(path, false);
        }
        return StateOutcome.changed(changes, "File " + path + " " + verb + note);
    }

    /** Current bytes of an existing file (needed for the diff anyway), or null if absent. */
    static byte[] read(Path p, Stat st) throws IOException {
        return st.exists() ? Files.readAllBytes(p) : null;
    }
}
