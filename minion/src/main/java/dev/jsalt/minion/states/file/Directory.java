package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateOutcome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code file.directory}: the directory exists with optional mode/user/group (not recursive). */
final class Directory implements FileFunction {
    static final int DEFAULT_DIR_MODE = 0755;

    @Override
    public StateOutcome apply(Resource r, Args args, RunContext ctx) throws Exception {
        Target t = Target.of(r.name(), args);
        if (t.refusal() != null) return StateOutcome.failed(t.refusal());
        Path path = t.path();
        Stat st = t.stat();
        if (st.exists() && !st.isDir()) return StateOutcome.failed(path + " exists and is " + st.kind() + ", not a directory");
        Attrs attrs = Attrs.from(args, ctx, args.has("dir_mode") ? "dir_mode" : "mode");

        if (st.exists()) {
            Map<String, Object> changes = attrs.diff(st, ctx);
            if (changes.isEmpty()) return StateOutcome.unchanged("Directory " + path + " is in the correct state");
            if (ctx.test()) return StateOutcome.wouldChange(changes, "Directory " + path + " would be updated");
            attrs.applyTo(path, false);
            return StateOutcome.changed(changes, "Directory " + path + " updated");
        }
        String err = Parents.ensure(path, args.bool("makedirs", false), ctx);
        if (err != null) return StateOutcome.failed(err);
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put(path.toString(), "New Dir");
        if (ctx.test()) return StateOutcome.wouldChange(changes, "Directory " + path + " would be created");
        Files.createDirectory(path);
        attrs.orExisting(Stat.ABSENT, DEFAULT_DIR_MODE).applyTo(path, false);
        return StateOutcome.changed(changes, "Directory " + path + " created");
    }
}
