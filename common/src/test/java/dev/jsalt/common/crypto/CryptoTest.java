package dev.jsalt.common.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CryptoTest {
    @TempDir
    Path dir;

    @Test
    void sealedSecretsOpenOnlyForTheirMinion() {
        CurveKeys minion = CurveKeys.generate();
        CurveKeys other = CurveKeys.generate();
        String sealed = Sealer.seal(minion.publicKey(), "db1", "s3cret".getBytes(StandardCharsets.UTF_8));
        assertFalse(sealed.contains("s3cret"));
        assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), Sealer.open(minion.secretKey(), "db1", sealed));
        assertThrows(SecurityException.class, () -> Sealer.open(other.secretKey(), "db1", sealed));
        assertThrows(SecurityException.class, () -> Sealer.open(minion.secretKey(), "db2", sealed), "bound to the recipient id");
    }

    @Test
    void signaturesVerifyOnlyUntampered() {
        SigningKeys k = SigningKeys.generate();
        byte[] msg = "job".getBytes(StandardCharsets.UTF_8);
        byte[] sig = k.sign(msg);
        assertTrue(SigningKeys.verify(k.publicKey(), msg, sig));
        assertFalse(SigningKeys.verify(k.publicKey(), "jab".getBytes(StandardCharsets.UTF_8), sig));
        assertFalse(SigningKeys.verify(SigningKeys.generate().publicKey(), msg, sig));
    }

    @Test
    void keysPersistWithPrivateModes() throws Exception {
        Path f = dir.resolve("pki/minion.key");
        CurveKeys a = CurveKeys.loadOrCreate(f);
        assertEquals(a, CurveKeys.loadOrCreate(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        SigningKeys s = SigningKeys.loadOrCreate(dir.resolve("sign.key"));
        assertArrayEquals(s.publicKey(), SigningKeys.loadOrCreate(dir.resolve("sign.key")).publicKey());
    }

    @Test
    void fingerprintsCompareLoosely() {
        assertTrue(Fingerprint.same("AB:cd", "abcd"));
        assertFalse(Fingerprint.same("ab:cd", "ab:ce"));
    }
}
