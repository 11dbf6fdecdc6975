package dev.jsalt.minion.states.git;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real git: a repository in a temp directory (as root) and the global config of a throwaway user, removed afterwards. */
class GitConfigModuleTest {
    @TempDir
    Path dir;
    Path repo;
    final CommandRunner runner = new CommandRunner();
    final String user = "jsaltg" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(GitConfigModule.installed(), "git is not installed");
        repo = dir.resolve("repo");
        CommandResult init = runner.run(CommandSpec.of("git", "init", "-q", repo.toString()));
        assertTrue(init.ok(), init.stderr());
        // the user's home is under the temp directory, which must let the user through
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        CommandResult u = runner.run(CommandSpec.of("useradd", "-m", "-d", dir.resolve("home").toString(), "-s", "/bin/sh", user));
        assertTrue(u.ok(), u.stderr());
    }

    @AfterEach
    void removeUser() throws Exception {
        runner.run(CommandSpec.of("userdel", user));
    }

    StateResult apply(String fn, String name, boolean test, Object... kv) {
        return Res.apply(Res.of("git", fn, name, args(kv)), test, dir.resolve("state"));
    }

    StateResult expect(Outcome want, String fn, String name, boolean test, Object... kv) {
        StateResult r = apply(fn, name, test, kv);
        assertEquals(want, r.outcome(), () -> fn + " " + name + ": " + r.comment() + " " + r.changes());
        return r;
    }

    List<String> repoValues(String key) throws Exception {
        CommandResult r = runner.run(CommandSpec.of("git", "config", "--file", repo.resolve(".git/config").toString(), "--get-all", key));
        return r.ok() ? Arrays.asList(r.stdout().strip().split("\n")) : List.of();
    }

    @Test
    void repoValueAndMultivar() throws Exception {
        StateResult t = expect(Outcome.WOULD_CHANGE, "config_set", "user.email", true, "value", "foo@bar.net", "repo", repo.toString());
        assertEquals("'user.email' would be added as 'foo@bar.net'", t.comment());
        Map<String, Object> would = new LinkedHashMap<>();
        would.put("old", null);
        would.put("new", List.of("foo@bar.net"));
        assertEquals(would, t.changes());
        StateResult r = expect(Outcome.CHANGED, "config_set", "user.email", false, "value", "foo@bar.net", "repo", repo.toString());
        assertEquals("'user.email' was added as 'foo@bar.net'", r.comment());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("old", null);
        c.put("new", List.of("foo@bar.net"));
        assertEquals(Map.of("user.email", c), r.changes());
        assertEquals(List.of("foo@bar.net"), repoValues("user.email"));
        StateResult same = expect(Outcome.UNCHANGED, "config_set", "user.email", false, "value", "foo@bar.net", "repo", repo.toString());
        assertEquals("'user.email' is already set to 'foo@bar.net'", same.comment());

        expect(Outcome.CHANGED, "config_set", "my.multi", false, "multivar", List.of("foo", "bar", 3), "repo", repo.toString());
        assertEquals(List.of("foo", "bar", "3"), repoValues("my.multi"));
        expect(Outcome.UNCHANGED, "config_set", "my.multi", false, "multivar", "foo,bar,3", "repo", repo.toString());
        StateResult u = expect(Outcome.CHANGED, "config_set", "my.multi", false, "multivar", List.of("bar", "foo"), "repo", repo.toString());
        assertEquals("'my.multi' was set to ['bar', 'foo']", u.comment());
        assertEquals(List.of("bar", "foo"), repoValues("my.multi"));

        // unset: a multivar needs all
        StateResult greedy = expect(Outcome.FAILED, "config_unset", "my.multi", false, "repo", repo.toString());
        assertTrue(greedy.comment().startsWith("Multivar(s) matched by the key expression"), greedy.comment());
        StateResult tu = expect(Outcome.WOULD_CHANGE, "config_unset", "my\\..+", true, "repo", repo.toString(), "all", true);
        assertEquals("1 key(s) would have value(s) unset", tu.comment());
        StateResult du = expect(Outcome.CHANGED, "config_unset", "my\\..+", false, "repo", repo.toString(), "all", true);
        assertEquals(Map.of("my.multi", List.of("bar", "foo")), du.changes());
        assertEquals("Value(s) successfully unset", du.comment());
        assertEquals(List.of(), repoValues("my.multi"));
        expect(Outcome.UNCHANGED, "config_unset", "my\\..+", false, "repo", repo.toString(), "all", true);
    }

    @Test
    void globalConfigOfAUserIsTheUsersOwnFile() throws Exception {
        StateResult r = expect(Outcome.CHANGED, "config_set", "user.name", false, "value", "B User", "user", user, "global", true);
        assertEquals("Global key 'user.name' was added as 'B User'", r.comment());
        Path gitconfig = dir.resolve("home/.gitconfig");
        assertTrue(Files.readString(gitconfig).contains("name = B User"));
        assertEquals(user, Files.getOwner(gitconfig).getName());
        expect(Outcome.UNCHANGED, "config_set", "user.name", false, "value", "B User", "user", user, "global", true);
        expect(Outcome.CHANGED, "config_set", "url.https://.insteadOf", false, "value", "git://", "user", user, "global", true);
        expect(Outcome.UNCHANGED, "config_set", "url.https://.insteadOf", false, "value", "git://", "user", user, "global", true);
        expect(Outcome.CHANGED, "config_unset", "user\\..+", false, "user", user, "global", true, "all", true);
        assertTrue(!Files.readString(gitconfig).contains("B User"));
    }

    @Test
    void aMissingUserOrRepoIsAssumedInATestRun() {
        expect(Outcome.WOULD_CHANGE, "config_set", "user.name", true, "value", "x", "user", "jsaltnouser", "global", true);
        StateResult f = expect(Outcome.FAILED, "config_set", "user.name", false, "value", "x", "user", "jsaltnouser", "global", true);
        assertTrue(f.comment().contains("user jsaltnouser does not exist"), f.comment());
        expect(Outcome.WOULD_CHANGE, "config_set", "user.name", true, "value", "x", "repo", dir.resolve("nope").toString());
        StateResult norepo = expect(Outcome.FAILED, "config_set", "user.name", true, "value", "x");
        assertTrue(norepo.comment().contains("Non-global config options require the 'repo' argument to be set"), norepo.comment());
    }
}
