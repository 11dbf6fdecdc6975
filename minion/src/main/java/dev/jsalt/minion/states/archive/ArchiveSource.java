package dev.jsalt.minion.states.archive;

import dev.jsalt.minion.states.sys.Fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The archive on the minion's disk: a local source as it is; a remote one downloaded into the minion's cache
 * ({@code STATE_DIR/archive_cache}, one file per URL) and kept there (Salt's keep_source) so that a later run with the
 * same source_hash does not download it again. A remote source needs source_hash unless skip_verify, as in Salt.
 */
final class ArchiveSource {
    private ArchiveSource() {
    }

    /** The local file of {@code fetch}, verified against {@code hash} when one is given. */
    static Path localFile(Fetch fetch, SourceHash hash, boolean skipVerify, Path stateDir) throws IOException {
        if (!fetch.remote()) {
            if (!Files.isRegularFile(fetch.local())) throw new IllegalStateException("Source file " + fetch.local() + " does not exist");
            verify(fetch, hash, fetch.local());
            return fetch.local();
        }
        if (hash == null && !skipVerify) {
            throw new IllegalArgumentException("Unable to verify upstream hash of source file " + fetch.source()
                    + ", please set source_hash or set skip_verify to True");
        }
        Path cached = cachePath(fetch, stateDir);
        if (hash != null && Files.isRegularFile(cached) && hash.matches(cached)) return cached;
        Files.createDirectories(cached.getParent());
        Path tmp = Files.createTempFile(cached.getParent(), ".download", ".part");
        try {
            fetch.copyTo(tmp);
            verify(fetch, hash, tmp);
            Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return cached;
    }

    static Path cachePath(Fetch fetch, Path stateDir) {
        String name = fetch.source().replaceFirst("[?#].*$", "");
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return stateDir.resolve("archive_cache").resolve(sha256(fetch.source()).substring(0, 16) + "-" + name);
    }

    private static void verify(Fetch fetch, SourceHash hash, Path file) throws IOException {
        if (hash == null || hash.matches(file)) return;
        throw new IllegalStateException("The " + hash.algo() + " hash of " + fetch.source() + " is " + hash.of(file)
                + ", not the source_hash " + hash.hex());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
