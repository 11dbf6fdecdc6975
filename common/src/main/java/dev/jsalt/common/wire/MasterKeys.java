package dev.jsalt.common.wire;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.crypto.Fingerprint;

import java.util.Base64;
import java.util.List;

/**
 * What the master announces on its key port: its Curve transport key and Ed25519 signing key, and the signed
 * rotations that lead from its earlier keys to these. The minion checks the fingerprint against its configuration or
 * its pinned copy, or follows the rotations from the keys it pinned; nothing here is trusted without that.
 */
public record MasterKeys(String curvePublic, String signingPublic, String fingerprint, List<KeyRotation> rotations) {
    public MasterKeys {
        rotations = rotations == null ? List.of() : List.copyOf(rotations);
    }

    public MasterKeys(String curvePublic, String signingPublic, String fingerprint) {
        this(curvePublic, signingPublic, fingerprint, List.of());
    }

    /** The public half of a master's key pairs, fingerprint computed. */
    public static MasterKeys of(CurveKeys curve, dev.jsalt.common.crypto.SigningKeys signing) {
        return new MasterKeys(curve.publicZ85(), Base64.getEncoder().encodeToString(signing.publicKey()),
                Fingerprint.ofMaster(curve.publicZ85(), signing.publicKey()));
    }

    /** The keys alone, with the fingerprint recomputed from them: a fingerprint field a peer sent is never trusted. */
    public MasterKeys checked() {
        CurveKeys.checkPublic(curvePublic);
        return new MasterKeys(curvePublic, signingPublic, Fingerprint.ofMaster(curvePublic, signingKey()));
    }

    /** The raw 32-byte Ed25519 public key, or an IllegalArgumentException. */
    public byte[] signingKey() {
        byte[] sign;
        try {
            sign = Base64.getDecoder().decode(signingPublic == null ? "" : signingPublic);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad master signing key");
        }
        if (sign.length != 32) throw new IllegalArgumentException("bad master signing key");
        return sign;
    }

    public MasterKeys withRotations(List<KeyRotation> all) {
        return new MasterKeys(curvePublic, signingPublic, fingerprint, all);
    }
}
