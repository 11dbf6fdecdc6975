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
import java.util.concurrent.ThreadLocalRandom;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** user.present's password (hash), shell, home, groups, optional_groups, remove_groups, createhome, on this machine. */
class UserPresentArgsTest {
    // "secret1" and "secret2", as mkpasswd -m sha-512 would give them (any crypt(3) string works: it is stored as given)
    private static final String HASH1 = "$6$saltsalt$0qJnmUXqVD5zuCqvw9jE6oUu4KjJmQW0hGNbOGOqRt0UmvJx1N2Y2rbpO2sVtIHQ3pE5j4dqUwqgU2xK7eL1a.";
    private static final String HASH2 = "$6$othersalt$Yq8jvU6Vx2Vb4QJm0mW8J2t7p1u3yN9qD0ZrQe1k5o7o4c6b8a2s3d4f5g6h7j8k9l0zXcVbNmQwErTyUiOpA1";

    @TempDir
    Path dir;
    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private final String user = "jsaltp" + suffix;
    private final String group = "jsaltq" + suffix;

    @AfterEach
    void remove() throws Exception {
        CommandRunner runner = new CommandRunner();
        runner.run(CommandSpec.of("userdel", "-r", user));
        runner.run(CommandSpec.of("groupdel", group));
        runner.run(CommandSpec.of("groupdel", user));
    }

    private StateResult apply(boolean test, Object... kv) {
        return Res.apply(Res.of("user", "present", user, args(kv)), test, dir);
    }

    @Test
    void passwordShellHomeAndGroupsConverge() throws Exception {
        Path home = dir.resolve("h");
        Object[] want = {"password", HASH1, "shell", "/bin/sh", "home", home.toString(), "createhome", true,
                "optional_groups", List.of("jsalt-no-such-group", "adm"), "groups", List.of("users")};
        StateResult t = apply(true, want);
        assertEquals(Outcome.WOULD_CHANGE, t.outcome());
        assertEquals(UserModule.REDACTED, t.changes().get("passwd"));
        assertFalse(Accounts.read().users().containsKey(user));

        StateResult made = apply(false, want);
        assertEquals(Outcome.CHANGED, made.outcome(), made.comment());
        assertFalse(made.toString().contains(HASH1), "the hash is never reported");
        assertEquals(HASH1, Accounts.shadowHash(user));
        assertTrue(Files.isDirectory(home));
        Accounts acc = Accounts.read();
        assertEquals("/bin/sh", acc.users().get(user).shell());
        assertEquals(List.of("adm", "users"), acc.supplementaryGroups(user), "optional groups that exist are added");
        assertEquals(Outcome.UNCHANGED, apply(false, want).outcome());

        StateResult newPassword = apply(false, "password", HASH2);
        assertEquals(Outcome.CHANGED, newPassword.outcome(), newPassword.comment());
        assertEquals(HASH2, Accounts.shadowHash(user));
        assertEquals(Outcome.UNCHANGED, apply(false, "password", HASH1, "enforce_password", false).outcome(),
                "enforce_password: false sets the password only when the user is created");

        StateResult keep = apply(false, "groups", List.of("users"), "remove_groups", false);
        assertEquals(Outcome.UNCHANGED, keep.outcome(), "remove_groups: false never removes a group");
        StateResult exact = apply(false, "groups", List.of("users"));
        assertEquals(Outcome.CHANGED, exact.outcome());
        assertEquals(List.of("users"), Accounts.read().supplementaryGroups(user));
        assertEquals(Outcome.FAILED, apply(false, "password", "bad:hash").outcome());
    }

    @Test
    void createhomeFalseAndAMissingGroupAsAnAssumption() {
        StateResult t = apply(true, "groups", List.of(group), "createhome", false, "home", dir.resolve("none").toString());
        assertEquals(Outcome.WOULD_CHANGE, t.outcome(), "the group may be created by an earlier state");
        StateResult real = apply(false, "groups", List.of(group), "createhome", false, "home", dir.resolve("none").toString());
        assertEquals(Outcome.FAILED, real.outcome());
        assertEquals("group " + group + " does not exist", real.comment());
        StateResult ok = apply(false, "createhome", false, "home", dir.resolve("none").toString());
        assertEquals(Outcome.CHANGED, ok.outcome(), ok.comment());
        assertFalse(Files.exists(dir.resolve("none")));
    }
}
