package dev.jsalt.minion.states.archive;

import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.states.user.Accounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The owner and group the extracted members must have ({@code user}, {@code group}), set without following symlinks.
 * A name that does not exist is listed in {@link #unknown}: a test run assumes an earlier state creates it.
 */
record Ownership(String user, String group, Integer uid, Integer gid, List<String> unknown) {
    static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    static Ownership of(Args a, RunContext ctx) {
        String user = a.string("user").orElse(null);
        String group = a.string("group").orElse(null);
        if (user == null && group == null) return null;
        Accounts acc = Accounts.of(ctx);
        Integer uid = user == null ? null : acc.uidOf(user).orElse(null);
        Integer gid = group == null ? null : acc.gidOf(group).orElse(null);
        List<String> unknown = new ArrayList<>();
        if (user != null && uid == null) unknown.add("user " + user + " does not exist");
        if (group != null && gid == null) unknown.add("group " + group + " does not exist");
        return new Ownership(user, group, uid, gid, List.copyOf(unknown));
    }

    /** Whether every existing member under {@code dir} has the owner and group wanted. */
    boolean holds(Path dir, Members m) throws IOException {
        if (!unknown.isEmpty()) return false;
        for (String n : m.names()) {
            Path p = dir.resolve(n);
            if (!Files.exists(p, NOFOLLOW)) continue;
            if (uid != null && (Integer) Files.getAttribute(p, "unix:uid", NOFOLLOW) != uid.intValue()) return false;
            if (gid != null && (Integer) Files.getAttribute(p, "unix:gid", NOFOLLOW) != gid.intValue()) return false;
        }
        return true;
    }

    void apply(Path dir, Members m) throws IOException {
        if (!unknown.isEmpty()) throw new IllegalStateException(String.join(", ", unknown));
        for (String n : m.names()) {
            Path p = dir.resolve(n);
            if (!Files.exists(p, NOFOLLOW)) continue;
            if (uid != null) Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
            if (gid != null) Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
        }
    }
}
