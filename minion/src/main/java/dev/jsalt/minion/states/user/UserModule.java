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
 * the hash as in /etc/shadow (or clear text hashed here, {@code hash_password}), set with {@code chpasswd -e} (on
 * stdin, never in argv) and never reported. The GECOS fields ({@link Gecos}) are compared one by one, and the password
 * ageing fields of /etc/shadow ({@link Shadow.Aging}) are set with one {@code chage}.
 */
public final class UserModule implements StateModule {
    static final Params PRESENT = Params.of("user.present", "name", "uid", "gid", "groups", "optional_groups",
            "remove_groups", "home", "createhome", "password", "hash_password", "enforce_password", "empty_password",
            "shell", "unique", "system", "fullname", "roomnumber", "workphone", "homephone", "other",
            "date", "mindays", "maxdays", "inactdays", "warndays", "expire");
    static final Params ABSENT = Params.of("user.absent", "name", "purge", "force");
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
        Map<String, String> gecos = Gecos.wanted(args);
        Password password = Password.of(args);
        Map<Shadow.Aging, Long> aging = aging(args);
        boolean unique = args.bool("unique", true);
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
            changes.putAll(gecos);
            if (!groups.isEmpty()) changes.put("groups", groups);
            String hash = password.hashFor(null);
            if (hash != null) changes.put("passwd", hash.isEmpty() ? "" : REDACTED);
            aging.forEach((a, v) -> changes.put(a.arg, v));
            List<String> argv = new ArrayList<>(List.of("useradd"));
            if (uid != null) argv.addAll(List.of("-u", uid.toString()));
            if (uid != null && !unique) argv.add("-o");
            if (gidArg != null) argv.addAll(List.of("-g", gidArg));
            else if (acc.groups().containsKey(name)) argv.addAll(List.of("-g", name)); // useradd refuses to reuse it silently
            if (home != null) argv.addAll(List.of("-d", home));
            if (shell != null) argv.addAll(List.of("-s", shell));
            if (!gecos.isEmpty()) argv.addAll(List.of("-c", Gecos.parse("").with(gecos).format()));
            if (!groups.isEmpty()) argv.addAll(List.of("-G", String.join(",", groups)));
            if (args.bool("system", false)) argv.add("-r");
            argv.add(args.bool("createhome", true) ? "-m" : "-M");
            argv.addAll(List.of("--", name));
            String done = "User " + name + " created";
            Plan.Changes plan = Plan.change(changes, "User " + name + " would be created", () -> steps(ctx, changes, done,
                    CommandSpec.of(argv), hash == null ? null : setPassword(name, hash), chage(name, aging)));
            for (String a : assumptions) plan = plan.assuming(a);
            return plan;
        }

        Map<String, Object> changes = new LinkedHashMap<>();
        List<String> argv = new ArrayList<>(List.of("usermod"));
        if (uid != null && u.uid() != uid) {
            changes.put("uid", change(u.uid(), uid));
            argv.addAll(List.of("-u", uid.toString()));
            if (!unique) argv.add("-o");
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
        Gecos have = Gecos.parse(u.gecos());
        gecos.forEach((k, v) -> {
            if (!v.equals(have.get(k))) changes.put(k, change(have.get(k), v));
        });
        if (!have.with(gecos).equals(have)) argv.addAll(List.of("-c", have.with(gecos).format()));
        if (groupsGiven) {
            TreeSet<String> haveGroups = new TreeSet<>(acc.supplementaryGroups(name));
            TreeSet<String> want = new TreeSet<>(groups);
            boolean differ = removeGroups ? !haveGroups.equals(want) : !haveGroups.containsAll(want);
            if (differ) {
                TreeSet<String> result = new TreeSet<>(want);
                if (!removeGroups) result.addAll(haveGroups);
                changes.put("groups", change(List.copyOf(haveGroups), List.copyOf(result)));
                if (!removeGroups) argv.add("-a");
                argv.addAll(List.of("-G", String.join(",", removeGroups ? want : result)));
            }
        }
        Shadow shadow = password.given() || !aging.isEmpty() ? Shadow.of(name).orElse(null) : null;
        String hash = password.given() ? password.changeFrom(shadow == null ? null : shadow.hash()) : null;
        if (hash != null) changes.put("passwd", hash.isEmpty() ? "" : REDACTED);
        Map<Shadow.Aging, Long> agingChanges = new LinkedHashMap<>();
        aging.forEach((a, v) -> {
            long now = shadow == null ? -1 : a.in(shadow);
            if (shadow == null || now != v) {
                agingChanges.put(a, v);
                changes.put(a.arg, change(now, v));
            }
        });
        if (changes.isEmpty()) return Plan.inSync("User " + name + " is present and up to date");
        argv.addAll(List.of("--", name));
        CommandSpec usermod = argv.size() > 3 ? CommandSpec.of(argv) : null;
        String done = "User " + name + " updated";
        Plan.Changes plan = Plan.change(changes, "User " + name + " would be updated", () -> steps(ctx, changes, done,
                usermod, hash == null ? null : setPassword(name, hash), chage(name, agingChanges)));
        for (String a : assumptions) plan = plan.assuming(a);
        return plan;
    }

    /**
     * The password the state asks for: a hash as in /etc/shadow, a clear-text one with {@code hash_password: true},
     * or none with {@code empty_password: true}; {@code enforce_password: false} sets it only where the account has
     * none yet ("!", what useradd leaves), as Salt does.
     */
    private record Password(String value, boolean hash, boolean empty, boolean enforce) {
        static Password of(Args args) {
            String value = args.string("password").orElse(null);
            boolean hash = args.bool("hash_password", false);
            boolean empty = args.bool("empty_password", false);
            if (empty && value != null) throw args.bad("empty_password", "contradicts password: give one of them");
            if (value != null && !hash && (value.contains(":") || value.contains("\n"))) {
                throw args.bad("password", "must be a crypt(3) hash as in /etc/shadow (no ':' or newline),"
                        + " or clear text with hash_password: true");
            }
            return new Password(value, hash, empty, args.bool("enforce_password", true));
        }

        boolean given() { return value != null || empty; }

        /** What to set on a new account ("" for no password), or null. */
        String hashFor(String current) {
            if (empty) return "";
            if (value == null) return null;
            return hash ? PasswordHash.of(value, current) : value;
        }

        /** What to set on an existing account whose hash is {@code current}, or null when it stays. */
        String changeFrom(String current) {
            if (empty) return "".equals(current) ? null : "";
            if (value == null || !(enforce || "!".equals(current) || current == null)) return null;
            String want = hashFor(current);
            return want.equals(current) ? null : want;
        }
    }

    private static Map<Shadow.Aging, Long> aging(Args args) {
        Map<Shadow.Aging, Long> out = new LinkedHashMap<>();
        for (Shadow.Aging a : Shadow.Aging.ALL) {
            Long v = args.number(a.arg).orElse(null);
            if (v == null) continue;
            if (v < -1) throw args.bad(a.arg, "must be a number of days, or -1 for never, got " + v);
            out.put(a, v);
        }
        return out;
    }

    /** Runs the commands given (null ones skipped) in order, stopping at the first that fails. */
    private static Plan.Done steps(RunContext ctx, Map<String, Object> changes, String comment, CommandSpec... specs) {
        Plan.Done last = Plan.Done.ok(changes, comment);
        for (CommandSpec spec : specs) {
            if (spec == null) continue;
            last = Accounts.change(ctx, spec, changes, comment);
            if (last instanceof Plan.Done.Fail) return last;
        }
        return last;
    }

    /**
     * {@code chpasswd -e} with "name:hash" on stdin, so the hash never appears in a process list; {@code passwd -d}
     * for no password.
     */
    private static CommandSpec setPassword(String name, String hash) {
        if (hash.isEmpty()) return CommandSpec.of("passwd", "-d", name);
        return new CommandSpec(List.of("chpasswd", "-e"), null, null, null, name + ":" + hash + "\n");
    }

    private static CommandSpec chage(String name, Map<Shadow.Aging, Long> aging) {
        if (aging.isEmpty()) return null;
        List<String> argv = new ArrayList<>(List.of("chage"));
        aging.forEach((a, v) -> argv.addAll(List.of(a.option, Long.toString(v))));
        argv.addAll(List.of("--", name));
        return CommandSpec.of(argv);
    }

    private Plan absent(String name, Args args, RunContext ctx) {
        Accounts.User u = Accounts.of(ctx).users().get(name);
        if (u == null) return Plan.inSync("User " + name + " is not present");
        Map<String, Object> changes = Map.of(name, "removed");
        List<String> argv = new ArrayList<>(List.of("userdel"));
        if (args.bool("purge", false)) argv.add("-r");
        if (args.bool("force", false)) argv.add("-f");
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
