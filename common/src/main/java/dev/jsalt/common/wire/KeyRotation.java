package dev.jsalt.common.wire;

import dev.jsalt.common.crypto.SigningKeys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A master's statement "my keys {@code from…} are replaced by these", signed with the old Ed25519 key. The old public
 * keys are part of it, so a minion that knows only the old fingerprint (minion.yaml's {@code master_fingerprint}) can
 * check it too: the fingerprint vouches for the old keys, the old signing key for the new ones.
 *
 * @param issuedAt  epoch seconds, for the operator's eyes and the log (ordering comes from the chain itself)
 * @param signature Base64 Ed25519 signature by the old signing key over {@link #signedBytes()}
 */
public record KeyRotation(String fromCurvePublic, String fromSigningPublic, String curvePublic, String signingPublic,
                          long issuedAt, String signature) {
    private static final String DOMAIN = "jsalt master key rotation v1";

    /** Signs the move from {@code old} (whose signing key is {@code oldSigner}) to {@code next}. */
    public static KeyRotation sign(MasterKeys old, SigningKeys oldSigner, MasterKeys next, long issuedAt) {
        KeyRotation unsigned = new KeyRotation(old.curvePublic(), old.signingPublic(), next.curvePublic(), next.signingPublic(), issuedAt, null);
        String sig = Base64.getEncoder().encodeToString(oldSigner.sign(unsigned.signedBytes()));
        KeyRotation signed = new KeyRotation(old.curvePublic(), old.signingPublic(), next.curvePublic(), next.signingPublic(), issuedAt, sig);
        if (!signed.verified()) throw new IllegalArgumentException("the signing key does not belong to the keys being replaced");
        return signed;
    }

    /** Exactly what is signed: a domain tag, then each field on its own line (none can hold a newline). */
    public byte[] signedBytes() {
        return String.join("\n", DOMAIN, String.valueOf(fromCurvePublic), String.valueOf(fromSigningPublic),
                String.valueOf(curvePublic), String.valueOf(signingPublic), Long.toString(issuedAt)).getBytes(StandardCharsets.UTF_8);
    }

    /** The keys being replaced, fingerprint recomputed. */
    public MasterKeys from() {
        return new MasterKeys(fromCurvePublic, fromSigningPublic, null).checked();
    }

    /** The new keys, fingerprint recomputed. */
    public MasterKeys to() {
        return new MasterKeys(curvePublic, signingPublic, null).checked();
    }

    /** True when the old signing key made this statement (false for anything malformed). */
    public boolean verified() {
        try {
            byte[] sig = Base64.getDecoder().decode(signature == null ? "" : signature);
            return SigningKeys.verify(from().signingKey(), signedBytes(), sig);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
