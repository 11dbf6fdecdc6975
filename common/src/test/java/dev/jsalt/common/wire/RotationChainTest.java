package dev.jsalt.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.crypto.Fingerprint;
import dev.jsalt.common.crypto.SigningKeys;
import dev.jsalt.common.json.Json;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keys a master announces replace trusted keys only through rotations each signed by the keys before them. */
class RotationChainTest {

    /** One master key set: the public keys and the signer. */
    private record Master(MasterKeys keys, SigningKeys signer) {
        static Master fresh() {
            SigningKeys s = SigningKeys.generate();
            return new Master(MasterKeys.of(CurveKeys.generate(), s), s);
        }

        KeyRotation rotateTo(Master next) {
            return KeyRotation.sign(keys, signer, next.keys, 1_700_000_000L);
        }
    }

    private final Master a = Master.fresh();
    private final Master b = Master.fresh();
    private final Master c = Master.fresh();
    private final Master evil = Master.fresh();

    @Test
    void aSignedStepAndAChainOfThemLeadToTheNewKeys() {
        assertEquals(Optional.of(b.keys), RotationChain.follow(a.keys.fingerprint(), b.keys, List.of(a.rotateTo(b))));
        assertEquals(Optional.of(c.keys), RotationChain.follow(a.keys.fingerprint(), c.keys, List.of(b.rotateTo(c), a.rotateTo(b))));
        // The same keys need no statement at all.
        assertEquals(Optional.of(a.keys), RotationChain.follow(a.keys.fingerprint(), a.keys, List.of()));
        // A fingerprint pasted in another form (upper case, no colons) is the same anchor.
        String pasted = a.keys.fingerprint().replace(":", "").toUpperCase(java.util.Locale.ROOT);
        assertEquals(Optional.of(b.keys), RotationChain.follow(pasted, b.keys, List.of(a.rotateTo(b))));
    }

    @Test
    void aDeadEndBesideTheUsedStepDoesNotHideIt() {
        // An interrupted rotation left a->evil recorded (keys never installed) before a->b was made.
        KeyRotation deadEnd = KeyRotation.sign(a.keys, a.signer, evil.keys, 1);
        assertEquals(Optional.of(b.keys), RotationChain.follow(a.keys.fingerprint(), b.keys, List.of(deadEnd, a.rotateTo(b))));
    }

    @Test
    void statementsNotSignedByTheTrustedKeyLeadNowhere() {
        // Signed by the new key itself (an impostor vouching for itself).
        KeyRotation selfSigned = new KeyRotation(a.keys.curvePublic(), a.keys.signingPublic(), evil.keys.curvePublic(),
                evil.keys.signingPublic(), 1, Base64.getEncoder().encodeToString(evil.signer.sign(
                        new KeyRotation(a.keys.curvePublic(), a.keys.signingPublic(), evil.keys.curvePublic(), evil.keys.signingPublic(), 1, null).signedBytes())));
        assertFalse(selfSigned.verified());
        assertEquals(Optional.empty(), RotationChain.follow(a.keys.fingerprint(), evil.keys, List.of(selfSigned)));

        // A genuine statement with the target swapped afterwards.
        KeyRotation genuine = a.rotateTo(b);
        KeyRotation swapped = new KeyRotation(genuine.fromCurvePublic(), genuine.fromSigningPublic(), evil.keys.curvePublic(),
                evil.keys.signingPublic(), genuine.issuedAt(), genuine.signature());
        assertEquals(Optional.empty(), RotationChain.follow(a.keys.fingerprint(), evil.keys, List.of(swapped)));

        // A chain that starts from keys this minion never trusted.
        assertEquals(Optional.empty(), RotationChain.follow(a.keys.fingerprint(), c.keys, List.of(b.rotateTo(c))));
        assertEquals(Optional.empty(), RotationChain.follow(evil.keys.fingerprint(), b.keys, List.of(a.rotateTo(b))));
    }

    @Test
    void malformedStatementsAreIgnoredAndTheAnnouncementsFingerprintIsRecomputed() {
        KeyRotation garbage = new KeyRotation("x", "y", "z", "w", 0, "!!");
        assertFalse(garbage.verified());
        assertEquals(Optional.of(b.keys), RotationChain.follow(a.keys.fingerprint(), b.keys, List.of(garbage, a.rotateTo(b))));
        MasterKeys lying = new MasterKeys(evil.keys.curvePublic(), evil.keys.signingPublic(), b.keys.fingerprint());
        assertEquals(Optional.empty(), RotationChain.follow(a.keys.fingerprint(), lying, List.of(a.rotateTo(b))));
        assertTrue(Fingerprint.same(evil.keys.fingerprint(), lying.checked().fingerprint()));
    }

    @Test
    void signingWithAKeyThatIsNotTheOldOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> KeyRotation.sign(a.keys, evil.signer, b.keys, 1));
    }

    @Test
    void statementsSurviveJson() {
        MasterKeys announced = b.keys.withRotations(List.of(a.rotateTo(b)));
        MasterKeys back = Json.read(Json.bytes(announced), MasterKeys.class);
        assertEquals(announced, back);
        assertEquals(Optional.of(b.keys), RotationChain.follow(a.keys.fingerprint(), back, back.rotations()));
        // An announcement from a master that never rotated has no statements at all.
        assertEquals(List.of(), Json.read("{\"curvePublic\":\"" + a.keys.curvePublic() + "\",\"signingPublic\":\""
                + a.keys.signingPublic() + "\",\"fingerprint\":\"x\"}", MasterKeys.class).rotations());
    }
}
