package dev.jsalt.minion.states.pkgrepo;

import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.states.sys.Fetch;
import dev.jsalt.minion.states.sys.SystemRoot;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The repository key of a {@code pkgrepo.managed} state ({@code key_url} or {@code key_text}) and the keyring file it
 * goes to: the entry's {@code signed-by} file if it names one; otherwise, with {@code aptkey: true} (Salt's default,
 * where Salt runs the deprecated apt-key, which trusts the key for every source) a file of its own in
 * {@code /etc/apt/trusted.gpg.d}, which is what apt-key add amounts to; with {@code aptkey: false} a signed-by file is
 * required, as Salt 3005+ requires one.
 */
record KeySpec(Fetch url, String text, String path) {

    static KeySpec of(Args a, SourceLine line, String file) {
        boolean hasUrl = a.has("key_url");
        boolean hasText = a.has("key_text");
        if (!hasUrl && !hasText) return null;
        if (hasUrl && hasText) throw new IllegalArgumentException("Use either key_url or key_text, not both");
        String signedBy = line.options().get("signed-by");
        String path;
        if (signedBy != null && signedBy.startsWith("/")) {
            path = Path.of(signedBy).normalize().toString();
        } else if (signedBy != null) {
            throw a.bad("name", "has signed-by=" + signedBy + ", which is not a keyring path: the key cannot be written there");
        } else if (a.bool("aptkey", true)) {
            path = "/etc/apt/trusted.gpg.d/" + stem(line, file) + ".gpg";
        } else {
            throw a.bad("aptkey", "false needs signedby (or signed-by= in the name) to say where the key goes");
        }
        return new KeySpec(hasUrl ? Fetch.of("key_url", a.required("key_url")) : null, hasText ? a.required("key_text") : null, path);
    }

    /** A name for the keyring file: the .list file's, else the repository's host. */
    static String stem(SourceLine line, String file) {
        if (file != null) return Path.of(file).getFileName().toString().replaceFirst("\\.list$", "");
        String host;
        try {
            host = URI.create(line.uri()).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        return (host == null ? line.uri() : host).replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    }

    /** Fetches the key (a read: nothing is written) and compares it with the keyring file. */
    KeyPlan observe(SystemRoot root) throws IOException {
        byte[] key = url != null ? url.bytes() : text.getBytes(StandardCharsets.UTF_8);
        byte[] want = Keyring.forFile(path, key);
        return new KeyPlan(path, want, java.util.Arrays.equals(want, readOrNull(root.path(path))));
    }

    private static byte[] readOrNull(Path p) throws IOException {
        return java.nio.file.Files.isRegularFile(p) ? java.nio.file.Files.readAllBytes(p) : null;
    }
}
