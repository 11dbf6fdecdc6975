package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateOutcome;

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

    @Override
    public StateOutcome apply(Resource r, Args args, RunContext ctx) throws Exception {
        Path path = FilePaths.checked(r.name());
        String targetText = args.required("target");
        Path target = Path.of(targetText);
        Stat st = Stat.of(path);
        Attrs attrs = Attrs.from(args, ctx, "mode");
        Attrs owner = new Attrs(null, attrs.uid(), attrs.gid(), attrs.user(), attrs.group());

        Map<String, Object> changes = new LinkedHashMap<>();
        if (st.isLink()) {
            Path current = Files.readSymbolicLink(path);
            if (current.equals(target)) {
                changes.putAll(owner.diff(st, ctx));
                if (changes.isEmpty()) return StateOutcome.unchanged("Symlink " + path + " is present and points to " + target);
                if (ctx.test()) return StateOutcome.wouldChange(changes, "Symlink " + path + " ownership would be updated");
                owner.applyTo(path, true);
                return StateOutcome.changed(changes, "Symlink " + path + " ownership updated");
            }
            changes.put("old", current.toString());
        } else if (st.exists()) {
            if (!args.bool("force", false)) {
                return StateOutcome.failed(path + " exists and is " + st.kind() + "; set force: true to replace it with a symlink");
            }
            changes.put("old", st.kind() + " removed");
        } else {
            String err = Parents.ensure(path, args.bool("makedirs", false), ctx);
            if (err != null) return StateOutcome.failed(err);
        }
        changes.put("new", target.toString());
        String verb = st.exists() ? "replaced" : "created";
        if (ctx.test()) return StateOutcome.wouldChange(changes, "Symlink " + path + " would be " + verb + " -> " + target);

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
        return StateOutcome.changed(changes, "Symlink " + path + " " + verb + " -> " + target);
    }
}
