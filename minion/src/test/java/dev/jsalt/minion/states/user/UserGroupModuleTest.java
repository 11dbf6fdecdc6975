package dev.jsalt.minion.states.user;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real useradd/groupadd on this machine, with uniquely named accounts removed after each test. */
class UserGroupModuleTest {
    @TempDir
    Path dir;

    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private final String user = "jsaltu" + suffix;
    private final String group1 = "jsaltg" + suffix;
    private final String group2 = "jsalth" + suffix;
    private final String other = "jsaltv" + suffix;

    @AfterEach
    void removeAccounts() throws Exception {
        CommandRunner runner = new CommandRunner();
        runner.run(CommandSpec.of("userdel", "-r", user));
        runner.run(CommandSpec.of("userdel", "-r", other));
        runner.run(CommandSpec.of("groupdel", other));
        runner.run(CommandSpec.of("groupdel", group1));
        runner.run(CommandSpec.of("groupdel", group2));
        runner.run(CommandSpec.of("groupdel", user));
    }

    private StateResult apply(String module, String fn, String name, boolean test, Object... kv) {
        return Res.apply(Res.of(module, fn, name, args(kv)), test, dir);
    }

    private void converge(String module, String fn, String name, Object... kv) {
        assertEquals(Outcome.WOULD_CHANGE, apply(module, fn, name, true, kv).outcome());
        StateResult r = apply(module, fn, name, false, kv);
        assertEquals(Outcome.CHANGED, r.outcome(), r.comment());
        StateResult again = apply(module, fn, name, false, kv);
        assertEquals(Outcome.UNCHANGED, again.outcome(), again.comment() + " " + again.changes());
    }

    private static Accounts accounts() { return Accounts.read(); }

    @Test
    void groupsAndUserConvergeAndUpdate() throws Exception {
        converge("group", "present", group1, "system", true);
        converge("group", "present", group2, "gid", 43210 + ThreadLocalRandom.current().nextInt(1000));
        Path home = dir.resolve("home-" + user);
        converge("user", "present", user, "shell", "/bin/sh", "home", home.toString(), "groups", List.of(group1), "fullname", "Test User");
        Accounts.User u = accounts().users().get(user);
        assertEquals("/bin/sh", u.shell());
        assertEquals(home.toString(), u.home());
        assertTrue(Files.isDirectory(home));
        assertEquals(List.of(group1), accounts().supplementaryGroups(user));

        StateResult upd = apply("user", "present", user, false, "shell", "/bin/bash", "groups", List.of(group2));
        assertEquals(Outcome.CHANGED, upd.outcome(), upd.comment());
        assertEquals(List.of(group2), accounts().supplementaryGroups(user));
        assertEquals("/bin/bash", accounts().users().get(user).shell());
        converge("user", "present", user, "groups", List.of(group1), "remove_groups", false);
        assertEquals(List.of(group1, group2).stream().sorted().toList(), accounts().supplementaryGroups(user));

        converge("user", "absent", user, "purge", true);
        assertFalse(accounts().users().containsKey(user));
        converge("group", "absent", group1);
    }

    @Test
    void unknownGroupFailsButTestModeToleratesIt() {
        StateResult real = apply("user", "present", user, false, "groups", List.of("nosuchgroup" + suffix));
        assertEquals(Outcome.FAILED, real.outcome());
        assertTrue(real.comment().contains("does not exist"), real.comment());
        assertEquals(Outcome.WOULD_CHANGE, apply("user", "present", user, true, "groups", List.of("nosuchgroup" + suffix)).outcome());
        assertFalse(accounts().users().containsKey(user));
    }

    @Test
    void badNamesNeverReachUseradd() {
        StateResult r = apply("user", "present", "-o", false);
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.comment().contains("not a valid user name"), r.comment());
        assertTrue(r.comment().startsWith("argument 'name' of user.present is invalid"), r.comment());
        StateResult g = apply("user", "present", user, true, "groups", List.of("adm", "--evil"));
        assertEquals(Outcome.FAILED, g.outcome());
        assertEquals("argument 'groups' of user.present is invalid: not a valid group name: '--evil'", g.comment());
    }

    @Test
    void groupMembersAreSetAddedAndRemovedAsSaltDoes() throws Exception {
        CommandRunner runner = new CommandRunner();
        assertTrue(runner.run(CommandSpec.of("useradd", "-M", "-N", "-s", "/usr/sbin/nologin", user)).ok());
        assertTrue(runner.run(CommandSpec.of("useradd", "-M", "-N", "-s", "/usr/sbin/nologin", other)).ok());
        // created with its members
        converge("group", "present", group1, "members", List.of(user, other));
        assertEquals(List.of(user, other), accounts().groups().get(group1).members());
        // the exact list: one leaves
        converge("group", "present", group1, "members", List.of(other));
        assertEquals(List.of(other), accounts().groups().get(group1).members());
        // addusers / delusers move only who is not already where asked
        StateResult add = apply("group", "present", group1, false, "addusers", List.of(user, other));
        assertEquals(Map.of("addusers", List.of(user)), add.changes());
        converge("group", "present", group1, "delusers", List.of(other));
        assertEquals(List.of(user), accounts().groups().get(group1).members());
        // an empty list removes everyone
        converge("group", "present", group1, "members", List.of());
        assertEquals(List.of(), accounts().groups().get(group1).members());
        // a user that does not exist yet: an assumption in a test run, a failure in a real one, nothing changed
        StateResult assumed = apply("group", "present", group1, true, "addusers", List.of("jsaltnone" + suffix));
        assertEquals(Outcome.WOULD_CHANGE, assumed.outcome(), assumed.comment());
        assertEquals(Outcome.FAILED, apply("group", "present", group1, false, "addusers", List.of("jsaltnone" + suffix)).outcome());
        assertEquals(List.of(), accounts().groups().get(group1).members());
        // what Salt refuses
        assertTrue(apply("group", "present", group1, true, "members", List.of(user), "addusers", List.of(other)).comment()
                .contains("cannot be combined"));
        assertTrue(apply("group", "present", group1, true, "addusers", List.of(user), "delusers", List.of(user)).comment()
                .contains("added and deleted"));
    }
}
