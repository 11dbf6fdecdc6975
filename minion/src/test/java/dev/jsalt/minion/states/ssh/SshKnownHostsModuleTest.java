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
import java.util.List;
import java.util.Map;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SshKnownHostsModuleTest {
    static final String KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIBx2rDvNAaC3cV0rJY0gGQ1c0mJm8mDMhw6hPq5oM0kT";
    @TempDir
    Path root;
    Path file;
    FakeRunner runner = new FakeRunner();
    Apply kh;

    @BeforeEach
    void setUp() {
        file = root.resolve("etc/ssh/ssh_known_hosts");
        kh = new Apply(new SshKnownHostsModule(new SystemRoot(root)), runner, root.resolve("state"));
    }

    @Test
    void aGivenKeyIsSavedHashedThenNothing() throws Exception {
        StateOutcome w = kh.expect(WOULD_CHANGE, "present", "github.com", true, "key", KEY, "enc", "ssh-ed25519");
        assertEquals("Key for github.com is set to be added to /etc/ssh/ssh_known_hosts", w.comment());
        assertFalse(Files.exists(file));
        StateOutcome d = kh.expect(CHANGED, "present", "github.com", false, "key", KEY, "enc", "ed25519");
        assertEquals("github.com's key saved to /etc/ssh/ssh_known_hosts (key: " + KEY + ")", d.comment());
        @SuppressWarnings("unchecked")
        Map<String, Object> added = ((List<Map<String, Object>>) d.changes().get("new")).get(0);
        assertEquals("ssh-ed25519", added.get("enc"));
        assertEquals(KnownHosts.fingerprint(KEY, null), added.get("fingerprint"));
        String text = Files.readString(file);
        assertTrue(text.startsWith("|1|") && text.endsWith(" ssh-ed25519 " + KEY + "\n"), text);
        assertFalse(text.contains("github.com"));
        assertEquals("Host github.com is already in /etc/ssh/ssh_known_hosts",
                kh.expect(UNCHANGED, "present", "github.com", false, "key", KEY, "enc", "ssh-ed25519").comment());
        // a known fingerprint needs no network either
        kh.expect(UNCHANGED, "present", "github.com", false, "fingerprint", KnownHosts.fingerprint(KEY, null));
        assertEquals(List.of(), runner.ran);
    }

    @Test
    void plainPortsAndAbsent() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# kept\ngit.example.com,10.0.0.9 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7\n");
        kh.expect(CHANGED, "present", "git.example.com", false, "key", KEY, "enc", "ssh-ed25519", "port", 2222, "hash_known_hosts", false);
        assertTrue(Files.readString(file).endsWith("[git.example.com]:2222 ssh-ed25519 " + KEY + "\n"));
        kh.expect(CHANGED, "present", "git.example.com", false, "key", KEY, "enc", "ssh-ed25519", "hash_known_hosts", false);
        assertEquals("# kept\n10.0.0.9 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7\n[git.example.com]:2222 ssh-ed25519 " + KEY
                + "\ngit.example.com ssh-ed25519 " + KEY + "\n", Files.readString(file), "the old key of that host is replaced");
        kh.expect(WOULD_CHANGE, "absent", "git.example.com", true, "port", 2222);
        kh.expect(CHANGED, "absent", "git.example.com", false, "port", 2222);
        assertFalse(Files.readString(file).contains("2222"));
        assertEquals("Host is already absent", kh.expect(UNCHANGED, "absent", "git.example.com", false, "port", 2222).comment());
    }

    @Test
    void saltsArgumentErrors() throws Exception {
        assertEquals("Specify either \"key\" or \"fingerprint\", not both.",
                kh.expect(FAILED, "present", "h", true, "key", KEY, "enc", "ssh-ed25519", "fingerprint", "aa:bb").comment());
        assertEquals("Required argument \"enc\" if using \"key\" argument.", kh.expect(FAILED, "present", "h", true, "key", KEY).comment());
        assertEquals("If not specifying a \"user\", specify an absolute \"config\".",
                kh.expect(FAILED, "present", "h", true, "key", KEY, "enc", "ssh-ed25519", "config", "known").comment());
    }

    @Test
    void anUnknownFingerprintNeedsTheHostReachable() throws Exception {
        String fp = KnownHosts.fingerprint(KEY, "md5");
        StateOutcome w = kh.expect(WOULD_CHANGE, "present", "10.255.0.1", true, "fingerprint", fp);
        assertEquals("Key for 10.255.0.1 is set to be added to /etc/ssh/ssh_known_hosts", w.comment());
        assertEquals(List.of(), runner.ran, "a test run does not scan");
        StateOutcome f = kh.expect(FAILED, "present", "10.255.0.1", false, "fingerprint", fp, "timeout", 1);
        assertTrue(f.comment().startsWith("Unable to receive remote host key for 10.255.0.1"), f.comment());
        assertEquals(List.of("ssh-keyscan -T 1 10.255.0.1"), runner.ran);

        FakeRunner scanning = new FakeRunner(argv -> FakeRunner.ok(argv.get(argv.size() - 1) + " ssh-ed25519 " + KEY + "\n"));
        Apply a = new Apply(new SshKnownHostsModule(new SystemRoot(root)), scanning, root.resolve("state"));
        a.expect(CHANGED, "present", "10.255.0.1", false, "fingerprint", fp);
        assertTrue(Files.readString(file).endsWith(" ssh-ed25519 " + KEY + "\n"));
        assertEquals("Remote host public keys found but none of their fingerprints match the one you have provided",
                a.expect(FAILED, "present", "10.255.0.2", false, "fingerprint", "00:11").comment());
    }

    @Test
    void fingerprintForms() throws Exception {
        String sha = KnownHosts.fingerprint(KEY, null);
        assertTrue(KnownHosts.hasFingerprint(KEY, sha, null));
        assertTrue(KnownHosts.hasFingerprint(KEY, KnownHosts.fingerprint(KEY, "md5"), null));
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(java.util.Base64.getDecoder().decode(KEY));
        assertTrue(KnownHosts.hasFingerprint(KEY, "SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(d), null));
        assertFalse(KnownHosts.hasFingerprint(KEY, "SHA256:AAAA", null));
        assertTrue(KnownHosts.matches(KnownHosts.hashed("db1"), "db1"));
        assertFalse(KnownHosts.matches(KnownHosts.hashed("db1"), "db2"));
    }
}
