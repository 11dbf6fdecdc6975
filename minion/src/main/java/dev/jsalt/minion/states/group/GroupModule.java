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

/** {@code group.present / absent} for local groups via groupadd/groupmod/groupdel. */
public final class GroupModule implements StateModule {
    static final Params PRESENT = Params.of("group.present", "name", "gid", "system");
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
        if (g == null) {
            Map<String, Object> changes = gid == null ? Map.of("name", name) : Map.of("name", name, "gid", gid);
            List<String> argv = new ArrayList<>(List.of("groupadd"));
            if (gid != null) argv.addAll(List.of("-g", gid.toString()));
            if (args.bool("system", false)) argv.add("-r");
            argv.addAll(List.of("--", name));
            return Plan.change(changes, "Group " + name + " would be created", () -> Accounts.change(ctx, argv, changes, "Group " + name + " created"));
        }
        if (gid == null || g.gid() == gid) return Plan.inSync("Group " + name + " is present and up to date");
        Map<String, Object> changes = Map.of("gid", Map.of("old", g.gid(), "new", gid));
        return Plan.change(changes, "Group " + name + " gid would change to " + gid,
                () -> Accounts.change(ctx, List.of("groupmod", "-g", gid.toString(), "--", name), changes, "Group " + name + " gid changed to " + gid));
    }
}
