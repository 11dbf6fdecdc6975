package dev.jsalt.minion.states.pkg;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.StateOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code pkg.installed / latest / removed / purged} on Debian-family systems. Reads the dpkg database once per run
 * and changes all packages of a resource with one apt-get call.
 */
public final class PkgModule implements StateModule {

    @Override
    public String name() { return "pkg"; }

    @Override
    public Set<String> functions() { return Set.of("installed", "latest", "removed", "purged"); }

    @Override
    public StateOutcome apply(Resource r, RunContext ctx) {
        Args args = Args.of(r);
        List<PkgSpec> specs = PkgSpec.of(r, args);
        if (args.bool("refresh", false) && !ctx.test()) Apt.refresh(ctx);
        return switch (r.function()) {
            case "installed" -> installed(specs, ctx);
            case "latest" -> latest(specs, ctx);
            case "removed" -> remove(specs, ctx, "remove", Dpkg.Entry::removable);
            case "purged" -> remove(specs, ctx, "purge", Dpkg.Entry::present);
            default -> throw new IllegalArgumentException("pkg has no function " + r.function());
        };
    }

    private StateOutcome installed(List<PkgSpec> specs, RunContext ctx) {
        List<PkgSpec> missing = new ArrayList<>();
        for (PkgSpec s : specs) {
            Dpkg.Entry e = Dpkg.lookup(ctx, s.name());
            if (e == null || !e.installed() || !s.versionMatches(e.version())) missing.add(s);
        }
        if (missing.isEmpty()) return StateOutcome.unchanged(allAre(specs, "installed"));
        boolean pinned = missing.stream().anyMatch(s -> s.version() != null);
        return install(missing, ctx, pinned ? List.of("--allow-downgrades") : List.of(), specs);
    }

    private StateOutcome latest(List<PkgSpec> specs, RunContext ctx) {
        Map<String, Apt.Policy> policy = Apt.policy(ctx, specs.stream().map(PkgSpec::name).toList());
        List<PkgSpec> outdated = new ArrayList<>();
        for (PkgSpec s : specs) {
            Apt.Policy p = policy.get(s.name());
            if (p == null || p.candidate() == null) {
                return StateOutcome.failed("No installation candidate for " + s.name() + " (unknown package or lists not updated; try refresh: true)");
            }
            Dpkg.Entry e = Dpkg.lookup(ctx, s.name());
            if (e == null || !e.installed() || !p.candidate().equals(e.version())) {
                outdated.add(new PkgSpec(s.name(), p.candidate()));
            }
        }
        if (outdated.isEmpty()) return StateOutcome.unchanged(allAre(specs, "at the latest version"));
        return install(outdated, ctx, List.of(), specs);
    }

    private StateOutcome install(List<PkgSpec> todo, RunContext ctx, List<String> extra, List<PkgSpec> all) {
        Map<String, Object> would = new LinkedHashMap<>();
        for (PkgSpec s : todo) {
            Dpkg.Entry e = Dpkg.lookup(ctx, s.name());
            would.put(s.name(), change(e != null && e.installed() ? e.version() : "", s.version() == null ? "latest" : s.version()));
        }
        if (ctx.test()) return StateOutcome.wouldChange(would, "Would install/upgrade " + names(todo));

        Map<String, Dpkg.Entry> before = snapshot(ctx, todo);
        CommandResult res = Apt.get(ctx, "install", extra, todo.stream().map(PkgSpec::aptArg).toList());
        Dpkg.forget(ctx);
        Map<String, Object> changes = diff(before, ctx);
        List<String> notDone = new ArrayList<>();
        for (PkgSpec s : todo) {
            Dpkg.Entry e = Dpkg.lookup(ctx, s.name());
            if (e == null || !e.installed() || (s.version() != null && !s.versionMatches(e.version()))) notDone.add(s.name());
        }
        if (!res.ok() || !notDone.isEmpty()) {
            return StateOutcome.failed(changes, "apt-get install failed for " + (notDone.isEmpty() ? names(todo) : String.join(", ", notDone))
                    + " (exit " + res.exitCode() + "): " + res.lastLine());
        }
        return StateOutcome.changed(changes, "Installed " + names(todo) + (all.size() > todo.size()
                ? "; " + (all.size() - todo.size()) + " already in place" : ""));
    }

    private StateOutcome remove(List<PkgSpec> specs, RunContext ctx, String action, java.util.function.Predicate<Dpkg.Entry> there) {
        List<PkgSpec> todo = new ArrayList<>();
        for (PkgSpec s : specs) {
            Dpkg.Entry e = Dpkg.lookup(ctx, s.name());
            if (e != null && there.test(e)) todo.add(s);
        }
        String done = action.equals("purge") ? "purged" : "removed";
        if (todo.isEmpty()) return StateOutcome.unchanged(allAre(specs, "not installed" + (action.equals("purge") ? " (no config left)" : "")));
        if (ctx.test()) {
            Map<String, Object> would = new LinkedHashMap<>();
            for (PkgSpec s : todo) would.put(s.name(), change(Dpkg.lookup(ctx, s.name()).version(), ""));
            return StateOutcome.wouldChange(would, "Would " + action + " " + names(todo));
        }
        Map<String, Dpkg.Entry> before = snapshot(ctx, todo);
        CommandResult res = Apt.get(ctx, action, List.of(), todo.stream().map(PkgSpec::name).toList());
        Dpkg.forget(ctx);
        Map<String, Object> changes = diff(before, ctx);
        List<String> left = todo.stream().map(PkgSpec::name)
                .filter(n -> { Dpkg.Entry e = Dpkg.lookup(ctx, n); return e != null && there.test(e); }).toList();
        if (!res.ok() || !left.isEmpty()) {
            return StateOutcome.failed(changes, "apt-get " + action + " failed for " + String.join(", ", left.isEmpty() ? todo.stream().map(PkgSpec::name).toList() : left)
                    + " (exit " + res.exitCode() + "): " + res.lastLine());
        }
        return StateOutcome.changed(changes, "Packages " + done + ": " + names(todo));
    }

    private static Map<String, Dpkg.Entry> snapshot(RunContext ctx, List<PkgSpec> specs) {
        Map<String, Dpkg.Entry> m = new LinkedHashMap<>();
        for (PkgSpec s : specs) m.put(s.name(), Dpkg.lookup(ctx, s.name()));
        return m;
    }

    /** Salt-style {@code {pkg: {old, new}}} for the packages whose installed version moved. */
    private static Map<String, Object> diff(Map<String, Dpkg.Entry> before, RunContext ctx) {
        Map<String, Object> changes = new LinkedHashMap<>();
        before.forEach((name, old) -> {
            Dpkg.Entry now = Dpkg.lookup(ctx, name);
            String o = old != null && old.installed() ? old.version() : "";
            String n = now != null && now.installed() ? now.version() : "";
            if (!o.equals(n) || (old != null && now != null && !old.status().equals(now.status()))) changes.put(name, change(o, n));
        });
        return changes;
    }

    private static Map<String, Object> change(String old, String now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", old == null ? "" : old);
        m.put("new", now == null ? "" : now);
        return m;
    }

    private static String names(List<PkgSpec> specs) {
        return String.join(", ", specs.stream().map(PkgSpec::aptArg).toList());
    }

    private static String allAre(List<PkgSpec> specs, String what) {
        return specs.size() == 1 ? "Package " + specs.get(0).name() + " is " + what
                : "All " + specs.size() + " packages are " + what;
    }
}
