package dev.jsalt.cloud.droplets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client of the DigitalOcean API v2 (the operations jsalt uses: droplets, sizes, images, regions, SSH keys,
 * actions), on the JDK's HttpClient.
 *
 * <ul>
 *   <li>Lists follow {@code links.pages.next} until there is none; a next link to another host is refused (the token
 *       would go with it).</li>
 *   <li>A 429 is waited out until {@code ratelimit-reset} (or {@code Retry-After}), for any call: the request was not
 *       carried out. A wait longer than {@link Retry#maxWait} is not waited: the call fails saying until when.</li>
 *   <li>A 5xx or a connection error is retried with exponential back-off and full jitter, for idempotent calls only
 *       (GET, DELETE). A create is never repeated blindly: whoever creates finds what exists by name and tag first.</li>
 *   <li>Errors are one line: the call, the status and DigitalOcean's {@code id}, {@code message} and
 *       {@code request_id}. The token is in no message and no log line.</li>
 * </ul>
 */
public final class DigitalOcean {
    private static final Logger log = LoggerFactory.getLogger(DigitalOcean.class);
    public static final URI PRODUCTION = URI.create("https://api.digitalocean.com");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How calls are retried. {@code attempts} counts the first try. */
    public record Retry(int attempts, Duration base, Duration cap, Duration maxWait) {
        public static Retry defaults() {
            return new Retry(6, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(90));
        }
    }

    /** How the client waits; tests may count the waits. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final URI base;
    private final ApiToken token;
    private final HttpClient http;
    private final Retry retry;
    private final Sleeper sleeper;
    private final int perPage;
    private final Duration timeout = Duration.ofSeconds(30);
    /** When the last answer said no requests remain: not before this (epoch ms, from ratelimit-reset). */
    private volatile long quietUntil;

    public DigitalOcean(URI base, ApiToken token) {
        this(base, token, Retry.defaults(), d -> Thread.sleep(d.toMillis()), 200);
    }

    public DigitalOcean(URI base, ApiToken token, Retry retry, Sleeper sleeper, int perPage) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        if (!"https".equals(this.base.getScheme()) && !isLoopback(this.base.getHost())) {
            throw new IllegalArgumentException("DigitalOcean API address " + base + ": only https, or http on loopback (a stand-in)");
        }
        this.token = token;
        this.retry = retry;
        this.sleeper = sleeper;
        this.perPage = perPage;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }

    public URI base() { return base; }

    // ---- droplets

    /** Every droplet carrying {@code tag} (all when null), all pages. */
    public List<Droplet> listDroplets(String tag) {
        String q = tag == null ? "" : "tag_name=" + enc(tag);
        List<Droplet> out = new ArrayList<>();
        for (JsonNode d : list("/v2/droplets", q, "droplets")) out.add(Droplet.of(d));
        return out;
    }

    /** Droplets named exactly {@code name} (DigitalOcean allows several). */
    public List<Droplet> dropletsNamed(String name) {
        List<Droplet> out = new ArrayList<>();
        for (JsonNode d : list("/v2/droplets", "name=" + enc(name), "droplets")) out.add(Droplet.of(d));
        return out;
    }

    public Optional<Droplet> getDroplet(long id) {
        try {
            return Optional.of(Droplet.of(call("GET", "/v2/droplets/" + id, "", null).path("droplet")));
        } catch (DoException e) {
            if (e.status() == 404) return Optional.empty();
            throw e;
        }
    }

    /** A droplet as DigitalOcean first reports it, and the id of its create action (0 when the answer names none). */
    public record Creation(Droplet droplet, long actionId) {
    }

    /** Creates one droplet; answers it as DigitalOcean first reports it (status {@code new}, no addresses yet). */
    public Droplet createDroplet(DropletRequest request) {
        return create(request).droplet();
    }

    /** Creates one droplet; answers it and its create action ({@code links.actions}, rel {@code create}). */
    public Creation create(DropletRequest request) {
        JsonNode r = call("POST", "/v2/droplets", "", request.toJson());
        long action = 0;
        for (JsonNode a : r.path("links").path("actions")) {
            if ("create".equals(a.path("rel").asText())) action = a.path("id").asLong();
        }
        return new Creation(Droplet.of(r.path("droplet")), action);
    }

    /** Deletes a droplet; true when it was there, false when it was already gone. */
    public boolean deleteDroplet(long id) {
        try {
            call("DELETE", "/v2/droplets/" + id, "", null);
            return true;
        } catch (DoException e) {
            if (e.status() == 404) return false;
            throw e;
        }
    }

    /**
     * Polls the droplet until it is {@code active} (with its addresses), or fails after {@code timeout}. A provisioning
     * run waits for many droplets at once, and for their create actions, with {@link BootWatch} instead.
     */
    public Droplet awaitActive(long id, Duration timeout, Duration interval) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Droplet d = getDroplet(id).orElseThrow(() -> new DoException("droplet " + id + " disappeared while booting", 404, "not_found"));
            if (d.active() && d.publicIpv4() != null) return d;
            if (System.nanoTime() > deadline) {
                throw new DoException("droplet " + d.name() + " (" + id + ") is still " + d.status() + " after " + timeout.toSeconds() + " s", 0, null);
            }
            sleeper.sleep(interval);
        }
    }

    // ---- catalog

    public List<JsonNode> sizes() { return list("/v2/sizes", "", "sizes"); }

    public List<JsonNode> regions() { return list("/v2/regions", "", "regions"); }

    /** Distribution images (public base images) unless {@code type} says otherwise ({@code application}, null = all). */
    public List<JsonNode> images(String type) { return list("/v2/images", type == null ? "" : "type=" + enc(type), "images"); }

    public List<JsonNode> sshKeys() { return list("/v2/account/keys", "", "ssh_keys"); }

    /** Adds a public key to the account; answers its {@code ssh_key} object (with id and fingerprint). */
    public JsonNode createSshKey(String name, String publicKey) {
        var body = JSON.createObjectNode().put("name", name).put("public_key", publicKey);
        return call("POST", "/v2/account/keys", "", body).path("ssh_key");
    }

    public JsonNode action(long id) { return call("GET", "/v2/actions/" + id, "", null).path("action"); }

    // ---- transport

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    /** All pages of a list; {@code key} names the array in each page. */
    List<JsonNode> list(String path, String query, String key) {
        List<JsonNode> out = new ArrayList<>();
        String q = (query.isEmpty() ? "" : query + "&") + "per_page=" + perPage;
        String nextPath = path;
        for (int page = 0; page < 10_000; page++) {
            JsonNode r = call("GET", nextPath, q, null);
            r.path(key).forEach(out::add);
            JsonNode next = r.path("links").path("pages").path("next");
            if (!next.isTextual() || next.asText().isEmpty()) return out;
            URI n = URI.create(next.asText());
            if (n.getHost() != null && !n.getHost().equalsIgnoreCase(base.getHost())) {
                throw new DoException("DigitalOcean GET " + path + ": the next page is on another host (" + n.getHost()
                        + "); not following it with the token", 0, null);
            }
            nextPath = n.getRawPath();
            q = n.getRawQuery() == null ? "" : n.getRawQuery();
        }
        throw new DoException("DigitalOcean GET " + path + ": more than 10000 pages; giving up", 0, null);
    }

    /** One call with its retries; answers the parsed body (an empty object for 204). */
    JsonNode call(String method, String path, String query, JsonNode body) {
        boolean idempotent = !method.equals("POST");
        String what = "DigitalOcean " + method + " " + path;
        URI uri = URI.create(base + path + (query.isEmpty() ? "" : "?" + query));
        byte[] bytes = body == null ? null : toBytes(body);
        for (int attempt = 1; ; attempt++) {
            long quiet = quietUntil - System.currentTimeMillis();
            if (quiet > 0 && quiet <= retry.maxWait().toMillis()) {
                // The last answer said the quota is used up: wait for its reset rather than earn a 429.
                log.info("{}: no requests remain until the rate limit resets; waiting {} ms", what, quiet);
                pause(Duration.ofMillis(quiet), what);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Authorization", token.bearer())
                    .header("Accept", "application/json")
                    .header("User-Agent", "jsalt-cloud");
            if (bytes != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> resp;
            try {
                resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + token.scrub(e.getMessage()));
                if (!idempotent || attempt >= retry.attempts()) {
                    throw new DoException(what + ": " + why + (idempotent ? " (after " + attempt + " tries)" : ""), 0, null);
                }
                log.warn("{}: {}; retrying (try {} of {})", what, why, attempt + 1, retry.attempts());
                pause(backoff(attempt), what);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DoException(what + ": interrupted", 0, null);
            }
            int status = resp.statusCode();
            noteRateLimit(resp);
            if (status >= 200 && status < 300) {
                if (resp.body().length == 0) return JSON.createObjectNode();
                try {
                    return JSON.readTree(resp.body());
                } catch (IOException e) {
                    throw new DoException(what + ": " + status + " with a body that is not JSON", status, null);
                }
            }
            DoException error = error(what, resp);
            if (attempt >= retry.attempts()) throw error;
            if (status == 429) {
                Duration wait = rateLimitWait(resp);
                if (wait.compareTo(retry.maxWait()) > 0) {
                    throw new DoException(error.getMessage() + "; the rate limit resets in " + wait.toSeconds()
                            + " s, longer than the " + retry.maxWait().toSeconds() + " s this client waits", 429, error.errorId());
                }
                log.warn("{}: rate limited (429); waiting {} ms as ratelimit-reset says (try {} of {})", what, wait.toMillis(),
                        attempt + 1, retry.attempts());
                pause(wait, what);
            } else if (status >= 500 && idempotent) {
                log.warn("{}: {}; retrying (try {} of {})", what, error.getMessage(), attempt + 1, retry.attempts());
                pause(backoff(attempt), what);
            } else {
                throw error;
            }
        }
    }

    private void noteRateLimit(HttpResponse<?> resp) {
        try {
            Optional<String> remaining = resp.headers().firstValue("ratelimit-remaining");
            Optional<String> reset = resp.headers().firstValue("ratelimit-reset");
            if (remaining.isPresent() && reset.isPresent() && Long.parseLong(remaining.get().strip()) <= 0) {
                quietUntil = Long.parseLong(reset.get().strip()) * 1000;
            }
        } catch (NumberFormatException ignored) { // a header we cannot read is no reason to fail the call
        }
    }

    /** Until {@code ratelimit-reset} (epoch seconds) plus a little jitter, or {@code Retry-After}, or the back-off. */
    private Duration rateLimitWait(HttpResponse<?> resp) {
        long jitter = ThreadLocalRandom.current().nextLong(0, Math.max(1, retry.base().toMillis() / 2));
        Optional<String> reset = resp.headers().firstValue("ratelimit-reset");
        if (reset.isPresent()) {
            try {
                long ms = Long.parseLong(reset.get().strip()) * 1000 - System.currentTimeMillis();
                return Duration.ofMillis(Math.max(0, ms) + jitter);
            } catch (NumberFormatException ignored) { // fall through
            }
        }
        Optional<String> after = resp.headers().firstValue("retry-after");
        if (after.isPresent()) {
            try {
                return Duration.ofSeconds(Long.parseLong(after.get().strip())).plusMillis(jitter);
            } catch (NumberFormatException ignored) { // fall through
            }
        }
        return backoff(1);
    }

    /** Full jitter: a random wait up to base × 2^(attempt-1), capped. */
    private Duration backoff(int attempt) {
        long max = Math.min(retry.cap().toMillis(), retry.base().toMillis() << Math.min(20, attempt - 1));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(max / 2, max + 1));
    }

    private void pause(Duration d, String what) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DoException(what + ": interrupted", 0, null);
        }
    }

    private DoException error(String what, HttpResponse<byte[]> resp) {
        int status = resp.statusCode();
        String id = null;
        String message = null;
        String requestId = null;
        try {
            JsonNode e = JSON.readTree(resp.body());
            id = e.path("id").isTextual() ? e.get("id").asText() : null;
            message = e.path("message").isTextual() ? e.get("message").asText() : null;
            requestId = e.path("request_id").isTextual() ? e.get("request_id").asText() : null;
        } catch (IOException | RuntimeException ignored) { // not JSON: say so below
        }
        StringBuilder sb = new StringBuilder(what).append(": ").append(status);
        if (id != null) sb.append(' ').append(id);
        if (message != null) sb.append(": ").append(message);
        else if (id == null) sb.append(" (no error body)");
        if (requestId != null) sb.append(" (request ").append(requestId).append(')');
        String line = token.scrub(sb.toString()).replaceAll("[\\r\\n]+", " ");
        if (line.length() > 500) line = line.substring(0, 500) + "…";
        return new DoException(line, status, id);
    }

    private static byte[] toBytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
