package dev.jsalt.minion.states.user;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Local users and groups as read from /etc/passwd and /etc/group, once per run (memoized in the
 * {@link RunContext}). Modules that add or change accounts call {@link #forget}. Accounts served only by NSS
 * (LDAP, sssd) are not seen: jsalt manages local accounts.
 */
public record Accounts(Map<String, User> users, Map<String, Group> groups) {
    public static final String MEMO_KEY = "accounts";
    private static final Path passwdFile = Path.of("/etc/passwd");
    private static final Path groupFile = Path.of("/etc/group");

    public record User(String name, int uid, int gid, String gecos, String home, String shell) {
    }

    public record Group(String name, int gid, List<String> members) {
    }

    public static Accounts of(RunContext ctx) {
        return ctx.memo(MEMO_KEY, Accounts::read);
    }

    public static void forget(RunContext ctx) { ctx.forget(MEMO_KEY); }

    /**
     * Runs a useradd/groupmod/... command (an action), then drops the cached accounts (they changed, or may have
     * half-changed), and reports {@code changes} or the command's failure.
     */
    public static Plan.Done change(RunContext ctx, List<String> argv, Map<String, Object> changes, String comment) {
        return change(ctx, CommandSpec.of(argv), changes, comment);
    }

    public static Plan.Done change(RunContext ctx, CommandSpec spec, Map<String, Object> changes, String comment) {
        CommandResult res = ctx.run(spec);
        forget(ctx);
        if (!res.ok()) return Plan.Done.failed(spec.argv().get(0) + " failed (exit " + res.exitCode() + "): " + res.lastLine());
        return Plan.Done.ok(changes, comment);
    }

    /** The password field of /etc/shadow for {@code user} (a hash, "!", "*", ...), or null if it has no entry. */
    public static String shadowHash(String user) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/shadow"))) {
                String[] f = line.split(":", -1);
                if (f.length >= 2 && f[0].equals(user)) return f[1];
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /etc/shadow: " + e.getMessage(), e);
        }
    }

    static Accounts read() {
        try {
            Map<String, User> users = new LinkedHashMap<>();
            for (String line : Files.readAllLines(passwdFile)) {
                String[] f = line.split(":", -1);
                if (f.length < 7 || line.startsWith("#") || !isInt(f[2]) || !isInt(f[3])) continue;
                users.putIfAbsent(f[0], new User(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], f[5], f[6]));
            }
            Map<String, Group> groups = new LinkedHashMap<>();
            for (String line : Files.readAllLines(groupFile)) {
                String[] f = line.split(":", -1);
                if (f.length < 4 || line.startsWith("#") || !isInt(f[2])) continue;
                List<String> members = f[3].isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(f[3].split(",")));
                groups.putIfAbsent(f[0], new Group(f[0], Integer.parseInt(f[2]), List.copyOf(members)));
            }
            return new Accounts(Map.copyOf(users), Map.copyOf(groups));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read local accounts: " + e.getMessage(), e);
        }
    }

    /** uid of a user name, or the number itself if {@code nameOrId} is numeric. */
    public Optional<Integer> uidOf(String nameOrId) {
        if (isInt(nameOrId)) return Optional.of(Integer.parseInt(nameOrId));
        User u = users.get(nameOrId);
        return u == null ? Optional.empty() : Optional.of(u.uid());
    }

    /** gid of a group name, or the number itself if {@code nameOrId} is numeric. */
    public Optional<Integer> gidOf(String nameOrId) {
        if (isInt(nameOrId)) return Optional.of(Integer.parseInt(nameOrId));
        Group g = groups.get(nameOrId);
        return g == null ? Optional.empty() : Optional.of(g.gid());
    }

    /** A user name for reports; the number if no local user has it. */
    public String userName(int uid) {
        return users.values().stream().filter(u -> u.uid() == uid).map(User::name).findFirst().orElse(Integer.toString(uid));
    }

    public String groupName(int gid) {
        return groups.values().stream().filter(g -> g.gid() == gid).map(Group::name).findFirst().orElse(Integer.toString(gid));
    }

    /** Supplementary groups of {@code user} (the groups listing it as a member). */
    public List<String> supplementaryGroups(String user) {
        return groups.values().stream().filter(g -> g.members().contains(user)).map(Group::name).sorted().toList();
    }

    /** A non-negative decimal that fits an int (ten digits can still overflow: 9999999999). */
    static boolean isInt(String s) {
        if (s == null || s.isEmpty() || s.length() > 10) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return Long.parseLong(s) <= Integer.MAX_VALUE;
    }
}
