package dev.jsalt.minion.states.git;

import dev.jsalt.minion.exec.RunAs;
import dev.jsalt.minion.state.Args;

import java.nio.file.Path;
import java.util.Locale;

/** The arguments of one {@code git.latest} state, checked and normalised. */
record LatestSpec(String url, Path target, String rev, String branch, String user, Reset forceReset, Integer depth,
                  String remote, boolean forceClone, boolean fetchTags, boolean syncTags) {

    /** Salt's force_reset: False, True, or remote-changes (discard local changes only when the revision moves). */
    enum Reset { NO, YES, REMOTE_CHANGES }

    static LatestSpec of(Args a) {
        String url = a.name().strip();
        if (url.isEmpty()) throw a.bad("name", "must be the repository's URL");
        Path target = Path.of(a.required("target"));
        if (!target.isAbsolute()) throw a.bad("target", "must be an absolute path: " + target);
        String rev = a.string("rev", "HEAD").strip();
        if (rev.isEmpty()) throw a.bad("rev", "must not be empty");
        String branch = a.string("branch").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        String user = a.string("user").orElse(null);
        if (user != null && RunAs.lookup(user).isEmpty()) throw a.bad("user", "names no local user: " + user);
        Integer depth = a.number("depth").map(Long::intValue).orElse(null);
        if (depth != null && depth < 1) throw a.bad("depth", "must be a positive number");
        String remote = a.string("remote", "origin").strip();
        if (!remote.matches("[A-Za-z0-9._-]+")) throw a.bad("remote", "is not a remote name: " + remote);
        return new LatestSpec(url, target.normalize(), rev, branch, user, reset(a), depth, remote,
                a.bool("force_clone", false), a.bool("fetch_tags", true), a.bool("sync_tags", true));
    }

    private static Reset reset(Args a) {
        Object v = a.raw("force_reset");
        if (v == null) return Reset.NO;
        if ("remote-changes".equals(v.toString().toLowerCase(Locale.ROOT))) return Reset.REMOTE_CHANGES;
        return a.bool("force_reset", false) ? Reset.YES : Reset.NO;
    }

    String shown() { return url + " => " + target; }
}
