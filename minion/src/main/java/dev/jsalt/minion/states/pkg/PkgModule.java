package dev.jsalt.minion.states.pkg;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code pkg.installed / latest / removed / purged} on Debian-family systems. Reads the dpkg database once per run
 * and changes all packages of a resource with one apt-get call. {@code refresh: true} runs {@code apt-get update}
 * (once per run) before looking, in real runs only.
 */
public final class PkgModule implements StateModule {
    static final Params INSTALLED = Params.of("pkg.installed", "name", "version", "pkgs", "refresh", "hold",
            "update_holds", "install_recommends");
    static final Params LATEST = Params.of("pkg.latest", "name", "pkgs", "refresh", "install_recommends");
    static final Params REMOVED = Params.of("pkg.removed", "name", "pkgs");
    static final Params PURGED = Params.of("pkg.purged", "name", "pkgs");

    @Override
    public String name() { return "pkg"; }

    @Override
    public Set<String> functions() { return Set.of("installed", "latest", "removed", "purged"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        return switch (r.function()) {
            case "installed" -> refreshing(Args.of(r, INSTALLED), ctx, a -> installed(a, ctx));
            case "latest" -> refreshing(Args.of(r, LATEST), ctx, a -> latest(a, ctx));
            case "removed" -> remove(PkgSpec.of(Args.of(r, REMOVED), false), ctx, "remove", Dpkg.Entry::removable);
            case "purged" -> remove(PkgSpec.of(Args.of(r, PURGED), false), ctx, "purge", Dpkg.Entry::present);
            default -> throw new IllegalArgumentException("pkg has no function " + r.function());
        };
    }

    private interface Look {
        Plan look(Args a) throws Exception;
    }

    /** {@code refresh: true}: apt-get update first (a real run only), then look. */
    private static Plan refreshing(Args a, RunContext ctx, Look look) {
        PkgSpec.of(a, a.resource().function().equals("installed")); // bad names fail before anything runs
        if (!a.bool("refresh", false)) {
            try {
                return look.look(a);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return Plan.prepare("apt-get update", () -> {
            Apt.refresh(ctx);
            return Plan.Done.ok(null);
        }, () -> look.look(a));
    }

    private Plan installed(Args a, RunContext ctx) {
        List<PkgSpec> specs = PkgSpec.of(a, true);
        List<PkgSpec> todo = new ArrayList<>();
        Map<String, Apt.Policy> policy = specs.stream().anyMatch(PkgSpec::isLatest)
                ? Apt.policy(ctx, specs.stream().filter(PkgSpec::isLatest).map(PkgSpec::name).toList()) : Map.of();
        for (PkgSpec s : specs) {
            Dpkg.Entry e = Dpkg.lookup(ctx, s.name());
            boolean in = e != null && e.installed();
            if (s.isLatest()) {
                Apt.Policy p = policy.get(s.name());
                if (p == null || p.candidate() == null) {
                    return Plan.failed("No installation candidate for " + s.name() + " (unknown package or lists not updated; try refresh: true)");
                }
                if (!in || !p.candidate().equals(e.version())) todo.add(new PkgSpec(s.name(), p.candidate()));
            } else if (s.isComparison()) {
                if (in && s.versionMatches(e.version())) continue;
                List<String> available = Apt.versions(ctx, s.name());
                String best = null;
                for (String v : available) {
                    if (s.versionMatches(v) && (best == null || DebVersion.compare(v, best) > 0)) best = v;
                }
                if (best == null) {
                    return Plan.failed("No version of " + s.name() + " satisfies " + s.version() + " (apt knows: "
                            + (available.isEmpty() ? "none" : String.join(", ", available)) + ")");
                }
                todo.add(new PkgSpec(s.name(), best));
            } else if (!in || !s.versionMatches(e.version())) {
                todo.add(s);
            }
        }
        Boolean hold = a.has("hold") ? a.bool("hold", false) : null;
        boolean updateHolds = a.bool("update_holds", false);
        boolean recommends = a.bool("install_recommends", true);
        Set<String> held = hold != null || !todo.isEmpty() ? Apt.holds(ctx) : Set.of();
        List<String> heldTodo = todo.stream().map(PkgSpec::name).filter(n -> held.contains(n)
                && Dpkg.lookup(ctx, n) != null && Dpkg.lookup(ctx, n).installed()).toList();
        if (!heldTodo.isEmpty() && !updateHolds) {
            return Plan.failed("Package " + String.join(", ", heldTodo) + " is held; set update_holds: true to change its version");
        }
        List<Plan.Change> changes = new ArrayList<>();
        if (!todo.isEmpty()) {
            boolean pinned = todo.stream().anyMatch(s -> s.version() != null);
            List<String> extra = new ArrayList<>();
            if (pinned) extra.add("--allow-downgrades");
            if (!recommends) extra.add("--no-install-recommends");
            if (!heldTodo.isEmpty()) extra.add("--allow-change-held-packages");
            changes.add(installChange(todo, ctx, extra, specs));
        }
        if (hold != null) {
            List<String> flip = new ArrayList<>();
            for (PkgSpec s : specs) if (held.contains(s.name()) != hold) flip.add(s.name());
            if (!flip.isEmpty()) changes.add(holdChange(flip, hold, ctx));
        }
        if (changes.isEmpty()) {
            return Plan.inSync(allAre(specs, "installed") + (hold == null ? "" : hold ? " and held" : " and not held"));
        }
        return changes.size() == 1 ? new Plan.Changes(changes, changes.get(0).description(), List.of(), List.of())
                : Plan.changes(changes);
    }

    private Plan latest(Args a, RunContext ctx) {
        List<PkgSpec> specs = PkgSpec.of(a, false);
        Map<String, Apt.Policy> policy = Apt.policy(ctx, specs.stream().map(PkgSpec::name).toList());
        List<PkgSpec> outdated = new ArrayList<>();
        for (PkgSpec s : specs) {
            Apt.Policy p = policy.get(s.name());
            if (p == null || p.candidate() == null) {
                return Plan.failed("No installation candidate for " + s.name() + " (unknown package or lists not updated; try refresh: true)");
            }
            Dpkg.Entry e = Dpkg.lookup(ctx, s.name());
            if (e == null || !e.installed() || !p.candidate().equals(e.version())) {
                outdated.add(new PkgSpec(s.name(), p.candidate()));
            }
        }
        if (outdated.isEmpty()) return Plan.inSync(allAre(specs, "at the latest version"));
        List<String> extra = a.bool("install_recommends", true) ? List.of() : List.of("--no-install-recommends");
        Plan.Change c = installChange(outdated, ctx, extra, specs);
        return new Plan.Changes(List.of(c), c.description(), List.of(), List.of());
    }

    private Plan.Change installChange(List<PkgSpec> todo, RunContext ctx, List<String> extra, List<PkgSpec> all) {
        Map<String, Object> would = new LinkedHashMap<>();
        for (PkgSpec s : todo) {
            Dpkg.Entry e = Dpkg.lookup(ctx, s.name());
            would.put(s.name(), change(e != null && e.installed() ? e.version() : "", s.version() == null ? "latest" : s.version()));
        }
        return new Plan.Change("Would install/upgrade " + names(todo), would, () -> {
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
                return Plan.Done.failed(changes, "apt-get install failed for " + (notDone.isEmpty() ? names(todo) : String.join(", ", notDone))
                        + " (exit " + res.exitCode() + "): " + res.lastLine());
            }
            return Plan.Done.ok(changes, "Installed " + names(todo) + (all.size() > todo.size()
                    ? "; " + (all.size() - todo.size()) + " already in place" : ""));
        });
    }

    private static Plan.Change holdChange(List<String> names, boolean hold, RunContext ctx) {
        Map<String, Object> held = new LinkedHashMap<>();
        for (String n : names) held.put(n, change(!hold, hold));
        String verb = hold ? "held" : "unheld";
        return new Plan.Change("Would mark " + String.join(", ", names) + " " + verb, Map.of("held", held), () -> {
            String failed = Apt.mark(ctx, hold ? "hold" : "unhold", names);
            if (failed != null) return Plan.Done.failed(failed);
            return Plan.Done.ok("Package " + String.join(", ", names) + " " + (hold ? "is now being held" : "is no longer held"));
        });
    }

    private Plan remove(List<PkgSpec> specs, RunContext ctx, String action, Predicate<Dpkg.Entry> there) {
        List<PkgSpec> todo = new ArrayList<>();
        for (PkgSpec s : specs) {
            Dpkg.Entry e = Dpkg.lookup(ctx, s.name());
            if (e != null && there.test(e)) todo.add(s);
        }
        String done = action.equals("purge") ? "purged" : "removed";
        if (todo.isEmpty()) return Plan.inSync(allAre(specs, "not installed" + (action.equals("purge") ? " (no config left)" : "")));
        Map<String, Object> would = new LinkedHashMap<>();
        for (PkgSpec s : todo) would.put(s.name(), change(Dpkg.lookup(ctx, s.name()).version(), ""));
        return Plan.change(would, "Would " + action + " " + names(todo), () -> {
            Map<String, Dpkg.Entry> before = snapshot(ctx, todo);
            CommandResult res = Apt.get(ctx, action, List.of(), todo.stream().map(PkgSpec::name).toList());
            Dpkg.forget(ctx);
            Map<String, Object> changes = diff(before, ctx);
            List<String> left = todo.stream().map(PkgSpec::name)
                    .filter(n -> { Dpkg.Entry e = Dpkg.lookup(ctx, n); return e != null && there.test(e); }).toList();
            if (!res.ok() || !left.isEmpty()) {
                return Plan.Done.failed(changes, "apt-get " + action + " failed for " + String.join(", ", left.isEmpty() ? todo.stream().map(PkgSpec::name).toList() : left)
                        + " (exit " + res.exitCode() + "): " + res.lastLine());
            }
            return Plan.Done.ok(changes, "Packages " + done + ": " + names(todo));
        });
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

    private static Map<String, Object> change(Object old, Object now) {
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
