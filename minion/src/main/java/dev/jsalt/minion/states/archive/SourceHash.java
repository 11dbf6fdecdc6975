package dev.jsalt.minion.states.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Salt's {@code source_hash} as a value: {@code algo=hex} or a bare hex digest whose length names the algorithm
 * (md5, sha1, sha224, sha256, sha384, sha512). Salt's other forms (a URL or path of a hash file, with
 * {@code source_hash_name}) are refused.
 */
record SourceHash(String algo, String hex) {
    static final Map<Integer, String> BY_LENGTH = Map.of(32, "md5", 40, "sha1", 56, "sha224", 64, "sha256", 96, "sha384", 128, "sha512");
    static final Map<String, String> JAVA = Map.of("md5", "MD5", "sha1", "SHA-1", "sha224", "SHA-224", "sha256", "SHA-256",
            "sha384", "SHA-384", "sha512", "SHA-512");

    static SourceHash parse(String text) {
        String s = text.strip();
        String algo;
        String hex;
        int eq = s.indexOf('=');
        if (eq > 0) {
            algo = s.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            hex = s.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
        } else {
            hex = s.toLowerCase(Locale.ROOT);
            algo = BY_LENGTH.get(hex.length());
        }
        if (algo == null || !JAVA.containsKey(algo) || !hex.matches("[0-9a-f]+") || !algo.equals(BY_LENGTH.get(hex.length()))) {
            throw new IllegalArgumentException("source_hash '" + text + "' is not a hash (algo=hex or a bare md5/sha1/sha224/sha256/sha384/sha512"
                    + " digest; hash files are not supported on a jsalt minion)");
        }
        return new SourceHash(algo, hex);
    }

    /** The file's sha256, as a hash to record when no source_hash was given. */
    static SourceHash sha256(Path file) throws IOException { return new SourceHash("sha256", digest("sha256", file)); }

    /** The file's digest with this hash's algorithm. */
    String of(Path file) throws IOException { return digest(algo, file); }

    private static String digest(String algo, Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(JAVA.get(algo));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    boolean matches(Path file) throws IOException { return hex.equals(of(file)); }

    @Override
    public String toString() { return algo + "=" + hex; }
}
