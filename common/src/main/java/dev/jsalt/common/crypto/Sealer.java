package dev.jsalt.common.crypto;

import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Seals a secret to one minion's Curve25519 public key: an ephemeral X25519 agreement, HKDF-SHA256, AES-256-GCM.
 * Format (base64): ephemeral public key (32) | nonce (12) | ciphertext+tag. The recipient's id is bound as
 * associated data, so a sealed value cannot be moved to another minion's job.
 */
public final class Sealer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] INFO = "jsalt-seal-v1".getBytes(StandardCharsets.US_ASCII);

    private Sealer() {
    }

    public static String seal(byte[] recipientPublicKey, String recipientId, byte[] plaintext) {
        X25519PrivateKeyParameters eph = new X25519PrivateKeyParameters(RANDOM);
        byte[] ephPub = eph.generatePublicKey().getEncoded();
        byte[] key = derive(eph, recipientPublicKey, ephPub);
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] ct = gcm(true, key, nonce, recipientId, plaintext);
        byte[] out = new byte[32 + 12 + ct.length];
        System.arraycopy(ephPub, 0, out, 0, 32);
        System.arraycopy(nonce, 0, out, 32, 12);
        System.arraycopy(ct, 0, out, 44, ct.length);
        return Base64.getEncoder().encodeToString(out);
    }

    public static byte[] open(byte[] recipientSecretKey, String recipientId, String sealed) {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new SecurityException("sealed value is not base64");
        }
        if (in.length < 32 + 12 + 16) throw new SecurityException("sealed value too short");
        byte[] ephPub = Arrays.copyOfRange(in, 0, 32);
        byte[] nonce = Arrays.copyOfRange(in, 32, 44);
        byte[] ct = Arrays.copyOfRange(in, 44, in.length);
        X25519PrivateKeyParameters own = new X25519PrivateKeyParameters(recipientSecretKey, 0);
        byte[] key = derive(own, ephPub, ephPub);
        return gcm(false, key, nonce, recipientId, ct);
    }

    private static byte[] derive(X25519PrivateKeyParameters priv, byte[] peerPublic, byte[] ephPub) {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(priv);
        byte[] shared = new byte[agreement.getAgreementSize()];
        agreement.calculateAgreement(new X25519PublicKeyParameters(peerPublic, 0), shared, 0);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(shared, ephPub, INFO));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    private static byte[] gcm(boolean encrypt, byte[] key, byte[] nonce, String aad, byte[] input) {
        GCMBlockCipher cipher = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int n = cipher.processBytes(input, 0, input.length, out, 0);
        try {
            n += cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new SecurityException("sealed value failed authentication (wrong recipient or tampered)");
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
