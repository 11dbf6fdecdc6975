package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.exec.ShellWords;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared end of every content-managing file state (managed, line, blockreplace): compare, report a diff, and
 * plan the fix: back up, write atomically (after {@code check_cmd} accepted the new file), fix mode and ownership.
 */
final class ContentChange {
    static final int DEFAULT_FILE_MODE = 0644;

    private final Path path;
    private final Attrs attrs;
    private final boolean showDiff;
    private final String hiddenReason;
    private final boolean backup;
    private String checkCmd;
    private String tmpExt;
    private boolean makeParents;
    private Integer dirMode;

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
        boolean backup = backupWanted(args.raw("backup"));
        return new ContentChange(path, attrs, show, reason, backup);
    }

    /** For states without show_changes/backup arguments of their own, or that read them differently. */
    static ContentChange of(Path path, Attrs attrs, boolean showDiff, boolean backup) {
        return new ContentChange(path, attrs, showDiff, "<diff hidden: show_changes is false>", backup);
    }

    /** Whether a {@code backup} value asks for a copy (any value but false/empty). */
    static boolean backupWanted(Object b) {
        return b != null && !"false".equalsIgnoreCase(b.toString()) && !"".equals(b.toString());
    }

    private String would;
    private String done;

    /** Salt's comments for this state: {@code would} for a test run, {@code done} after the change. */
    ContentChange saying(String would, String done) {
        this.would = would;
        this.done = done;
        return this;
    }

    /** Runs {@code cmd} (split into words, the temp file's path appended) on the new file before it is put in place. */
    ContentChange checkedBy(String cmd, String suffix) {
        this.checkCmd = cmd == null || cmd.isBlank() ? null : cmd;
        this.tmpExt = suffix;
        if (checkCmd != null) ShellWords.split(checkCmd); // a bad command line fails the state before anything
        return this;
    }

    /** Creates missing parent directories (mode {@code mode}, null for 0755) before writing. */
    ContentChange makingParents(boolean make, Integer mode) {
        this.makeParents = make;
        this.dirMode = mode;
        return this;
    }

    /** Plans bringing {@code path} (current state {@code st}, bytes {@code current} or null if absent) to {@code desired}. */
    Plan plan(Stat st, byte[] current, byte[] desired, RunContext ctx) {
        boolean differs = current == null || !Arrays.equals(current, desired);
        Map<String, Object> changes = new LinkedHashMap<>();
        if (differs) {
            if (current == null) changes.put("diff", "New file");
            else changes.put("diff", showDiff ? TextDiff.unified(path.toString(), current, desired) : hiddenReason);
        }
        if (st.exists()) changes.putAll(attrs.diff(st, ctx));
        if (changes.isEmpty()) return Plan.inSync("File " + path + " is in the correct state");
        String verb = current == null ? "created" : "updated";
        Plan.Action action = () -> {
            if (makeParents) Parents.create(path, dirMode);
            String note = "";
            if (differs) {
                AtomicWrite.Staged staged = AtomicWrite.stage(path, desired, attrs.orExisting(st, DEFAULT_FILE_MODE), tmpExt);
                if (checkCmd != null) {
                    String refused = check(staged.tmp, ctx);
                    if (refused != null) {
                        staged.discard();
                        return Plan.Done.failed(refused);
                    }
                }
                if (backup && current != null) {
                    Path copy = Backup.save(path, ctx.backupDir());
                    note = "; previous version kept at " + copy;
                }
                staged.commit();
            } else {
                attrs.applyTo(path, false);
            }
            return Plan.Done.ok((done != null ? done : "File " + path + " " + verb) + note);
        };
        return attrs.assumed(Plan.change(changes, would != null ? would : "File " + path + " would be " + verb, action));
    }

    /** Salt's check_cmd: null if the check accepts the temp file, else "check_cmd execution failed" and its output. */
    private String check(Path tmp, RunContext ctx) {
        List<String> argv = new ArrayList<>(ShellWords.split(checkCmd));
        argv.add(tmp.toString());
        CommandResult r = ctx.run(new CommandSpec(argv, null, null, CommandSpec.DEFAULT_TIMEOUT, null));
        if (r.ok()) return null;
        StringBuilder sb = new StringBuilder("check_cmd execution failed");
        if (r.timedOut()) sb.append(" (timed out)");
        if (!r.stdout().isBlank()) sb.append('\n').append(r.stdout().strip());
        if (!r.stderr().isBlank()) sb.append('\n').append(r.stderr().strip());
        return sb.toString();
    }

    /** Current bytes of an existing file (needed for the diff anyway), or null if absent. */
    static byte[] read(Path p, Stat st) throws IOException {
        return st.exists() ? Files.readAllBytes(p) : null;
    }
}
