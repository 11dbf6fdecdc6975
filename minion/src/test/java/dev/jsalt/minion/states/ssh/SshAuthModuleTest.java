package dev.jsalt.minion.states.ssh;

import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import dev.jsalt.minion.states.sys.FakeRunner;
import dev.jsalt.minion.states.sys.SystemRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user whose home is in a private root. */
class SshAuthModuleTest {
    static final String K1 = "AAAAC3NzaC1lZDI1NTE5AAAAIBx2rDvNAaC3cV0rJY0gGQ1c0mJm8mDMhw6hPq5oM0kT";
    static final String K2 = "AAAAB3NzaC1yc2EAAAADAQABAAABAQC7";
    @TempDir
    Path root;
    Path keys;
    Apply auth;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        int uid = (Integer) Files.getAttribute(root, "unix:uid");
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nalice:x:" + uid + ":" + uid + "::/home/alice:/bin/bash\n");
        Files.createDirectories(root.resolve("home/alice"));
        keys = root.resolve("home/alice/.ssh/authorized_keys");
        auth = new Apply(new SshAuthModule(new SystemRoot(root)), new FakeRunner(), root.resolve("state"));
    }

    @Test
    void aKeyIsAddedToANewFileThenNothing() throws Exception {
        StateOutcome w = auth.expect(WOULD_CHANGE, "present", K1, true, "user", "alice", "enc", "ed25519", "comment", "alice@laptop");
        assertEquals("Key " + K1 + " for user alice is set to be added", w.comment());
        assertFalse(Files.exists(keys));
        StateOutcome d = auth.expect(CHANGED, "present", K1, false, "user", "alice", "enc", "ed25519", "comment", "alice@laptop");
        assertEquals(Map.of(K1, "New"), d.changes());
        assertEquals("The authorized host key " + K1 + " for user alice was added", d.comment());
        assertEquals("ssh-ed25519 " + K1 + " alice@laptop\n", Files.readString(keys));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.getParent())));
        StateOutcome same = auth.expect(UNCHANGED, "present", "ssh-ed25519 " + K1 + " alice@laptop", false, "user", "alice");
        assertEquals("The authorized host key " + K1 + " is already present for user alice", same.comment());
    }

    @Test
    void aWholeLineWithOptionsAndADifferentCommentUpdatesTheLine() throws Exception {
        Files.createDirectories(keys.getParent());
        Files.writeString(keys, "# keys\nssh-rsa " + K2 + " old\nssh-ed25519 " + K1 + " bob\n");
        String line = "from=\"10.0.0.1,10.0.0.2\",no-pty ssh-rsa " + K2 + " deploy key";
        StateOutcome w = auth.expect(WOULD_CHANGE, "present", line, true, "user", "alice");
        assertEquals("Key " + K2 + " for user alice is set to be updated", w.comment());
        StateOutcome d = auth.expect(CHANGED, "present", line, false, "user", "alice");
        assertEquals(Map.of(K2, "Updated"), d.changes());
        assertEquals("# keys\n" + line + "\nssh-ed25519 " + K1 + " bob\n", Files.readString(keys));
        auth.expect(UNCHANGED, "present", line, false, "user", "alice");
        auth.expect(UNCHANGED, "present", K2, false, "user", "alice", "comment", "deploy key", "options", List.of("from=\"10.0.0.1,10.0.0.2\"", "no-pty"));
    }

    @Test
    void sourceAndAbsent() throws Exception {
        String src = "ssh-ed25519 " + K1 + " a\n# comment\nssh-rsa " + K2 + " b\n";
        StateOutcome d = auth.expect(CHANGED, "present", "team", false, "user", "alice", "source_contents", src, "source_path", "salt://keys/team");
        assertEquals(Map.of("team", "New"), d.changes());
        assertEquals("ssh-ed25519 " + K1 + " a\nssh-rsa " + K2 + " b\n", Files.readString(keys));
        assertEquals("All host keys in file salt://keys/team are already present",
                auth.expect(UNCHANGED, "present", "team", false, "user", "alice", "source_contents", src, "source_path", "salt://keys/team").comment());

        assertEquals("Key " + K1 + " is set for removal", auth.expect(WOULD_CHANGE, "absent", K1, true, "user", "alice").comment());
        StateOutcome rm = auth.expect(CHANGED, "absent", "ssh-ed25519 " + K1 + " whatever", false, "user", "alice");
        assertEquals(Map.of(K1, "Removed"), rm.changes());
        assertEquals("Key removed", rm.comment());
        assertEquals("ssh-rsa " + K2 + " b\n", Files.readString(keys));
        assertEquals("Key is already absent", auth.expect(UNCHANGED, "absent", K1, false, "user", "alice").comment());
        auth.expect(CHANGED, "absent", "team", false, "user", "alice", "source_contents", src);
        assertEquals("", Files.readString(keys));
    }

    @Test
    void aMissingUserIsAssumedInATestRunAndBadKeysFail() throws Exception {
        auth.expect(WOULD_CHANGE, "present", K1, true, "user", "nobody2");
        StateOutcome f = auth.expect(FAILED, "present", K1, false, "user", "nobody2");
        assertTrue(f.comment().contains("User nobody2 does not exist"), f.comment());
        assertEquals("Invalid public ssh key, most likely has spaces or invalid syntax",
                auth.expect(FAILED, "present", "not-base64!", false, "user", "alice").comment());
        auth.expect(FAILED, "present", K1, false, "user", "alice", "enc", "rot13");
        auth.expect(CHANGED, "present", K1, false, "user", "alice", "config", "%h/other_keys");
        assertTrue(Files.exists(root.resolve("home/alice/other_keys")));
    }
}
