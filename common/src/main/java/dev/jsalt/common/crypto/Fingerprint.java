package dev.jsalt.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints shown to operators and pinned by minions. */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** Fingerprint of a minion: its Curve public key. */
    public static String ofMinion(String curvePublicZ85) {
        return format(sha256(curvePublicZ85.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Fingerprint of a master: its Curve transport key and its Ed25519 signing key together. */
    public static String ofMaster(String curvePublicZ85, byte[] signingPublicKey) {
        byte[] curve = curvePublicZ85.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[curve.length + signingPublicKey.length];
        System.arraycopy(curve, 0, all, 0, curve.length);
        System.arraycopy(signingPublicKey, 0, all, curve.length, signingPublicKey.length);
        return format(sha256(all));
    }

    /** Fingerprint of a TLS certificate: SHA-256 over its DER encoding (what {@code openssl x509 -fingerprint -sha256} shows). */
    public static String ofCertificate(byte[] der) {
        return format(sha256(der));
    }

    /** Case and separator insensitive comparison, so operators can paste either form. */
    public static boolean same(String a, String b) {
        return a != null && b != null && normalise(a).equals(normalise(b));
    }

    static String normalise(String fp) {
        return fp.replace(":", "").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static String format(byte[] digest) {
        String hex = HexFormat.of().formatHex(digest);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) sb.append(':');
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
