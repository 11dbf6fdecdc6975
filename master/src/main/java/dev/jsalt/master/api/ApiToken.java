package dev.jsalt.master.api;

import dev.jsalt.common.crypto.SecureFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The API bearer token: 32 random bytes in a 0600 file under root_dir, created on first start. */
public final class ApiToken {
    private ApiToken() {
    }

    public static String loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            // An empty token would let "Authorization: Bearer " through: refuse to start instead.
            if (token.isEmpty()) {
                throw new dev.jsalt.common.config.ConfigException(file + ": the API token is empty; delete the file and a new one is made at start");
            }
            return token;
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        SecureFiles.writePrivate(file, (token + "\n").getBytes(StandardCharsets.US_ASCII));
        return token;
    }

    /** Constant-time comparison. */
    public static boolean matches(String expected, String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }
}
