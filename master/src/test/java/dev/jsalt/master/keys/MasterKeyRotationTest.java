package dev.jsalt.master.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.crypto.SigningKeys;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.KeyRotation;
import dev.jsalt.common.wire.MasterKeys;
import dev.jsalt.common.wire.RotationChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyRotationTest {
    @TempDir
    Path pki;

    private MasterKeys current() throws Exception {
        return MasterKeys.of(CurveKeys.loadOrCreate(pki.resolve("master.key")), SigningKeys.loadOrCreate(pki.resolve("master_sign.key")));
    }

    @Test
    void rotationsReplaceTheKeysAndChainFromTheFirstOne() throws Exception {
        MasterKeys first = current();
        var r1 = MasterKeyRotation.rotate(pki, Clock.systemUTC());
        MasterKeys second = current();
        var r2 = MasterKeyRotation.rotate(pki, Clock.systemUTC());
        MasterKeys third = current();

        assertEquals(first.fingerprint(), r1.from());
        assertEquals(second.fingerprint(), r1.to());
        assertEquals(third.fingerprint(), r2.to());
        assertNotEquals(first.fingerprint(), third.fingerprint());
        List<KeyRotation> all = MasterKeyRotation.load(pki);
        assertEquals(2, all.size());
        assertTrue(all.stream().allMatch(KeyRotation::verified));
        // A minion that pinned the very first key reaches the current one.
        assertEquals(Optional.of(third), RotationChain.follow(first.fingerprint(), third, all).map(k -> k.withRotations(List.of())));
        assertFalse(Files.exists(pki.resolve("next")), "no leftovers");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(pki.resolve("master.key"))), "new private keys are private");
    }

    @Test
    void aMasterWithoutKeysCannotRotate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MasterKeyRotation.rotate(pki, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("start the master once first"), e.getMessage());
    }

    @Test
    void anInterruptedRotationIsFinishedWhenRecordedAndDroppedWhenNot() throws Exception {
        MasterKeys first = current();
        // Crashed before the statement was written: the new keys are dropped, the old ones stay.
        Path next = Files.createDirectories(pki.resolve("next"));
        CurveKeys.loadOrCreate(next.resolve("master.key"));
        SigningKeys.loadOrCreate(next.resolve("master_sign.key"));
        MasterKeyRotation.finishInterrupted(pki);
        assertEquals(first, current());
        assertFalse(Files.exists(next));

        // Crashed after the statement and one of the two moves: the rotation is completed.
        Files.createDirectories(next);
        CurveKeys nextCurve = CurveKeys.loadOrCreate(next.resolve("master.key"));
        SigningKeys nextSigning = SigningKeys.loadOrCreate(next.resolve("master_sign.key"));
        MasterKeys target = MasterKeys.of(nextCurve, nextSigning);
        KeyRotation statement = KeyRotation.sign(first, SigningKeys.loadOrCreate(pki.resolve("master_sign.key")), target, 1);
        Files.write(pki.resolve("rotations.json"), Json.bytes(List.of(statement)));
        Files.move(next.resolve("master.key"), pki.resolve("master.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        MasterKeyRotation.finishInterrupted(pki);
        assertEquals(target, current());
        assertFalse(Files.exists(next));
    }
}
