package dev.jsalt.minion.states.git;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code git ls-remote --symref URL} says: each ref's commit (annotated tags peeled) and the branch the remote's
 * HEAD points to. Resolves {@code rev} as Salt's git.latest does: HEAD, a branch, a tag, or a full commit id.
 */
record RemoteRevs(Map<String, String> refs, String headBranch) {
    static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    static RemoteRevs parse(String out) {
        Map<String, String> refs = new LinkedHashMap<>();
        String head = null;
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\t");
            if (f.length != 2) continue;
            if (f[0].startsWith("ref: ") && f[1].equals("HEAD")) {
                head = f[0].substring(5).replaceFirst("^refs/heads/", "");
            } else if (f[1].endsWith("^{}")) {
                refs.put(f[1].substring(0, f[1].length() - 3), f[0]); // the peeled commit wins over the tag object
            } else {
                refs.putIfAbsent(f[1], f[0]);
            }
        }
        return new RemoteRevs(refs, head);
    }

    /** What {@code rev} names on the remote. */
    record Target(String sha, String remoteBranch) {
    }

    /** The commit and, for a branch (or HEAD), the remote branch; null if the remote has no such revision. */
    Target resolve(String rev) {
        if (rev.equals("HEAD")) {
            String sha = refs.get("HEAD");
            return sha == null ? null : new Target(sha, headBranch);
        }
        String ref = rev.startsWith("refs/") ? rev : null;
        if (ref == null && refs.containsKey("refs/heads/" + rev)) ref = "refs/heads/" + rev;
        if (ref == null && refs.containsKey("refs/tags/" + rev)) ref = "refs/tags/" + rev;
        if (ref != null && refs.containsKey(ref)) {
            return new Target(refs.get(ref), ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : null);
        }
        if (SHA.matcher(rev).matches()) return new Target(rev, null);
        return null;
    }
}
