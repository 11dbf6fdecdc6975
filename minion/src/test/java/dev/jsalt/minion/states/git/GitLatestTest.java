package dev.jsalt.minion.states.git;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real git: a bare repository in a temp directory as the remote, a work tree that pushes to it, and the checkout. */
class GitLatestTest {
    @TempDir
    Path dir;
    Path bare;
    Path work;
    Path target;
    String url;
    Apply git;
    final CommandRunner runner = new CommandRunner();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(GitConfigModule.installed(), "git is not installed");
        bare = dir.resolve("remote.git");
        work = dir.resolve("work");
        target = dir.resolve("srv/app");
        url = "file://" + bare;
        sh(dir, "init", "-q", "--bare", "-b", "main", bare.toString());
        sh(dir, "clone", "-q", bare.toString(), work.toString());
        sh(work, "checkout", "-q", "-b", "main");
        git = new Apply(new GitModule(), runner, dir.resolve("state"));
    }

    String sh(Path cwd, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.org"));
        argv.addAll(List.of(args));
        CommandResult r = runner.run(CommandSpec.of(argv).withCwd(cwd));
        assertTrue(r.ok(), argv + ": " + r.stderr());
        return r.stdout().strip();
    }

    /** A commit on the remote's main writing {@code text} to README; its id. */
    String push(String text) throws Exception {
        Files.writeString(work.resolve("README"), text);
        sh(work, "add", "README");
        sh(work, "commit", "-q", "-m", text);
        sh(work, "push", "-q", "origin", "HEAD:main");
        return sh(work, "rev-parse", "HEAD");
    }

    String head() throws Exception { return sh(target, "rev-parse", "HEAD"); }

    @Test
    void clonesThenIsUpToDateThenFastForwards() throws Exception {
        String one = push("one");
        StateOutcome would = git.expect(WOULD_CHANGE, "latest", url, true, "target", target.toString());
        assertTrue(would.comment().contains("would be cloned to " + target + " at " + one), would.comment());
        assertFalse(Files.exists(target), "a test run clones nothing");

        StateOutcome cloned = git.expect(CHANGED, "latest", url, false, "target", target.toString());
        assertEquals(url + " => " + target, cloned.changes().get("new"));
        assertEquals(one, head());
        assertEquals("main", sh(target, "symbolic-ref", "--short", "HEAD"));
        StateOutcome same = git.expect(UNCHANGED, "latest", url, false, "target", target.toString());
        assertEquals("Repository " + target + " is up-to-date at " + one, same.comment());

        String two = push("two");
        StateOutcome t = git.expect(WOULD_CHANGE, "latest", url, true, "target", target.toString());
        assertEquals(Map.of("revision", revision(one, two)), t.changes());
        assertTrue(t.comment().contains("to " + two.substring(0, 7)), t.comment());
        assertEquals(one, head(), "a test run fetches and moves nothing");
        git.expect(CHANGED, "latest", url, false, "target", target.toString());
        assertEquals(two, head());
        assertEquals("two", Files.readString(target.resolve("README")));
        git.expect(UNCHANGED, "latest", url, false, "target", target.toString(), "rev", "main");
    }

    static Map<String, Object> revision(String old, String now) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("old", old);
        m.put("new", now);
        return m;
    }

    @Test
    void localChangesNeedForceReset() throws Exception {
        push("one");
        git.expect(CHANGED, "latest", url, false, "target", target.toString());
        Files.writeString(target.resolve("README"), "edited here");
        // nothing to move: local changes alone are kept unless force_reset is True
        git.expect(UNCHANGED, "latest", url, false, "target", target.toString());
        git.expect(UNCHANGED, "latest", url, false, "target", target.toString(), "force_reset", "remote-changes");
        String two = push("two");
        StateOutcome refused = git.expect(FAILED, "latest", url, false, "target", target.toString());
        assertTrue(refused.comment().contains("has local changes") && refused.comment().contains("force_reset"), refused.comment());
        assertEquals("edited here", Files.readString(target.resolve("README")));
        git.expect(CHANGED, "latest", url, false, "target", target.toString(), "force_reset", "remote-changes");
        assertEquals(two, head());
        assertEquals("two", Files.readString(target.resolve("README")));

        Files.writeString(target.resolve("README"), "edited again");
        StateOutcome discard = git.expect(CHANGED, "latest", url, false, "target", target.toString(), "force_reset", true);
        assertEquals(Map.of("forced update", true), discard.changes());
        assertEquals("two", Files.readString(target.resolve("README")));
        git.expect(UNCHANGED, "latest", url, false, "target", target.toString(), "force_reset", true);
    }

    @Test
    void divergedHistoryIsNotFastForwardedUnlessForced() throws Exception {
        push("one");
        git.expect(CHANGED, "latest", url, false, "target", target.toString());
        Files.writeString(target.resolve("local"), "mine");
        sh(target, "add", "local");
        sh(target, "commit", "-q", "-m", "local commit");
        String two = push("two");
        StateOutcome refused = git.expect(FAILED, "latest", url, false, "target", target.toString());
        assertTrue(refused.comment().contains("not a fast-forward"), refused.comment());
        // now fetched: a test run sees it too
        git.expect(FAILED, "latest", url, true, "target", target.toString());
        git.expect(CHANGED, "latest", url, false, "target", target.toString(), "force_reset", true);
        assertEquals(two, head());
        assertFalse(Files.exists(target.resolve("local")));
    }

    @Test
    void tagsCommitsBranchesAndDepth() throws Exception {
        String one = push("one");
        sh(work, "tag", "-a", "-m", "v1", "v1.0");
        sh(work, "push", "-q", "origin", "v1.0");
        push("two");
        String three = push("three");

        git.expect(CHANGED, "latest", url, false, "target", target.toString(), "rev", "v1.0");
        assertEquals(one, head(), "an annotated tag is peeled to its commit");
        assertFalse(runner.run(CommandSpec.of("git", "symbolic-ref", "-q", "HEAD").withCwd(target)).ok(), "a tag is checked out detached");
        git.expect(UNCHANGED, "latest", url, false, "target", target.toString(), "rev", "v1.0");

        git.expect(CHANGED, "latest", url, false, "target", target.toString(), "rev", three, "branch", "deploy");
        assertEquals(three, head());
        assertEquals("deploy", sh(target, "symbolic-ref", "--short", "HEAD"));
        git.expect(UNCHANGED, "latest", url, false, "target", target.toString(), "rev", three, "branch", "deploy");

        Path shallow = dir.resolve("shallow");
        git.expect(CHANGED, "latest", url, false, "target", shallow.toString(), "rev", "main", "depth", 1);
        assertEquals("1", sh(shallow, "rev-list", "--count", "HEAD"));
        git.expect(UNCHANGED, "latest", url, false, "target", shallow.toString(), "rev", "main", "depth", 1);

        StateOutcome none = git.expect(FAILED, "latest", url, false, "target", target.toString(), "rev", "nosuch");
        assertTrue(none.comment().contains("No revision matching 'nosuch'"), none.comment());
    }

    @Test
    void aNonEmptyTargetThatIsNoCheckoutNeedsForceCloneAndAMovedRemoteIsFollowed() throws Exception {
        String one = push("one");
        Files.createDirectories(target);
        Files.writeString(target.resolve("stray"), "x");
        StateOutcome refused = git.expect(FAILED, "latest", url, false, "target", target.toString());
        assertTrue(refused.comment().contains("force_clone"), refused.comment());
        git.expect(WOULD_CHANGE, "latest", url, true, "target", target.toString(), "force_clone", true);
        assertTrue(Files.exists(target.resolve("stray")));
        git.expect(CHANGED, "latest", url, false, "target", target.toString(), "force_clone", true);
        assertFalse(Files.exists(target.resolve("stray")));
        assertEquals(one, head());

        Path moved = dir.resolve("moved.git");
        Files.move(bare, moved);
        String movedUrl = "file://" + moved;
        StateOutcome remote = git.expect(CHANGED, "latest", movedUrl, false, "target", dir.resolve("srv/../srv/app").toString());
        assertEquals(Map.of("remotes/origin", revision(url, movedUrl)), remote.changes());
        assertEquals(movedUrl, sh(target, "config", "--get", "remote.origin.url"));
        git.expect(UNCHANGED, "latest", movedUrl, false, "target", target.toString());
    }

    @Test
    void asAUserTheCheckoutIsTheUsers() throws Exception {
        String user = "jsaltl" + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 20), 36);
        String one = push("one");
        // the user reads the remote and owns the checkout's parent; the temp directory must let it through
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        assertTrue(runner.run(CommandSpec.of("useradd", "-M", "-d", dir.resolve("home").toString(), "-s", "/bin/sh", user)).ok());
        try {
            StateOutcome dubious = git.expect(FAILED, "latest", url, false, "target", dir.resolve("deploy/app").toString(), "user", user);
            assertTrue(dubious.comment().contains("fatal: detected dubious ownership"), dubious.comment());
            // as on a real deploy host: the user trusts the root-owned repository in its own git config
            Files.createDirectories(dir.resolve("home"));
            Files.writeString(dir.resolve("home/.gitconfig"), "[safe]\n\tdirectory = " + bare + "\n");
            Path parent = dir.resolve("deploy");
            Files.createDirectories(parent);
            assertTrue(runner.run(CommandSpec.of("chown", user, parent.toString())).ok());
            Path checkout = parent.resolve("app");
            git.expect(CHANGED, "latest", url, false, "target", checkout.toString(), "user", user);
            assertEquals(user, Files.getOwner(checkout.resolve("README")).getName());
            assertEquals(one, sh(checkout, "-c", "safe.directory=*", "rev-parse", "HEAD"));
            git.expect(UNCHANGED, "latest", url, false, "target", checkout.toString(), "user", user);
            String two = push("two");
            git.expect(CHANGED, "latest", url, false, "target", checkout.toString(), "user", user);
            assertEquals(user, Files.getOwner(checkout.resolve(".git/HEAD")).getName());
            assertEquals(two, sh(checkout, "-c", "safe.directory=*", "rev-parse", "HEAD"));
        } finally {
            runner.run(CommandSpec.of("userdel", user));
        }
    }
}
