package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateOutcome;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code file.managed}: the file has exactly {@code contents} (the master inlines {@code source: salt://} files as
 * contents), with optional mode/user/group. A symlink at the path is refused unless {@code follow_symlinks: true}
 * (then its existing target is managed), so a planted link cannot redirect the write.
 */
final class Managed implements FileFunction {

    @Override
    public StateOutcome apply(Resource r, Args args, RunContext ctx) throws Exception {
        Target t = Target.of(r.name(), args);
        if (t.refusal() != null) return StateOutcome.failed(t.refusal());
        Path path = t.path();
        Stat st = t.stat();
        if (st.exists() && !st.isFile()) return StateOutcome.failed(path + " exists and is " + st.kind() + ", not a file");

        byte[] desired = desired(args);
        boolean replace = args.bool("replace", true);
        if (desired == null || (!replace && st.exists())) {
            // No contents (or replace: false): only make sure the file exists, keeping what is in it.
            desired = st.exists() ? ContentChange.read(path, st) : new byte[0];
        }
        String err = Parents.ensure(path, args.bool("makedirs", false), ctx);
        if (err != null) return StateOutcome.failed(err);

        Attrs attrs = Attrs.from(args, ctx, "mode");
        ContentChange change = ContentChange.of(path, attrs, r, args, ctx, "contents");
        byte[] current = st.exists() ? ContentChange.read(path, st) : null;
        return change.apply(st, current, desired, ctx);
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
