package dev.jsalt.minion.states.tinc;

import dev.jsalt.common.state.StateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static dev.jsalt.minion.states.tinc.TincFixture.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** tinc.keys with the real {@code tincd -K} on a scratch config folder (key generation only; no daemon, no network). */
class TincKeysTest {
    @TempDir
    Path dir;
    private TincFixture t;

    @BeforeEach
    void fixture() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/tincd")), "tinc is not installed");
        t = new TincFixture(dir, "db1");
        expect(CHANGED, t.apply("network", false, "netname", "vpn"));
    }

    @Test
    void generatesOnceAndPublishesThePublicHalf() throws Exception {
        StateResult dry = expect(WOULD_CHANGE, t.apply("keys", true, "netname", "vpn"));
        assertEquals(Map.of("generated", "2048-bit RSA key pair"), dry.changes());
        assertFalse(Files.exists(t.paths.privateKey("vpn")));

        StateResult r = expect(CHANGED, t.apply("keys", false, "netname", "vpn"));
        String pub = (String) r.changes().get("public_key");
        assertTrue(pub.startsWith(RsaKeys.PUBLIC_BEGIN + "\n") && pub.endsWith(RsaKeys.PUBLIC_END + "\n"), pub);
        assertEquals(2048, RsaKeys.bits(pub));
        Path priv = t.paths.privateKey("vpn");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        byte[] privBytes = Files.readAllBytes(priv);
        assertEquals(pub, TincModule.hostInfo(t.paths.etc(), "vpn", null).get("public_key"), "node from tinc.conf's Name");
        assertEquals(pub, t.read(t.paths.hostFile("vpn", "db1")), "exactly one key block in the own host file");

        expect(UNCHANGED, t.apply("keys", false, "netname", "vpn"));
        expect(UNCHANGED, t.apply("keys", true, "netname", "vpn"));
        assertTrue(java.util.Arrays.equals(privBytes, Files.readAllBytes(priv)), "never regenerated");

        // The host file lost its key (hand edit): restored from the private key, which stays as it is.
        Files.writeString(t.paths.hostFile("vpn", "db1"), "Subnet = 10.88.0.11/32\n");
        StateResult fixed = expect(CHANGED, t.apply("keys", false, "netname", "vpn"));
        assertEquals(Map.of("public_key", pub), fixed.changes());
        assertEquals("Subnet = 10.88.0.11/32\n\n" + pub, t.read(t.paths.hostFile("vpn", "db1")));
        assertTrue(java.util.Arrays.equals(privBytes, Files.readAllBytes(priv)));

        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Map.of("rsa_key.priv", "mode set to rw-------"), expect(CHANGED, t.apply("keys", false, "netname", "vpn")).changes());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
    }

    @Test
    void worksBeforeTheNetworkIsConfiguredWithAnExplicitNode() throws Exception {
        TincFixture bare = new TincFixture(dir.resolve("bare"), "db1");
        StateResult r = expect(CHANGED, bare.apply("keys", false, "netname", "other", "node", "solo", "bits", 2048));
        assertEquals(r.changes().get("public_key"), bare.read(bare.paths.hostFile("other", "solo")));
        assertEquals(Map.of("node", "solo", "port", 655, "public_key", r.changes().get("public_key")),
                TincModule.hostInfo(bare.paths.etc(), "other", "solo"));
        expect(FAILED, bare.apply("keys", false, "netname", "other", "bits", 512));
    }

    @Test
    void anUnusablePrivateKeyIsReportedNeverReplaced() throws Exception {
        Files.writeString(t.paths.privateKey("vpn"), "not a key\n");
        StateResult r = expect(FAILED, t.apply("keys", false, "netname", "vpn"));
        assertTrue(r.comment().contains("never replaced automatically"), r.comment());
        assertEquals("not a key\n", t.read(t.paths.privateKey("vpn")));
    }
}
