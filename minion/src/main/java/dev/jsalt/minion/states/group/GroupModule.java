package dev.jsalt.minion.states.group;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.user.AccountNames;
import dev.jsalt.minion.states.user.Accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code group.present / absent} for local groups via groupadd/groupmod/groupdel. */
public final class GroupModule implements StateModule {

    @Override
    public String name() { return "group"; }

    @Override
    public Set<String> functions() { return Set.of("present", "absent"); }

    @Override
    public StateOutcome apply(Resource r, RunContext ctx) {
        Args args = Args.of(r);
        String name = AccountNames.checked(args, "name", args.string("name", r.name()), "group");
        Accounts.Group g = Accounts.of(ctx).groups().get(name);
        if (r.function().equals("absent")) {
            if (g == null) return StateOutcome.unchanged("Group " + name + " is not present");
            if (ctx.test()) return StateOutcome.wouldChange(Map.of(name, "removed"), "Group " + name + " would be removed");
            return Accounts.change(ctx, List.of("groupdel", "--", name), Map.of(name, "removed"), "Group " + name + " removed");
        }
        Long gid = args.number("gid").orElse(null);
        if (g == null) {
            Map<String, Object> changes = gid == null ? Map.of("name", name) : Map.of("name", name, "gid", gid);
            if (ctx.test()) return StateOutcome.wouldChange(changes, "Group " + name + " would be created");
            List<String> argv = new ArrayList<>(List.of("groupadd"));
            if (gid != null) argv.addAll(List.of("-g", gid.toString()));
            if (args.bool("system", false)) argv.add("-r");
            argv.addAll(List.of("--", name));
            return Accounts.change(ctx, argv, changes, "Group " + name + " created");
        }
        if (gid == null || g.gid() == gid) return StateOutcome.unchanged("Group " + name + " is present and up to date");
        Map<String, Object> changes = Map.of("gid", Map.of("old", g.gid(), "new", gid));
        if (ctx.test()) return StateOutcome.wouldChange(changes, "Group " + name + " gid would change to " + gid);
        return Accounts.change(ctx, List.of("groupmod", "-g", gid.toString(), "--", name), changes, "Group " + name + " gid changed to " + gid);
    }
}
