package dev.jsalt.minion.states.user;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandSpec;
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
import java.util.TreeSet;

/**
 * {@code user.present / absent} for local accounts via useradd/usermod/userdel, comparing against /etc/passwd and
 * /etc/group read once per run. {@code groups} is the exact supplementary group list unless
 * {@code remove_groups: false}, as in Salt; {@code optional_groups} are added when they exist. {@code password} is
 * the hash as in /etc/shadow, set with {@code chpasswd -e} (on stdin, never in argv) and never reported.
 */
public final class UserModule implements StateModule {
    static final Params PRESENT = Params.of("user.present", "name", "uid", "gid", "groups", "optional_groups",
            "remove_groups", "home", "createhome", "password", "enforce_password", "shell", "system", "fullname");
    static final Params ABSENT = Params.of("user.absent", "name", "purge");
    static final String REDACTED = "XXX-REDACTED-XXX";

    @Override
    public String name() { return "user"; }

    @Override
    public Set<String> functions() { return Set.of("present", "absent"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        Args args = Args.of(r, r.function().equals("absent") ? ABSENT : PRESENT);
        String name = AccountNames.checked(args, "name", r.name(), "user");
        return r.function().equals("absent") ? absent(name, args, ctx) : present(name, args, ctx);
    }

    private Plan present(String name, Args args, RunContext ctx) {
        Accounts acc = Accounts.of(ctx);
        List<String> assumptions = new ArrayList<>();
        Long uid = args.number("uid").orElse(null);
        String gidArg = args.string("gid").orElse(null);
        Integer gid = null;
        if (gidArg != null) {
            gid = acc.gidOf(gidArg).orElse(null);
            if (gid == null) assumptions.add("group " + gidArg + " (gid of user " + name + ") does not exist");
        }
        String home = args.string("home").orElse(null);
        String shell = args.string("shell").orElse(null);
        String fullname = args.string("fullname").orElse(null);
        String password = args.string("password").orElse(null);
        if (password != null && (password.contains(":") || password.contains("\n"))) {
            throw args.bad("password", "must be a crypt(3) hash as in /etc/shadow (no ':' or newline)");
        }
        boolean enforcePassword = args.bool("enforce_password", true);
        boolean groupsGiven = args.has("groups") || args.has("optional_groups");
        List<String> groups = new ArrayList<>(args.strings("groups"));
        for (String g : groups) {
            AccountNames.checked(args, "groups", g, "group");
            if (!acc.groups().containsKey(g)) assumptions.add("group " + g + " does not exist");
        }
        for (String g : args.strings("optional_groups")) {
            AccountNames.checked(args, "optional_groups", g, "group");
            if (acc.groups().containsKey(g) && !groups.contains(g)) groups.add(g);
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
            if (password != null) changes.put("passwd", REDACTED);
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
            Plan.Changes plan = Plan.change(changes, "User " + name + " would be created", () -> {
                Plan.Done d = Accounts.change(ctx, argv, changes, "User " + name + " created");
                if (d instanceof Plan.Done.Fail || password == null) return d;
                return setPassword(ctx, name, password, changes, "User " + name + " created");
            });
            for (String a : assumptions) plan = plan.assuming(a);
            return plan;
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
        boolean passwordDiffers = password != null && enforcePassword && !password.equals(Accounts.shadowHash(name));
        if (passwordDiffers) changes.put("passwd", REDACTED);
        if (changes.isEmpty()) return Plan.inSync("User " + name + " is present and up to date");
        argv.addAll(List.of("--", name));
        boolean usermod = argv.size() > 3;
        Plan.Changes plan = Plan.change(changes, "User " + name + " would be updated", () -> {
            if (usermod) {
                Plan.Done d = Accounts.change(ctx, argv, changes, "User " + name + " updated");
                if (d instanceof Plan.Done.Fail) return d;
            }
            if (passwordDiffers) return setPassword(ctx, name, password, changes, "User " + name + " updated");
            return Plan.Done.ok(changes, "User " + name + " updated");
        });
        for (String a : assumptions) plan = plan.assuming(a);
        return plan;
    }

    /** {@code chpasswd -e} with "name:hash" on stdin, so the hash never appears in a process list. */
    private static Plan.Done setPassword(RunContext ctx, String name, String hash, Map<String, Object> changes, String comment) {
        CommandSpec spec = new CommandSpec(List.of("chpasswd", "-e"), null, null, null, name + ":" + hash + "\n");
        return Accounts.change(ctx, spec, changes, comment);
    }

    private Plan absent(String name, Args args, RunContext ctx) {
        Accounts.User u = Accounts.of(ctx).users().get(name);
        if (u == null) return Plan.inSync("User " + name + " is not present");
        Map<String, Object> changes = Map.of(name, "removed");
        List<String> argv = new ArrayList<>(List.of("userdel"));
        if (args.bool("purge", false)) argv.add("-r");
        argv.addAll(List.of("--", name));
        return Plan.change(changes, "User " + name + " would be removed", () -> Accounts.change(ctx, argv, changes, "User " + name + " removed"));
    }

    static Map<String, Object> change(Object old, Object now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", old);
        m.put("new", now);
        return m;
    }
}
