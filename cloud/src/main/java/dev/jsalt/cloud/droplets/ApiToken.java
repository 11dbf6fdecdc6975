package dev.jsalt.cloud.droplets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A provider's API token. It is read from a file only the owner can read (0600 or 0400) or from an environment
 * variable, and it never prints: {@link #toString()} is a placeholder, so a token cannot reach a log line, an error
 * or a job record by accident. {@link #scrub(String)} removes it from text that came back from the network.
 */
public final class ApiToken {
    private final String value;
    private final String source;

    private ApiToken(String value, String source) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(source + " is empty");
        if (value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException(source + ": the token has characters a token cannot have (spaces, control or non-ASCII)");
        }
        this.value = value;
        this.source = source;
    }

    /** For tests and for callers that already hold the token (e.g. the stand-in). */
    public static ApiToken of(String value, String source) { return new ApiToken(value.strip(), source); }

    /** The token in {@code file}, refused when the group or others may read it. */
    public static ApiToken fromFile(Path file) {
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file); // of the file itself, also behind a link
                for (PosixFilePermission bad : Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE)) {
                    if (p.contains(bad)) {
                        throw new IllegalArgumentException(file + ": the token file may be read or written by others "
                                + "(mode " + java.nio.file.attribute.PosixFilePermissions.toString(p) + "); run chmod 600 " + file);
                    }
                }
            }
            return new ApiToken(Files.readString(file, StandardCharsets.US_ASCII).strip(), "token file " + file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such token file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the token file: " + e.getClass().getSimpleName());
        }
    }

    /** The token in environment variable {@code name}. */
    public static ApiToken fromEnv(String name, java.util.Map<String, String> env) {
        String v = env.get(name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("environment variable " + name + " is not set");
        return new ApiToken(v.strip(), "environment variable " + name);
    }

    /** The header value; the only way out of this object. */
    String bearer() { return "Bearer " + value; }

    /** True when {@code presented} is this token (constant time). */
    public boolean matches(String presented) {
        return presented != null && java.security.MessageDigest.isEqual(
                value.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code text} with every occurrence of the token replaced. */
    public String scrub(String text) { return text == null ? null : text.replace(value, "<token>"); }

    /** Where the token came from, for messages. */
    public String source() { return source; }

    @Override
    public String toString() { return "<token from " + source + ">"; }
}
