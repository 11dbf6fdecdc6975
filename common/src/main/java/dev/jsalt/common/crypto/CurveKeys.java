package dev.jsalt.common.crypto;

import org.zeromq.ZMQ;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Curve25519 key pair in Z85 form: the CurveZMQ transport identity of a master or minion. The same key
 * pair receives sealed secrets ({@link Sealer}), so a minion holds exactly one private key.
 */
public record CurveKeys(String publicZ85, String secretZ85) {

    public CurveKeys {
        if (publicZ85 == null || publicZ85.length() != 40) throw new IllegalArgumentException("bad Curve public key");
        if (secretZ85 != null && secretZ85.length() != 40) throw new IllegalArgumentException("bad Curve secret key");
    }

    public static CurveKeys generate() {
        ZMQ.Curve.KeyPair kp = ZMQ.Curve.generateKeyPair();
        return new CurveKeys(kp.publicKey, kp.secretKey);
    }

    public byte[] publicKey() { return ZMQ.Curve.z85Decode(publicZ85); }

    public byte[] secretKey() { return ZMQ.Curve.z85Decode(secretZ85); }

    /** Loads the pair from {@code file}, creating it (mode 0600) on first use. */
    public static CurveKeys loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            if (lines.size() < 2) throw new IOException(file + ": corrupt key file (expected public and secret key lines)");
            return new CurveKeys(lines.get(0).strip(), lines.get(1).strip());
        }
        CurveKeys keys = generate();
        SecureFiles.writePrivate(file, (keys.publicZ85 + "\n" + keys.secretZ85 + "\n").getBytes(StandardCharsets.US_ASCII));
        return keys;
    }

    /** Accepts a Z85 public key from outside (config, wire) or throws. */
    public static String checkPublic(String z85) {
        if (z85 == null || z85.length() != 40) throw new IllegalArgumentException("Curve public key must be 40 Z85 characters");
        ZMQ.Curve.z85Decode(z85);
        return z85;
    }
}
