package dev.jsalt.minion.states.file;

import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.states.user.Accounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Desired mode and ownership of a path (each optional), and how they differ from what is on disk. Everything is
 * read and set with NOFOLLOW_LINKS so a symlink planted at the path is never chased.
 *
 * @param unknown an owner or group that does not exist (yet): an assumption of the plan, since an earlier state of
 *                the run may create it
 */
record Attrs(Integer mode, Integer uid, Integer gid, String user, String group, List<String> unknown) {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** Reads {@code modeArg} (if not null), {@code user} and {@code group}. */
    static Attrs from(Args args, RunContext ctx, String modeArg) {
        Integer mode = modeArg == null ? null : Mode.parse(args.raw(modeArg));
        String user = args.string("user").orElse(null);
        String group = args.string("group").orElse(null);
        Accounts acc = user == null && group == null ? null : Accounts.of(ctx);
        Integer uid = null, gid = null;
        List<String> unknown = new ArrayList<>();
        if (user != null) {
            uid = acc.uidOf(user).orElse(null);
            if (uid == null) unknown.add("user " + user + " does not exist");
        }
        if (group != null) {
            gid = acc.gidOf(group).orElse(null);
            if (gid == null) unknown.add("group " + group + " does not exist");
        }
        return new Attrs(mode, uid, gid, user, group, List.copyOf(unknown));
    }

    static Attrs none() { return new Attrs(null, null, null, null, null, List.of()); }

    /** Just the ownership part (a symlink has no mode of its own). */
    Attrs ownerOnly() { return new Attrs(null, uid, gid, user, group, unknown); }

    /** {@code plan} with this owner's unknown names as assumptions. */
    Plan.Changes assumed(Plan.Changes plan) {
        for (String u : unknown) plan = plan.assuming(u);
        return plan;
    }

    /** What differs on an existing path, as changes entries ({@code mode/user/group: {old, new}}). */
    Map<String, Object> diff(Stat st, RunContext ctx) {
        Map<String, Object> changes = new LinkedHashMap<>();
        if (mode != null && !st.isLink() && st.mode() != mode) {
            changes.put("mode", Map.of("old", Mode.format(st.mode()), "new", Mode.format(mode)));
        }
        if (user != null && (uid == null || st.uid() != uid)) {
            changes.put("user", Map.of("old", Accounts.of(ctx).userName(st.uid()), "new", user));
        }
        if (group != null && (gid == null || st.gid() != gid)) {
            changes.put("group", Map.of("old", Accounts.of(ctx).groupName(st.gid()), "new", group));
        }
        return changes;
    }

    /** Sets ownership then mode (chown clears setuid/setgid bits, so mode must come last). */
    void applyTo(Path p, boolean isLink) throws IOException {
        if (uid != null) Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
        if (gid != null) Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
        if (mode != null && !isLink) Files.setAttribute(p, "unix:mode", mode, NOFOLLOW);
    }

    /** These attrs with gaps filled from the existing file (or defaults), for a file about to be replaced. */
    Attrs orExisting(Stat st, int defaultMode) {
        Integer m = mode != null ? mode : st.exists() && !st.isLink() ? Integer.valueOf(st.mode()) : Integer.valueOf(defaultMode);
        Integer u = uid != null ? uid : st.exists() ? Integer.valueOf(st.uid()) : null;
        Integer g = gid != null ? gid : st.exists() ? Integer.valueOf(st.gid()) : null;
        return new Attrs(m, u, g, user, group, unknown);
    }
}
