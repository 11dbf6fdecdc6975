package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code file.managed}: the file has exactly {@code contents} (the master inlines {@code source: salt://} files as
 * contents), with optional mode/user/group. A symlink at the path is refused unless {@code follow_symlinks: true}
 * (then its existing target is managed), so a planted link cannot redirect the write. With {@code check_cmd} the new
 * content is checked in a temp file beside the target and put in place only if the check accepts it.
 */
final class Managed implements FileFunction {
    static final Params P = Params.of("file.managed", "name", "contents", "contents_newline", "contents_base64",
            "user", "group", "mode", "makedirs", "dir_mode", "replace", "create", "backup", "show_changes", "tmp_ext",
            "check_cmd", "follow_symlinks");

    @Override
    public Params params() { return P; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Target t = Target.of(r.name(), args);
        if (t.refusal() != null) return Plan.failed(t.refusal());
        Path path = t.path();
        Stat st = t.stat();
        if (st.exists() && !st.isFile()) return Plan.failed(path + " exists and is " + st.kind() + ", not a file");
        if (!st.exists() && !args.bool("create", true)) {
            return Plan.inSync("File " + path + " is not present and is not set for creation (create: false)");
        }

        byte[] desired = desired(args);
        boolean replace = args.bool("replace", true);
        if (desired == null || (!replace && st.exists())) {
            // No contents (or replace: false): only make sure the file exists, keeping what is in it.
            desired = st.exists() ? ContentChange.read(path, st) : new byte[0];
        }
        boolean makedirs = args.bool("makedirs", false);
        String err = Parents.blocked(path);
        if (err != null) return Plan.failed(err);

        Attrs attrs = Attrs.from(args, ctx, "mode");
        ContentChange change = ContentChange.of(path, attrs, r, args, ctx, "contents")
                .checkedBy(args.string("check_cmd").orElse(null), args.string("tmp_ext", ""))
                .makingParents(makedirs, Mode.parse(args.raw("dir_mode")));
        byte[] current = st.exists() ? ContentChange.read(path, st) : null;
        return Parents.assumingParent(change.plan(st, current, desired, ctx), path, makedirs);
    }

    /** Contents as bytes: a string or a list of lines, ending in a newline unless {@code contents_newline: false}. */
    static byte[] desired(Args args) {
        Object c = args.raw("contents");
        if (c == null) {
            // Binary salt:// sources arrive base64-encoded (the wire is JSON); they are copied byte for byte.
            Object b64 = args.raw("contents_base64");
            if (b64 == null) return null;
            try {
                return java.util.Base64.getDecoder().decode(b64.toString());
            } catch (IllegalArgumentException e) {
                throw args.bad("contents_base64", "is not base64");
            }
        }
        String text;
        if (c instanceof List<?> lines) {
            text = String.join("\n", lines.stream().map(String::valueOf).toList());
        } else if (c instanceof java.util.Map) {
            throw args.bad("contents", "must be a string or a list of lines");
        } else {
            text = c.toString();
        }
        if (args.bool("contents_newline", true) && !text.isEmpty() && !text.endsWith("\n")) text += "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
