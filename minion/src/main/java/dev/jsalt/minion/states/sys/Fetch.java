package dev.jsalt.minion.states.sys;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;

/**
 * Where a state's {@code source} or {@code key_url} points on the minion: an absolute local path, a {@code file://}
 * URL, or an {@code http(s)://} URL fetched by the minion itself. Anything else ({@code salt://}, {@code ftp://}) is
 * refused with a message naming it: salt:// would have to be shipped by the master, which these states do not do yet.
 */
public record Fetch(Kind kind, String source, Path local, URI url) {
    public enum Kind { LOCAL, REMOTE }

    static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** Parses {@code source}; a local path is normalised and must be absolute. */
    public static Fetch of(String argName, String source) {
        String s = source.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) return new Fetch(Kind.REMOTE, s, null, URI.create(s));
        if (lower.startsWith("file://")) {
            Path p = Path.of(URI.create(s)).normalize();
            return new Fetch(Kind.LOCAL, s, p, null);
        }
        if (s.contains("://")) {
            throw new IllegalArgumentException(argName + " '" + s + "': only absolute paths, file:// and http(s):// URLs are"
                    + " supported on a jsalt minion (a salt:// file is not shipped by the master for this state)");
        }
        Path p = Path.of(s);
        if (!p.isAbsolute()) throw new IllegalArgumentException(argName + " '" + s + "' must be an absolute path or a URL");
        return new Fetch(Kind.LOCAL, s, p.normalize(), null);
    }

    public boolean remote() { return kind == Kind.REMOTE; }

    /** The whole content (small things: keys). */
    public byte[] bytes() throws IOException {
        if (!remote()) return Files.readAllBytes(local);
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    /** Copies the content to {@code dest} (replacing it). */
    public void copyTo(Path dest) throws IOException {
        if (!remote()) {
            Files.copy(local, dest, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (InputStream in = open()) {
            Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private InputStream open() throws IOException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                throw new IOException("GET " + source + ": HTTP " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + source, e);
        }
    }
}
