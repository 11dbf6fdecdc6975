package dev.jsalt.minion.states.user;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * user.present's GECOS fields, password aging, hash_password, empty_password and unique, and user.absent's force, as
 * the users formula uses them (its buser: roomnumber, workphone, homephone, expire, unique: false), on this machine.
 */
class UserGecosAgingPasswordTest {
    @TempDir
    Path dir;
    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private final String user = "jsaltg" + suffix;
    private final String twin = "jsalth" + suffix;

    @AfterEach
    void remove() throws Exception {
        CommandRunner runner = new CommandRunner();
        runner.run(CommandSpec.of("userdel", "-r", twin));
        runner.run(CommandSpec.of("userdel", "-r", user));
    }

    private StateResult apply(boolean test, Object... kv) {
        return Res.apply(Res.of("user", "present", user, args(kv)), test, dir);
    }

    private String gecos() {
        return Accounts.read().users().get(user).gecos();
    }

    @Test
    void gecosFieldsAndAgingAreSetComparedAndChangedOneByOne() {
        Object[] want = {"fullname", "B User", "roomnumber", "A-1", "workphone", "(555) 555-5555",
                "homephone", "(555) 555-5551", "expire", 16426, "maxdays", 90, "warndays", 7, "createhome", false};
        StateResult t = apply(true, want);
        assertEquals(Outcome.WOULD_CHANGE, t.outcome());
        assertFalse(Accounts.read().users().containsKey(user), "a test run creates nothing");

        StateResult made = apply(false, want);
        assertEquals(Outcome.CHANGED, made.outcome(), made.comment());
        assertEquals("B User,A-1,(555) 555-5555,(555) 555-5551", gecos());
        Shadow s = Shadow.of(user).orElseThrow();
        assertEquals(16426L, s.expire());
        assertEquals(90L, s.maxDays());
        assertEquals(7L, s.warnDays());
        assertEquals(Outcome.UNCHANGED, apply(false, want).outcome(), "a second apply changes nothing");

        StateResult room = apply(false, "roomnumber", "B-2", "expire", -1);
        assertEquals(Outcome.CHANGED, room.outcome(), room.comment());
        assertEquals(Map.of("old", "A-1", "new", "B-2"), room.changes().get("roomnumber"));
        assertEquals(Map.of("old", 16426L, "new", -1L), room.changes().get("expire"));
        assertEquals("B User,B-2,(555) 555-5555,(555) 555-5551", gecos(), "the other fields stay");
        assertEquals(null, Shadow.of(user).orElseThrow().expire(), "-1: never expires");

        StateResult comma = apply(false, "workphone", "555, ext 2");
        assertEquals(Outcome.FAILED, comma.outcome());
        assertTrue(comma.comment().contains("workphone"), comma.comment());
        assertEquals(Outcome.FAILED, apply(false, "mindays", -5).outcome());
    }

    @Test
    void hashPasswordReusesTheSaltSoAnUnchangedPasswordStaysUnchanged() {
        StateResult made = apply(false, "password", "s3cret:with colon", "hash_password", true, "createhome", false);
        assertEquals(Outcome.CHANGED, made.outcome(), made.comment());
        assertFalse(made.toString().contains("s3cret"), "the password is never reported");
        String hash = Shadow.of(user).orElseThrow().hash();
        assertTrue(hash.startsWith("$6$"), hash);
        assertEquals(hash, PasswordHash.of("s3cret:with colon", hash), "crypt with the stored salt gives the stored hash");

        assertEquals(Outcome.UNCHANGED, apply(false, "password", "s3cret:with colon", "hash_password", true).outcome());
        StateResult other = apply(false, "password", "another", "hash_password", true);
        assertEquals(Outcome.CHANGED, other.outcome());
        assertEquals(UserModule.REDACTED, other.changes().get("passwd"));
        assertNotEquals(hash, Shadow.of(user).orElseThrow().hash());

        StateResult empty = apply(false, "empty_password", true);
        assertEquals(Outcome.CHANGED, empty.outcome(), empty.comment());
        assertEquals("", Shadow.of(user).orElseThrow().hash());
        assertEquals(Outcome.UNCHANGED, apply(false, "empty_password", true).outcome());
        assertEquals(Outcome.FAILED, apply(false, "empty_password", true, "password", "x", "hash_password", true).outcome());
    }

    @Test
    void knownCryptHashesOfTheReferenceImplementation() {
        // openssl passwd -6 -salt saltsalt secret1 / -5 / -1
        assertEquals("$6$saltsalt$jCP90RmSIIja2o9FRs25ASQaR1lMN6uKHmNcHaoNCpAXgV3n5NfAlQdZQcvMVQO1BTCOFF0LzoHFZBt9E45NW0",
                PasswordHash.of("secret1", "$6$saltsalt$anything"));
        assertEquals("$5$saltsalt$8VBBREjG0kRWUnKxqezT1iBXvHxS01jsGW1C32lutm5", PasswordHash.of("secret1", "$5$saltsalt$x"));
        assertEquals("$1$saltsalt$2HM3oGhH6VPi/5dxZ798f/", PasswordHash.of("secret1", "$1$saltsalt$x"));
        assertEquals(PasswordHash.of("secret1", "$6$rounds=10000$saltsalt$x"), PasswordHash.of("secret1", "$6$rounds=10000$saltsalt$y"));
        assertTrue(PasswordHash.of("secret1", "$y$j9T$abc$def").startsWith("$6$"), "yescrypt is replaced by SHA-512 crypt");
        assertNotEquals(PasswordHash.of("secret1", null), PasswordHash.of("secret1", null), "a new hash gets a random salt");
    }

    @Test
    void uniqueFalseLetsTwoAccountsShareAUidAndAbsentForceRemoves() {
        StateResult first = apply(false, "uid", 64123, "createhome", false);
        assertEquals(Outcome.CHANGED, first.outcome(), first.comment());
        StateResult clash = Res.apply(Res.of("user", "present", twin, args("uid", 64123, "createhome", false)), false, dir);
        assertEquals(Outcome.FAILED, clash.outcome(), "a uid in use is refused unless unique is false");
        StateResult shared = Res.apply(Res.of("user", "present", twin, args("uid", 64123, "unique", false, "createhome", false)), false, dir);
        assertEquals(Outcome.CHANGED, shared.outcome(), shared.comment());
        assertEquals(64123, Accounts.read().users().get(twin).uid());

        StateResult gone = Res.apply(Res.of("user", "absent", twin, args("force", true)), false, dir);
        assertEquals(Outcome.CHANGED, gone.outcome(), gone.comment());
        assertFalse(Accounts.read().users().containsKey(twin));
    }
}
