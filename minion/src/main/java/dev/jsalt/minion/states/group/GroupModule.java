package dev.jsalt.minion.states.group;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.states.user.AccountNames;
import dev.jsalt.minion.states.user.Accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code group.present / absent} for local groups via groupadd/groupmod/groupdel, and the group's members as Salt's
 * {@code group.present} sets them: {@code members} is the exact list (gpasswd -M), {@code addusers} / {@code delusers}
 * add and remove single users (gpasswd -a / -d); members cannot be combined with the other two, and no user may be in
 * both. A user that does not exist yet is an assumption in a test run (an earlier state may create it).
 */
public final class GroupModule implements StateModule {
    static final Params PRESENT = Params.of("group.present", "name", "gid", "system", "members", "addusers", "delusers");
    static final Params ABSENT = Params.of("group.absent", "name");

    @Override
    public String name() { return "group"; }

    @Override
    public Set<String> functions() { return Set.of("present", "absent"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        Args args = Args.of(r, r.function().equals("absent") ? ABSENT : PRESENT);
        String name = AccountNames.checked(args, "name", r.name(), "group");
        Accounts.Group g = Accounts.of(ctx).groups().get(name);
        if (r.function().equals("absent")) {
            if (g == null) return Plan.inSync("Group " + name + " is not present");
            return Plan.change(Map.of(name, "removed"), "Group " + name + " would be removed",
                    () -> Accounts.change(ctx, List.of("groupdel", "--", name), Map.of(name, "removed"), "Group " + name + " removed"));
        }
        Long gid = args.number("gid").orElse(null);
        Members m = Members.of(args, ctx);
        if (m.error() != null) return Plan.failed(m.error());
        List<String> current = g == null ? List.of() : g.members();
        Map<String, Object> memberChanges = m.changes(current);
        if (g == null) {
            Map<String, Object> changes = new java.util.LinkedHashMap<>();
            changes.put("name", name);
            if (gid != null) changes.put("gid", gid);
            changes.putAll(memberChanges);
            List<String> argv = new ArrayList<>(List.of("groupadd"));
            if (gid != null) argv.addAll(List.of("-g", gid.toString()));
            if (args.bool("system", false)) argv.add("-r");
            argv.addAll(List.of("--", name));
            Plan plan = Plan.change(changes, "Group " + name + " would be created", () -> {
                Plan.Done d = Accounts.change(ctx, argv, changes, "Group " + name + " created");
                if (d instanceof Plan.Done.Fail) return d;
                Plan.Done set = m.apply(ctx, name, List.of());
                return set instanceof Plan.Done.Fail ? set : d;
            });
            return m.assumed(plan);
        }
        Map<String, Object> changes = new java.util.LinkedHashMap<>();
        if (gid != null && g.gid() != gid) changes.put("gid", Map.of("old", g.gid(), "new", gid));
        changes.putAll(memberChanges);
        if (changes.isEmpty()) return Plan.inSync("Group " + name + " is present and up to date");
        StringBuilder comment = new StringBuilder("The following group attributes are set to be changed:");
        changes.forEach((k, v) -> comment.append('\n').append(k).append(": ").append(v));
        Plan plan = Plan.change(changes, comment.toString(), () -> {
            if (gid != null && g.gid() != gid) {
                Plan.Done d = Accounts.change(ctx, List.of("groupmod", "-g", gid.toString(), "--", name), changes, "");
                if (d instanceof Plan.Done.Fail) return d;
            }
            Plan.Done set = m.apply(ctx, name, current);
            if (set instanceof Plan.Done.Fail) return set;
            return Plan.Done.ok(changes, "All changes applied successfully");
        });
        return m.assumed(plan);
    }

    /** What group.present asks of the members: an exact list, or users to add and to remove. */
    private record Members(List<String> exact, List<String> add, List<String> del, List<String> missing, String error) {
        static Members of(Args args, RunContext ctx) {
            List<String> exact = args.has("members") ? args.strings("members") : null;
            List<String> add = args.strings("addusers");
            List<String> del = args.strings("delusers");
            for (String key : List.of("members", "addusers", "delusers")) {
                for (String u : args.strings(key)) AccountNames.checked(args, key, u, "user");
            }
            if (exact != null && (!add.isEmpty() || !del.isEmpty())) {
                return new Members(null, null, null, null, "members cannot be combined with addusers or delusers");
            }
            List<String> both = add.stream().filter(del::contains).toList();
            if (!both.isEmpty()) {
                return new Members(null, null, null, null, "the same user(s) cannot be added and deleted at once: " + String.join(", ", both));
            }
            Accounts acc = Accounts.of(ctx);
            List<String> missing = new ArrayList<>();
            for (String u : exact == null ? add : exact) if (!acc.users().containsKey(u)) missing.add(u);
            return new Members(exact, add, del, missing, null);
        }

        /** Salt's changes: {@code members} (the new list), {@code addusers}, {@code delusers} (who actually moves). */
        Map<String, Object> changes(List<String> current) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            if (exact != null) {
                if (!new java.util.HashSet<>(current).equals(new java.util.HashSet<>(exact))) {
                    if (exact.isEmpty()) out.put("delusers", List.copyOf(current));
                    else out.put("members", List.copyOf(exact));
                }
                return out;
            }
            List<String> toAdd = add.stream().filter(u -> !current.contains(u)).distinct().toList();
            List<String> toDel = del.stream().filter(current::contains).distinct().toList();
            if (!toAdd.isEmpty()) out.put("addusers", toAdd);
            if (!toDel.isEmpty()) out.put("delusers", toDel);
            return out;
        }

        Plan.Done apply(RunContext ctx, String group, List<String> current) {
            Map<String, Object> c = changes(current);
            if (c.containsKey("members") || (exact != null && c.containsKey("delusers"))) {
                return Accounts.change(ctx, List.of("gpasswd", "-M", String.join(",", exact), group), c, "");
            }
            for (Object u : (List<?>) c.getOrDefault("addusers", List.of())) {
                Plan.Done d = Accounts.change(ctx, List.of("gpasswd", "-a", String.valueOf(u), group), c, "");
                if (d instanceof Plan.Done.Fail) return d;
            }
            for (Object u : (List<?>) c.getOrDefault("delusers", List.of())) {
                Plan.Done d = Accounts.change(ctx, List.of("gpasswd", "-d", String.valueOf(u), group), c, "");
                if (d instanceof Plan.Done.Fail) return d;
            }
            return Plan.Done.ok(c, "");
        }

        Plan assumed(Plan plan) {
            if (!(plan instanceof Plan.Changes ch)) return plan;
            Plan out = ch;
            for (String u : missing) out = ((Plan.Changes) out).assuming("user " + u + " does not exist");
            return out;
        }
    }
}
