package dev.jsalt.common.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** The master's Ed25519 job-signing key (Bouncy Castle). */
public final class SigningKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;

    private SigningKeys(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey();
    }

    public static SigningKeys generate() {
        return new SigningKeys(new Ed25519PrivateKeyParameters(RANDOM));
    }

    public static SigningKeys loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] seed = Base64.getDecoder().decode(Files.readString(file).strip());
            if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) throw new IOException(file + ": corrupt signing key");
            return new SigningKeys(new Ed25519PrivateKeyParameters(seed, 0));
        }
        SigningKeys keys = generate();
        SecureFiles.writePrivate(file, (Base64.getEncoder().encodeToString(keys.privateKey.getEncoded()) + "\n").getBytes());
        return keys;
    }

    public byte[] publicKey() { return publicKey.getEncoded(); }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Verifies {@code signature} over {@code message} with a raw 32-byte Ed25519 public key. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE
                || signature == null || signature.length != 64 || message == null) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }
}
