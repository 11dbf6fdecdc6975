package dev.jsalt.minion.states.pkgrepo;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.states.sys.SystemRoot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Salt's {@code pkgrepo.managed} / {@code pkgrepo.absent} for apt: one-line source entries in
 * {@code /etc/apt/sources.list} and {@code sources.list.d/*.list}, with the repository's key in a keyring file, and
 * {@code apt-get update} after a change (only then). Reference: docs/states/pkgrepo.md.
 */
public final class PkgrepoModule implements StateModule {
    static final Params MANAGED = Params.of("pkgrepo.managed", "name", "file", "dist", "comps", "architectures",
            "disabled", "enabled", "comments", "signedby", "key_url", "key_text", "aptkey", "clean_file", "refresh", "refresh_db");
    static final Params ABSENT = Params.of("pkgrepo.absent", "name");

    private final SystemRoot root;

    public PkgrepoModule() { this(SystemRoot.REAL); }

    /** A module whose /etc/apt (and apt's lists and cache, for the update) are under {@code root} (tests). */
    public PkgrepoModule(SystemRoot root) { this.root = root; }

    @Override
    public String name() { return "pkgrepo"; }

    @Override
    public Set<String> functions() { return Set.of("managed", "absent"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws Exception {
        return r.function().equals("managed") ? managed(Args.of(r, MANAGED), ctx) : absent(Args.of(r, ABSENT));
    }

    private Plan managed(Args a, RunContext ctx) throws Exception {
        RepoSpec spec = RepoSpec.of(a, root);
        AptSources sources = new AptSources(root);
        List<AptSources.Found> found = sources.find(spec.line(), spec.file());
        AptSources.Found pre = found.isEmpty() ? null : found.get(0);
        String name = a.name();

        List<Plan.Change> changes = new ArrayList<>();
        KeyPlan key = spec.key() == null ? null : spec.key().observe(root);
        if (key != null && !key.inPlace()) {
            changes.add(new Plan.Change("write the key to " + key.path(), Map.of("keyring", key.path()), () -> {
                key.write(root);
                return Plan.Done.ok("");
            }));
        }
        boolean lineOk = pre != null && pre.entry().sameAs(spec.line(), spec.comparesComment())
                && (!spec.cleanFile() || sources.holdsOnly(pre.file(), spec.line().line()));
        if (!lineOk) {
            Map<String, Object> c = new LinkedHashMap<>();
            if (pre == null) {
                c.put("repo", name);
            } else {
                Map<String, Object> oldNew = new LinkedHashMap<>();
                oldNew.put("old", pre.entry().line());
                oldNew.put("new", spec.line().line());
                c.put("line", oldNew);
            }
            String target = pre != null ? pre.file() : spec.fileOrDefault();
            changes.add(new Plan.Change("write '" + spec.line().line() + "' to " + target, c, () -> {
                if (spec.cleanFile()) sources.only(target, spec.line().line());
                else if (pre != null) sources.replace(pre.file(), pre.index(), spec.line().line());
                else sources.append(target, spec.line().line());
                return Plan.Done.ok("");
            }));
        }
        if (changes.isEmpty()) return Plan.inSync("Package repo '" + name + "' already configured");
        if (spec.refresh()) {
            changes.add(new Plan.Change("apt-get update", Map.of(), () -> {
                String failed = AptUpdate.run(ctx, root);
                return failed == null ? Plan.Done.ok("") : Plan.Done.failed(failed);
            }));
        }
        // one comment for the whole state, Salt's, from its last action
        Plan.Change last = changes.remove(changes.size() - 1);
        changes.add(new Plan.Change(last.description(), last.changes(), () -> {
            Plan.Done d = last.action().run();
            return d instanceof Plan.Done.Fail ? d : Plan.Done.ok("Configured package repo '" + name + "'");
        }));
        return new Plan.Changes(changes, "Package repo '" + name + "' would be configured. This may cause pkg states to"
                + " behave differently than stated if this action is repeated without test=True, due to the differences"
                + " in the configured repositories.", List.of(), List.of());
    }

    private Plan absent(Args a) throws Exception {
        SourceLine gone = SourceLine.parse(a.name());
        if (gone == null || gone.disabled()) throw a.bad("name", "is not an apt source line (deb|deb-src [options] URI SUITE [COMPONENT...]): '" + a.name() + "'");
        AptSources sources = new AptSources(root);
        if (present(sources, gone).isEmpty()) return Plan.inSync("Package repo " + a.name() + " is absent");
        return Plan.change(Map.of("repo", a.name()), "Package repo '" + a.name() + "' will be removed. This may cause pkg"
                + " states to behave differently than stated if this action is repeated without test=True, due to the"
                + " differences in the configured repositories.", () -> {
            // from the last line up, so earlier indexes stay valid while lines go
            List<AptSources.Found> now = present(sources, gone);
            for (int i = now.size() - 1; i >= 0; i--) {
                AptSources.Found f = now.get(i);
                List<String> left = gone.comps().isEmpty() ? List.of()
                        : f.entry().comps().stream().filter(c -> !gone.comps().contains(c)).toList();
                sources.replace(f.file(), f.index(), left.isEmpty() ? null : f.entry().withComps(left).line());
            }
            return Plan.Done.ok("Removed repo " + a.name());
        });
    }

    /** Entries of the source that hold any of the line's components (every entry, if it names none), as Salt's del_repo. */
    private static List<AptSources.Found> present(AptSources sources, SourceLine gone) throws java.io.IOException {
        return sources.find(gone, null).stream()
                .filter(f -> gone.comps().isEmpty() || f.entry().comps().stream().anyMatch(gone.comps()::contains)).toList();
    }
}
