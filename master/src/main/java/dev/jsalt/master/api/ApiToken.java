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

    /** Shorter than this, a token could be guessed: a metrics token file must hold at least as many characters. */
    static final int MIN_METRICS_TOKEN = 16;

    /**
     * The read-only metrics token from {@code api.metrics_token_file} (the operator writes it; the master never makes
     * it). A file that cannot be read, is empty or short, or holds the API token itself is a configuration error naming
     * the setting's line.
     */
    public static String loadMetricsToken(dev.jsalt.master.config.MasterConfig.TokenFile f, String apiToken) {
        String token;
        try {
            token = Files.readString(f.path(), StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            throw new dev.jsalt.common.config.ConfigException(f.where() + "'api.metrics_token_file' " + f.path()
                    + " cannot be read: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.toString()));
        }
        if (token.length() < MIN_METRICS_TOKEN || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new dev.jsalt.common.config.ConfigException(f.where() + "'api.metrics_token_file' " + f.path()
                    + " must hold one token of at least " + MIN_METRICS_TOKEN + " printable characters (e.g. openssl rand -hex 32)");
        }
        if (token.equals(apiToken)) {
            throw new dev.jsalt.common.config.ConfigException(f.where() + "'api.metrics_token_file' " + f.path()
                    + " holds the API token itself: the metrics token must be a different, read-only one");
        }
        return token;
    }

    /** Constant-time comparison. */
    public static boolean matches(String expected, String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }
}
