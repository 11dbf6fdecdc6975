package dev.jsalt.minion.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.crypto.SigningKeys;
import dev.jsalt.common.wire.KeyRotation;
import dev.jsalt.common.wire.MasterKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a minion trusts: the pin, the configured fingerprint, and rotations signed by what it trusted before. */
class MasterPinTest {
    @TempDir
    Path pki;

    private record Master(MasterKeys keys, SigningKeys signer) {
        static Master fresh() {
            SigningKeys s = SigningKeys.generate();
            return new Master(MasterKeys.of(CurveKeys.generate(), s), s);
        }

        KeyRotation rotateTo(Master next) {
            return KeyRotation.sign(keys, signer, next.keys, 1_700_000_000L);
        }
    }

    private final Master old = Master.fresh();
    private final Master rotated = Master.fresh();
    private final Master impostor = Master.fresh();

    @Test
    void aPinnedMinionFollowsASignedRotationAndPinsTheNewKey() throws Exception {
        MasterPin pin = new MasterPin(pki, null);
        pin.trust(old.keys);
        MasterKeys now = pin.trust(rotated.keys.withRotations(List.of(old.rotateTo(rotated))));
        assertEquals(rotated.keys.fingerprint(), now.fingerprint());
        assertEquals(rotated.keys.fingerprint(), pin.pinned().orElseThrow().fingerprint());
        assertTrue(Files.readString(pki.resolve("master.history")).contains(old.keys.fingerprint()));
        // From now on the old key is the stranger: going back needs a statement signed by the new one.
        assertThrows(MasterPin.MasterKeyMismatch.class, () -> pin.trust(old.keys));
    }

    @Test
    void aChangedKeyWithoutASignedRotationIsRefusedAndThePinKept() throws Exception {
        MasterPin pin = new MasterPin(pki, null);
        pin.trust(old.keys);
        KeyRotation selfVouched = KeyRotation.sign(impostor.keys, impostor.signer, impostor.keys, 1);
        MasterPin.MasterKeyMismatch e = assertThrows(MasterPin.MasterKeyMismatch.class,
                () -> pin.trust(impostor.keys.withRotations(List.of(selfVouched))));
        assertTrue(e.getMessage().contains("no rotation signed by the pinned key"), e.getMessage());
        assertEquals(old.keys.fingerprint(), pin.pinned().orElseThrow().fingerprint());
    }

    @Test
    void aConfiguredFingerprintIsFollowedThroughRotationsAndStaysAcceptedAfterwards() throws Exception {
        // minion.yaml names the master's original key; the master rotated before this minion first connected.
        MasterPin pin = new MasterPin(pki, old.keys.fingerprint());
        MasterKeys announced = rotated.keys.withRotations(List.of(old.rotateTo(rotated)));
        assertEquals(rotated.keys.fingerprint(), pin.trust(announced).fingerprint());
        // At the next start the pin is checked against minion.yaml again: the old fingerprint is in the history.
        MasterPin restarted = new MasterPin(pki, old.keys.fingerprint());
        assertEquals(rotated.keys.fingerprint(), restarted.trust(restarted.pinned().orElseThrow()).fingerprint());
        // A fingerprint in minion.yaml that this minion never trusted is still refused.
        MasterPin edited = new MasterPin(pki, impostor.keys.fingerprint());
        assertThrows(MasterPin.MasterKeyMismatch.class, () -> edited.trust(edited.pinned().orElseThrow()));
    }

    @Test
    void aConfiguredFingerprintRefusesOtherKeys() {
        MasterPin pin = new MasterPin(pki, old.keys.fingerprint());
        MasterPin.MasterKeyMismatch e = assertThrows(MasterPin.MasterKeyMismatch.class, () -> pin.trust(impostor.keys));
        assertTrue(e.getMessage().contains("minion.yaml says"), e.getMessage());
        assertTrue(Files.notExists(pki.resolve("master.pub")), "nothing pinned");
    }
}
