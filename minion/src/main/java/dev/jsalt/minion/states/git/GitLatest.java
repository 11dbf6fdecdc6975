package dev.jsalt.minion.states.git;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Salt's {@code git.latest}: a checkout at {@code target} of the remote's {@code rev}. Looking runs
 * {@code git ls-remote} (the remote is read, nothing local changes) and reads the checkout; the plan is a clone, or an
 * update: fetch, then the local branch (or a detached HEAD) moved to the commit, only as a fast-forward and only over a
 * clean work tree unless {@code force_reset}. Reference: docs/states/git.md.
 */
final class GitLatest {
    static final Params P = Params.of("git.latest", "name", "target", "rev", "branch", "user", "force_reset", "depth",
            "remote", "force_clone", "fetch_tags", "sync_tags");

    private GitLatest() {
    }

    static Plan plan(Args a, RunContext ctx) throws IOException {
        LatestSpec s = LatestSpec.of(a);
        if (!GitConfigModule.installed()) return Plan.failed("git is not installed");
        GitRun git = new GitRun(ctx, s.user(), null);
        CommandResult ls = git.look("ls-remote", "--symref", "--", s.url());
        if (!ls.ok()) return Plan.failed("Failed to check remote revisions of " + s.url() + ": " + GitRun.why(ls));
        RemoteRevs.Target want = RemoteRevs.parse(ls.stdout()).resolve(s.rev());
        if (want == null) return Plan.failed("No revision matching '" + s.rev() + "' exists in the remote repository " + s.url());
        String localBranch = s.branch() != null ? s.branch() : s.rev().equals("HEAD") ? null : want.remoteBranch();

        Path t = s.target();
        if (!Files.exists(t) || isEmptyDir(t)) return clone(s, git, want, localBranch, false);
        if (!Files.isDirectory(t.resolve(".git"))) {
            if (!s.forceClone()) {
                return Plan.failed("Target '" + t + "' exists, is non-empty and is not a git repository. Set the 'force_clone'"
                        + " argument to True to remove this directory's contents and proceed with cloning the remote repository");
            }
            return clone(s, git, want, localBranch, true);
        }
        return update(s, git.in(t), want, localBranch);
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        if (!Files.isDirectory(p)) return false;
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    private static Plan clone(LatestSpec s, GitRun git, RemoteRevs.Target want, String localBranch, boolean wipe) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("new", s.shown());
        changes.put("revision", revision(null, want.sha()));
        String would = "Repository " + s.url() + " would be cloned to " + s.target() + " at " + want.sha()
                + (wipe ? " (its current contents removed)" : "");
        return Plan.change(changes, would, () -> {
            if (wipe) clearDir(s.target());
            List<String> args = new ArrayList<>(List.of("clone", "--origin", s.remote()));
            if (s.depth() != null) args.addAll(List.of("--depth", s.depth().toString()));
            if (!s.rev().equals("HEAD") && !RemoteRevs.SHA.matcher(s.rev()).matches()) args.addAll(List.of("--branch", s.rev()));
            if (!s.fetchTags()) args.add("--no-tags");
            args.addAll(List.of("--", s.url(), s.target().toString()));
            CommandResult r = git.change(args);
            if (!r.ok()) return Plan.Done.failed(Map.of(), "Clone of " + s.url() + " to " + s.target() + " failed: " + GitRun.why(r));
            GitRun in = git.in(s.target());
            String failed = moveTo(s, in, want, localBranch, true);
            if (failed != null) return Plan.Done.failed(Map.of("new", s.shown()), failed);
            return Plan.Done.ok(changes, "Repository " + s.url() + " cloned to " + s.target() + " at " + want.sha());
        });
    }

