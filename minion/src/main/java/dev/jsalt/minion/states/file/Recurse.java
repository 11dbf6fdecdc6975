package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.IncludeExclude;
import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code file.recurse}: the directory holds the files of a salt:// directory. The master reads (and renders, with
 * {@code template: jinja}) every file it selects ({@code include_pat}, {@code exclude_pat}, {@code maxdepth}) and
 * ships them as {@code files}: entries {@code {path, type: file|dir, contents | contents_base64}} relative to the
 * directory (with {@code mode} when {@code file_mode} is {@code keep}: the file's mode in the state tree), and with {@code keep_symlinks} {@code {path, type: symlink, target}} for the source's links (made as links,
 * owned by {@code user}/{@code group}; something else in a link's way fails unless {@code force_symlinks}). Here each entry is managed like {@code file.managed} / {@code file.directory} with {@code file_mode}, {@code dir_mode},
 * {@code user}, {@code group}; {@code clean} removes what is not in the source (except what {@code exclude_pat}
 * matches). Changes are Salt's: one entry per changed path with that path's changes, and {@code removed}.
 */
final class Recurse implements FileFunction {
    static final Params P = Params.of("file.recurse", "name", "files", "clean", "user", "group", "dir_mode",
            "file_mode", "replace", "backup", "exclude_pat", "force_symlinks");

    @Override
    public Params params() { return P; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Path root = FilePaths.checked(r.name());
        Stat rootSt = Stat.of(root);
        if (rootSt.exists() && !rootSt.isDir()) return Plan.failed("The path " + root + " exists and is not a directory");
        boolean replace = args.bool("replace", true);
        String exclude = args.string("exclude_pat").orElse(null);
        Attrs fileAttrs = Attrs.from(args, ctx, "file_mode");
        Attrs dirAttrs = Attrs.from(args, ctx, "dir_mode");
        boolean backup = ContentChange.backupWanted(args.raw("backup"));
        Attrs linkOwner = Attrs.from(args, ctx, null).ownerOnly();
        boolean force = args.bool("force_symlinks", false);

        List<Plan.Change> changes = new ArrayList<>();
        List<String> assumptions = new ArrayList<>(fileAttrs.unknown());
        Set<Path> keep = new TreeSet<>();
        keep.add(root);
        // the directory itself
        directory(root, rootSt, dirAttrs, ctx, changes);

        for (Object o : args.list("files")) {
            if (!(o instanceof Map<?, ?> e)) throw args.bad("files", "must be a list of entries (set by the master)");
            String rel = String.valueOf(e.get("path"));
            Path p = root.resolve(rel).normalize();
            if (!p.startsWith(root) || p.equals(root)) throw args.bad("files", "has an entry outside " + root + ": " + rel);
            for (Path k = p; k != null && k.startsWith(root); k = k.getParent()) keep.add(k);
            Stat st = Stat.of(p);
            String type = String.valueOf(e.get("type"));
            switch (type) {
                case "dir" -> {
                    if (st.exists() && !st.isDir()) return Plan.failed(p + " exists and is " + st.kind() + ", not a directory");
                    directory(p, st, dirAttrs, ctx, changes);
                }
                case "file" -> {
                    if (st.exists() && !st.isFile()) return Plan.failed(p + " exists and is " + st.kind() + ", not a file");
                    byte[] desired = e.get("contents_base64") != null
                            ? Base64.getDecoder().decode(String.valueOf(e.get("contents_base64")))
                            : String.valueOf(e.get("contents")).getBytes(StandardCharsets.UTF_8);
                    byte[] current = st.exists() ? ContentChange.read(p, st) : null;
                    if (st.exists() && !replace) desired = current;
                    // file_mode: keep — the master sends each file's own mode from the state tree
                    Attrs attrs = e.get("mode") == null ? fileAttrs : new Attrs(Mode.parse(e.get("mode")), fileAttrs.uid(),
                            fileAttrs.gid(), fileAttrs.user(), fileAttrs.group(), fileAttrs.unknown());
                    Plan plan = ContentChange.of(p, attrs, true, backup).makingParents(true, dirAttrs.mode())
                            .plan(st, current, desired, ctx);
                    if (plan instanceof Plan.Changes c) {
                        for (Plan.Change ch : c.changes()) changes.add(new Plan.Change(ch.description(), Map.of(p.toString(), ch.changes()), ch.action()));
                    }
                }
                case "symlink" -> {
                    String err = symlink(p, Path.of(String.valueOf(e.get("target"))), st, linkOwner, force, dirAttrs, ctx, changes);
                    if (err != null) return Plan.failed(err);
                }
                default -> throw args.bad("files", "has an entry of unknown type " + type);
            }
        }
        if (args.bool("clean", false) && rootSt.exists()) {
            List<String> removed = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted().toList()) {
                    if (keep.contains(p) || removed.stream().anyMatch(x -> p.startsWith(Path.of(x)))) continue;
                    if (exclude != null && !IncludeExclude.check(root.relativize(p).toString(), null, exclude)) continue;
                    removed.add(p.toString());
                }
            }
            if (!removed.isEmpty()) {
                changes.add(new Plan.Change("would remove " + String.join(", ", removed), Map.of("removed", removed), () -> {
                    for (String x : removed) {
                        Path p = Path.of(x);
                        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Absent.deleteTree(p);
                        else Files.deleteIfExists(p);
                    }
                    return Plan.Done.ok(null);
                }));
            }
        }
        if (changes.isEmpty()) return Plan.inSync("The directory " + root + " is in the correct state");
        List<Plan.Change> done = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Plan.Change c = changes.get(i);
            boolean last = i == changes.size() - 1;
            done.add(new Plan.Change(c.description(), c.changes(), () -> {
                Plan.Done d = c.action().run();
                if (d instanceof Plan.Done.Fail) return d;
                return Plan.Done.ok(null, last ? "Recursively updated " + root : "");
            }));
        }
        Plan.Changes plan = new Plan.Changes(done, "Recursively updated " + root + " would be: " + changes.size()
                + " change" + (changes.size() == 1 ? "" : "s"), assumptions, List.of());
        return dirAttrs.assumed(plan);
    }

    /** The link {@code p} → {@code target}; an error message when something else is in the way and not forced. */
    private static String symlink(Path p, Path target, Stat st, Attrs owner, boolean force, Attrs dirAttrs, RunContext ctx,
                                  List<Plan.Change> changes) throws java.io.IOException {
        Map<String, Object> diff = new LinkedHashMap<>();
        if (st.isLink()) {
            Path current = Files.readSymbolicLink(p);
            if (current.equals(target)) {
                Map<String, Object> own = owner.diff(st, ctx);
                if (!own.isEmpty()) {
                    changes.add(new Plan.Change("Symlink " + p + " ownership would be updated", Map.of(p.toString(), own), () -> {
                        owner.applyTo(p, true);
                        return Plan.Done.ok(null);
                    }));
                }
                return null;
            }
            diff.put("old", current.toString());
        } else if (st.exists()) {
            if (!force) return p + " exists and is " + st.kind() + ", not a symlink; set force_symlinks: True to replace it";
            diff.put("old", st.kind() + " removed");
        }
        diff.put("new", target.toString());
        changes.add(new Plan.Change("Symlink " + p + " would be " + (st.exists() ? "replaced" : "created") + " -> " + target,
                Map.of(p.toString(), diff), () -> {
                    Parents.create(p, dirAttrs.mode());
                    Symlink.replace(p, target, Stat.of(p), owner);
                    return Plan.Done.ok(null);
                }));
        return null;
    }

    private static void directory(Path p, Stat st, Attrs attrs, RunContext ctx, List<Plan.Change> changes) {
        if (st.exists()) {
            Map<String, Object> diff = attrs.diff(st, ctx);
            if (!diff.isEmpty()) {
                changes.add(new Plan.Change("Directory " + p + " would be updated", Map.of(p.toString(), diff), () -> {
                    attrs.applyTo(p, false);
                    return Plan.Done.ok(null);
                }));
            }
            return;
        }
        changes.add(new Plan.Change("Directory " + p + " would be created", Map.of(p.toString(), Map.of(p.toString(), "New Dir")), () -> {
            if (!Files.isDirectory(p)) {
                Parents.create(p, attrs.mode());
                Files.createDirectory(p);
            }
            attrs.orExisting(Stat.ABSENT, Directory.DEFAULT_DIR_MODE).applyTo(p, false);
            return Plan.Done.ok(null);
        }));
    }
}
