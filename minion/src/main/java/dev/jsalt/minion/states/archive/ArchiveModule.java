package dev.jsalt.minion.states.archive;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.states.sys.Fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Salt's {@code archive.extracted}: a tar or zip archive extracted into a directory. As in Salt, the archive counts
 * as extracted when every member of its listing exists under the directory (so files edited since are left alone);
 * {@code source_hash_update} also re-extracts when the source's hash differs from the one recorded at the last
 * extraction ({@code STATE_DIR/archive_hash}). Reference: docs/states/archive.md.
 */
public final class ArchiveModule implements StateModule {
    static final Params P = Params.of("archive.extracted", "name", "source", "source_hash", "skip_verify", "source_hash_update",
            "archive_format", "enforce_toplevel", "if_missing", "user", "group", "clean");

    @Override
    public String name() { return "archive"; }

    @Override
    public Set<String> functions() { return Set.of("extracted"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws Exception {
        Args a = Args.of(r, P);
        Path dir = absolute(a, "name", a.name());
        if (a.has("if_missing")) {
            Path m = absolute(a, "if_missing", a.required("if_missing"));
            if (Files.exists(m, LinkOption.NOFOLLOW_LINKS)) return Plan.inSync("Path " + m + " exists");
        }
        String source = a.required("source");
        Fetch fetch = Fetch.of("source", source);
        SourceHash hash = a.has("source_hash") ? SourceHash.parse(a.required("source_hash")) : null;
        ArchiveFormat format = ArchiveFormat.of(a.string("archive_format").orElse(null), source);
        Path file = ArchiveSource.localFile(fetch, hash, a.bool("skip_verify", false), ctx.stateDir());
        Members members = format.list(ctx, file);
        if (a.bool("enforce_toplevel", true) && !members.singleTopLevelDirectory()) {
            return Plan.failed("Archive does not have a single top-level directory. To allow this archive to be extracted,"
                    + " set \"enforce_toplevel\" to False. To avoid a \"tar-bomb\" it may also be advisable to set a top-level"
                    + " directory by adding it to the \"name\" value (for example, setting \"name\" to " + dir.resolve("some_dir")
                    + " will extract the archive into a directory of that name)");
        }
        Ownership owner = Ownership.of(a, ctx);
        String current = (hash != null ? hash : SourceHash.sha256(file)).toString();
        Path record = ctx.stateDir().resolve("archive_hash").resolve(ArchiveSource.sha256(dir.toString()));
        boolean hashChanged = a.bool("source_hash_update", false) && !current.equals(recorded(record));
        List<String> missing = members.missing(dir);

        Plan.Changes plan;
        if (!missing.isEmpty() || hashChanged) {
            boolean clean = hashChanged && a.bool("clean", false);
            Map<String, Object> changes = new LinkedHashMap<>();
            if (clean) changes.put("removed", List.copyOf(members.topLevel()));
            changes.put("extracted_files", hashChanged ? members.names() : missing);
            plan = Plan.change(changes, source + " would be extracted to " + dir + (hashChanged ? " (the source's hash changed)" : ""), () -> {
                Files.createDirectories(dir);
                if (clean) for (String top : members.topLevel()) delete(dir.resolve(top));
                String failed = format.extract(ctx, file, dir);
                if (failed != null) return Plan.Done.failed(failed);
                if (owner != null) owner.apply(dir, members);
                List<String> still = members.missing(dir);
                if (!still.isEmpty()) return Plan.Done.failed("after extracting " + source + ", " + dir + " still lacks " + still);
                Files.createDirectories(record.getParent());
                Files.writeString(record, current + "\n", StandardCharsets.UTF_8);
                return Plan.Done.ok(source + " extracted to " + dir);
            });
        } else if (owner != null && !owner.holds(dir, members)) {
            plan = Plan.change(Map.of("updated ownership", true), "Ownership of the files extracted to " + dir + " would be updated", () -> {
                owner.apply(dir, members);
                return Plan.Done.ok("Ownership of the files extracted to " + dir + " updated");
            });
        } else {
            return Plan.inSync("All files in archive " + source + " are already present in " + dir);
        }
        if (owner != null) for (String u : owner.unknown()) plan = plan.assuming(u);
        return plan;
    }

    private static String recorded(Path record) throws IOException {
        return Files.isRegularFile(record) ? Files.readString(record, StandardCharsets.UTF_8).strip() : null;
    }

    static Path absolute(Args a, String key, String path) {
        Path p = Path.of(path);
        if (!p.isAbsolute()) throw a.bad(key, "must be an absolute path: " + path);
        return p.normalize();
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(p);
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
