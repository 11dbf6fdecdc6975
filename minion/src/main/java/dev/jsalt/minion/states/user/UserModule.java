package dev.jsalt.minion.states.user;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.StateOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code user.present / absent} for local accounts via useradd/usermod/userdel, comparing against /etc/passwd and
 * /etc/group read once per run. {@code groups} is the exact supplementary group list unless
 * {@code remove_groups: false}, as in Salt.
 */
public final class UserModule implements StateModule {

    @Override
    public String name() { return "user"; }

    @Override
    public Set<String> functions() { return Set.of("present", "absent"); }

    @Override
    public StateOutcome apply(Resource r, RunContext ctx) {
        Args args = Args.of(r);
        String name = AccountNames.checked(args, "name", args.string("name", r.name()), "user");
        return r.function().equals("absent") ? absent(name, args, ctx) : present(name, args, ctx);
    }

    private StateOutcome present(String name, Args args, RunContext ctx) {
        Accounts acc = Accounts.of(ctx);
        Long uid = args.number("uid").orElse(null);
        String gidArg = args.string("gid").orElse(null);
        Integer gid = null;
        if (gidArg != null) {
            gid = acc.gidOf(gidArg).orElse(null);
            if (gid == null && !ctx.test()) return StateOutcome.failed("group " + gidArg + " (gid of user " + name + ") does not exist");
        }
        String home = args.string("home").orElse(null);
        String shell = args.string("shell").orElse(null);
        String fullname = args.string("fullname").orElse(null);
        boolean groupsGiven = args.has("groups");
        List<String> groups = args.strings("groups");
        for (String g : groups) {
            AccountNames.checked(args, "groups", g, "group");
            if (!acc.groups().containsKey(g) && !ctx.test()) return StateOutcome.failed("group " + g + " does not exist");
        }
        boolean removeGroups = args.bool("remove_groups", true);
        Accounts.User u = acc.users().get(name);

        if (u == null) {
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("name", name);
            if (uid != null) changes.put("uid", uid);
            if (gidArg != null) changes.put("gid", gidArg);
            if (home != null) changes.put("home", home);
            if (shell != null) changes.put("shell", shell);
            if (!groups.isEmpty()) changes.put("groups", groups);
            if (ctx.test()) return StateOutcome.wouldChange(changes, "User " + name + " would be created");
            List<String> argv = new ArrayList<>(List.of("useradd"));
            if (uid != null) argv.addAll(List.of("-u", uid.toString()));
            if (gidArg != null) argv.addAll(List.of("-g", gidArg));
            else if (acc.groups().containsKey(name)) argv.addAll(List.of("-g", name)); // useradd refuses to reuse it silently
            if (home != null) argv.addAll(List.of("-d", home));
            if (shell != null) argv.addAll(List.of("-s", shell));
            if (fullname != null) argv.addAll(List.of("-c", fullname));
            if (!groups.isEmpty()) argv.addAll(List.of("-G", String.join(",", groups)));
            if (args.bool("system", false)) argv.add("-r");
            argv.add(args.bool("createhome", true) ? "-m" : "-M");
            argv.addAll(List.of("--", name));
            return Accounts.change(ctx, argv, changes, "User " + name + " created");
        }

        Map<String, Object> changes = new LinkedHashMap<>();
        List<String> argv = new ArrayList<>(List.of("usermod"));
        if (uid != null && u.uid() != uid) {
            changes.put("uid", change(u.uid(), uid));
            argv.addAll(List.of("-u", uid.toString()));
        }
        if (gidArg != null && (gid == null || u.gid() != gid)) {
            changes.put("gid", change(acc.groupName(u.gid()), gidArg));
            argv.addAll(List.of("-g", gidArg));
        }
        if (home != null && !home.equals(u.home())) {
            changes.put("home", change(u.home(), home));
            argv.addAll(List.of("-d", home));
        }
        if (shell != null && !shell.equals(u.shell())) {
            changes.put("shell", change(u.shell(), shell));
            argv.addAll(List.of("-s", shell));
        }
        String gecosName = u.gecos().split(",", -1)[0];
        if (fullname != null && !fullname.equals(gecosName)) {
            changes.put("fullname", change(gecosName, fullname));
            argv.addAll(List.of("-c", fullname));
        }
        if (groupsGiven) {
            TreeSet<String> have = new TreeSet<>(acc.supplementaryGroups(name));
            TreeSet<String> want = new TreeSet<>(groups);
            boolean differ = removeGroups ? !have.equals(want) : !have.containsAll(want);
            if (differ) {
                TreeSet<String> result = new TreeSet<>(want);
                if (!removeGroups) result.addAll(have);
                changes.put("groups", change(List.copyOf(have), List.copyOf(result)));
                if (!removeGroups) argv.add("-a");
                argv.addAll(List.of("-G", String.join(",", removeGroups ? want : result)));
            }
        }
        if (changes.isEmpty()) return StateOutcome.unchanged("User " + name + " is present and up to date");
        if (ctx.test()) return StateOutcome.wouldChange(changes, "User " + name + " would be updated");
        argv.addAll(List.of("--", name));
        return Accounts.change(ctx, argv, changes, "User " + name + " updated");
    }

    private StateOutcome absent(String name, Args args, RunContext ctx) {
        Accounts.User u = Accounts.of(ctx).users().get(name);
        if (u == null) return StateOutcome.unchanged("User " + name + " is not present");
        Map<String, Object> changes = Map.of(name, "removed");
        if (ctx.test()) return StateOutcome.wouldChange(changes, "User " + name + " would be removed");
        List<String> argv = new ArrayList<>(List.of("userdel"));
        if (args.bool("purge", false)) argv.add("-r");
        argv.addAll(List.of("--", name));
        return Accounts.change(ctx, argv, changes, "User " + name + " removed");
    }

    static Map<String, Object> change(Object old, Object now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", old);
        m.put("new", now);
        return m;
    }
}
