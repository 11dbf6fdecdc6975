package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code file.directory}: the directory exists with optional mode/user/group (not recursive). */
final class Directory implements FileFunction {
    static final Params P = Params.of("file.directory", "name", "user", "group", "mode", "dir_mode", "makedirs",
            "follow_symlinks");

    @Override
    public Params params() { return P; }

    static final int DEFAULT_DIR_MODE = 0755;

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Target t = Target.of(r.name(), args);
        if (t.refusal() != null) return Plan.failed(t.refusal());
        Path path = t.path();
        Stat st = t.stat();
        if (st.exists() && !st.isDir()) return Plan.failed(path + " exists and is " + st.kind() + ", not a directory");
        Attrs attrs = Attrs.from(args, ctx, args.has("dir_mode") ? "dir_mode" : "mode");

        if (st.exists()) {
            Map<String, Object> changes = attrs.diff(st, ctx);
            if (changes.isEmpty()) return Plan.inSync("Directory " + path + " is in the correct state");
            return attrs.assumed(Plan.change(changes, "Directory " + path + " would be updated", () -> {
                attrs.applyTo(path, false);
                return Plan.Done.ok("Directory " + path + " updated");
            }));
        }
        boolean makedirs = args.bool("makedirs", false);
        String err = Parents.check(path, makedirs);
        if (err != null) return Plan.failed(err);
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put(path.toString(), "New Dir");
        return attrs.assumed(Plan.change(changes, "Directory " + path + " would be created", () -> {
            if (makedirs) Parents.create(path, null);
            Files.createDirectory(path);
            attrs.orExisting(Stat.ABSENT, DEFAULT_DIR_MODE).applyTo(path, false);
            return Plan.Done.ok("Directory " + path + " created");
        }));
    }
}