    private static Plan update(LatestSpec s, GitRun git, RemoteRevs.Target want, String localBranch) {
        String head = git.value("rev-parse", "--verify", "-q", "HEAD^{commit}");
        String onBranch = git.value("symbolic-ref", "-q", "--short", "HEAD");
        String url = git.value("config", "--get", "remote." + s.remote() + ".url");
        String status = git.value("status", "--porcelain", "--untracked-files=no");
        if (status == null) return Plan.failed("Cannot read the status of " + s.target() + " (not a usable git work tree?)");
        boolean dirty = !status.isEmpty();
        boolean moves = !want.sha().equals(head) || (localBranch != null && !localBranch.equals(onBranch));

        List<Plan.Change> changes = new ArrayList<>();
        if (!s.url().equals(url)) {
            changes.add(new Plan.Change("remote " + s.remote() + " would be set to " + s.url(),
                    Map.of("remotes/" + s.remote(), revision(url, s.url())), () -> {
                CommandResult r = git.change(List.of("remote", url == null ? "add" : "set-url", "--", s.remote(), s.url()));
                return r.ok() ? Plan.Done.ok("") : Plan.Done.failed("Failed to set remote " + s.remote() + ": " + GitRun.why(r));
            }));
        }
        if (moves) {
            if (dirty && s.forceReset() == LatestSpec.Reset.NO) {
                return Plan.failed("Repository " + s.target() + " has local changes (" + firstLine(status) + ")."
                        + " Set 'force_reset' to True to force this update and discard these changes.");
            }
            // staying on the branch: it may only move forward. Already fetched: that can be judged now, in a test run too
            boolean ffOnly = head != null && s.forceReset() == LatestSpec.Reset.NO && (localBranch == null || localBranch.equals(onBranch));
            if (ffOnly && present(git, want.sha()) && !fastForward(git, head, want.sha())) {
                return Plan.failed(notFastForward(s, head, want.sha()));
            }
            String from = head == null ? "nothing" : head.substring(0, 7);
            String to = want.sha().substring(0, 7) + (localBranch != null ? " on branch " + localBranch : "");
            changes.add(new Plan.Change("Repository " + s.target() + " would be updated from " + from + " to " + to,
                    Map.of("revision", revision(head, want.sha())), () -> {
                String failed = fetch(s, git, want.sha());
                if (failed == null && ffOnly && !fastForward(git, head, want.sha())) {
                    failed = notFastForward(s, head, want.sha());
                }
                if (failed == null) failed = moveTo(s, git, want, localBranch, s.forceReset() != LatestSpec.Reset.NO);
                return failed == null ? Plan.Done.ok("Repository " + s.target() + " updated from " + from + " to " + to) : Plan.Done.failed(failed);
            }));
        } else if (dirty && s.forceReset() == LatestSpec.Reset.YES) {
            changes.add(new Plan.Change("Local changes in " + s.target() + " would be discarded", Map.of("forced update", true), () -> {
                CommandResult r = git.change(List.of("reset", "--hard", "-q", want.sha()));
                return r.ok() ? Plan.Done.ok("Local changes in " + s.target() + " were discarded")
                        : Plan.Done.failed("git reset --hard failed: " + GitRun.why(r));
            }));
        }
        if (changes.isEmpty()) return Plan.inSync("Repository " + s.target() + " is up-to-date at " + want.sha());
        return Plan.changes(changes);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl) + ", ...").strip();
    }

    private static String notFastForward(LatestSpec s, String head, String want) {
        return "Repository " + s.target() + " cannot be updated from " + head.substring(0, 7) + " to " + want.substring(0, 7)
                + ": this is not a fast-forward. Set 'force_reset' to True to force this update and discard the"
                + " non-fast-forward changes.";
    }

    private static boolean present(GitRun git, String sha) {
        return git.look("cat-file", "-e", sha + "^{commit}").ok();
    }

    private static boolean fastForward(GitRun git, String head, String want) {
        return git.look("merge-base", "--is-ancestor", head, want).ok();
    }

    /** Fetches the remote (and the commit itself, if no ref brought it); null on success. */
    private static String fetch(LatestSpec s, GitRun git, String sha) {
        if (present(git, sha)) return null;
        List<String> args = new ArrayList<>(List.of("fetch", "--prune"));
        if (s.depth() != null) args.addAll(List.of("--depth", s.depth().toString()));
        if (s.fetchTags()) {
            args.add("--tags");
            if (s.syncTags()) args.add("--prune-tags");
        } else {
            args.add("--no-tags");
        }
        args.addAll(List.of("--", s.remote(), "+refs/heads/*:refs/remotes/" + s.remote() + "/*"));
        CommandResult r = git.change(args);
        if (!r.ok()) return "Fetch from " + s.remote() + " failed: " + GitRun.why(r);
        if (present(git, sha)) return null;
        r = git.change(List.of("fetch", "--", s.remote(), sha));
        return r.ok() && present(git, sha) ? null : "Commit " + sha + " is not in " + s.url() + " after fetching: " + GitRun.why(r);
    }

    /** Puts HEAD at {@code want}: the local branch moved there (or a detached HEAD), checked back; null on success. */
    private static String moveTo(LatestSpec s, GitRun git, RemoteRevs.Target want, String localBranch, boolean force) {
        List<String> args = new ArrayList<>(List.of("checkout", "-q"));
        if (force) args.add("-f");
        String branch = localBranch;
        if (branch == null && !s.rev().equals("HEAD")) {
            args.addAll(List.of("--detach", want.sha()));
        } else {
            if (branch == null) branch = git.value("symbolic-ref", "-q", "--short", "HEAD");
            if (branch == null) args.addAll(List.of("--detach", want.sha()));
            else args.addAll(List.of("-B", branch, want.sha()));
        }
        CommandResult r = git.change(args);
        if (!r.ok()) return "git checkout of " + want.sha() + " failed: " + GitRun.why(r);
        if (force) {
            r = git.change(List.of("reset", "--hard", "-q", want.sha()));
            if (!r.ok()) return "git reset --hard failed: " + GitRun.why(r);
        }
        if (branch != null && want.remoteBranch() != null) {
            // best effort, as Salt: a missing remote-tracking ref (a shallow single-branch fetch) is no failure
            git.change(List.of("branch", "-q", "--set-upstream-to=" + s.remote() + "/" + want.remoteBranch(), branch));
        }
        String now = git.value("rev-parse", "HEAD");
        return want.sha().equals(now) ? null : "HEAD of " + s.target() + " is " + now + " after the update, not " + want.sha();
    }

    private static Map<String, Object> revision(String old, String now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", old);
        m.put("new", now);
        return m;
    }

    private static void clearDir(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) Files.delete(p);
            }
        }
    }
}
