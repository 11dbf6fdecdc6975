package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code file.symlink}: the path is a symlink to {@code target}. Something else in the way fails the state unless
 * {@code force: true}. A wrong link is replaced atomically (new link renamed over the old one).
 */
final class Symlink implements FileFunction {
    static final Params P = Params.of("file.symlink", "name", "target", "force", "makedirs", "user", "group");

    @Override
    public Params params() { return P; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Path path = FilePaths.checked(r.name());
        String targetText = args.required("target");
        Path target = Path.of(targetText);
        Stat st = Stat.of(path);
        Attrs owner = Attrs.from(args, ctx, null).ownerOnly();

        Map<String, Object> changes = new LinkedHashMap<>();
        if (st.isLink()) {
            Path current = Files.readSymbolicLink(path);
            if (current.equals(target)) {
                changes.putAll(owner.diff(st, ctx));
                if (changes.isEmpty()) return Plan.inSync("Symlink " + path + " is present and points to " + target);
                return owner.assumed(Plan.change(changes, "Symlink " + path + " ownership would be updated", () -> {
                    owner.applyTo(path, true);
                    return Plan.Done.ok("Symlink " + path + " ownership updated");
                }));
            }
            changes.put("old", current.toString());
        } else if (st.exists()) {
            if (!args.bool("force", false)) {
                return Plan.failed(path + " exists and is " + st.kind() + "; set force: true to replace it with a symlink");
            }
            changes.put("old", st.kind() + " removed");
        } else {
            String err = Parents.check(path, args.bool("makedirs", false));
            if (err != null) return Plan.failed(err);
        }
        changes.put("new", target.toString());
        String verb = st.exists() ? "replaced" : "created";
        return owner.assumed(Plan.change(changes, "Symlink " + path + " would be " + verb + " -> " + target, () -> {
            Parents.create(path, null);
            replace(path, target, st, owner);
            return Plan.Done.ok("Symlink " + path + " " + verb + " -> " + target);
        }));
    }

    /** Makes {@code path} a link to {@code target} atomically, in place of what {@code st} says is there. */
    static void replace(Path path, Path target, Stat st, Attrs owner) throws Exception {
        if (st.isDir()) Absent.deleteTree(path);
        Path tmp = path.resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".jsalt-tmp");
        Files.createSymbolicLink(tmp, target);
        try {
            owner.applyTo(tmp, true);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
