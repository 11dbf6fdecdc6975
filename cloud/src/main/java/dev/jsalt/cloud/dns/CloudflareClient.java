package dev.jsalt.cloud.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cloudflare API v4, the operations jsalt uses: list zones by name, list a zone's DNS records (every page), create,
 * patch and delete a record. Requests and responses follow Cloudflare's published OpenAPI document
 * ({@code ../shared/specs/cloudflare/openapi-subset.yaml}; {@code CloudflareSpecConformanceTest} checks both sides).
 *
 * <p>Errors: a non-2xx answer or {@code success: false} becomes one {@link CloudflareException} line with the HTTP
 * status, the method and path, and the API's {@code errors} ({@code [code] message}). HTTP 429 is retried at most
 * {@code maxRetries} times, each time after the {@code Retry-After} the API sent (seconds or an HTTP date; capped by
 * {@code maxWait}; 1 s, doubling, if it sent none). A read ({@code GET}) that gets a server error (5xx) or no answer is
 * retried the same way, with jitter; a change is not, since it may have been carried out (the state's next run
 * finishes it). The credentials never appear in a message or a log line.
 */
public final class CloudflareClient {
    /** Cloudflare's own endpoint (the document's {@code servers}). */
    public static final URI DEFAULT_BASE = URI.create("https://api.cloudflare.com/client/v4");
    static final ObjectMapper JSON = new ObjectMapper();

    /** A zone: its id and name. */
    public record Zone(String id, String name) {
    }

    /** One DNS record as the API reports it. */
    public record Record(String id, String type, String name, String content, int ttl, boolean proxied) {
    }

    /** Waits between retries; tests pass one that records the waits. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final ApiCall api;

    public CloudflareClient(URI base, CloudflareCredentials credentials) {
        this(base, credentials, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                Duration.ofSeconds(30), 3, Duration.ofSeconds(60), d -> Thread.sleep(d.toMillis()));
    }

    public CloudflareClient(URI base, CloudflareCredentials credentials, HttpClient http, Duration timeout,
                            int maxRetries, Duration maxWait, Sleeper sleeper) {
        this.api = new ApiCall(ApiCall.base(base), http, timeout, maxRetries, maxWait, sleeper, credentials::apply, ApiCall::retryAfter,
                (message, cause) -> new CloudflareException(message, cause));
    }

    /** The zone named {@code name} (exact, case-insensitive), if this account has it. */
    public Optional<Zone> zoneByName(String name) {
        JsonNode body = send("GET", "/zones", "name=" + enc(name) + "&per_page=50", null);
        for (JsonNode z : body.path("result")) {
            if (z.path("name").asText().equalsIgnoreCase(name)) return Optional.of(new Zone(z.path("id").asText(), z.path("name").asText()));
        }
        return Optional.empty();
    }

    /** Every record of {@code zoneId} named {@code name} (FQDN) of {@code type} (null: any type), all pages. */
    public List<Record> records(String zoneId, String name, String type) {
        List<Record> out = new ArrayList<>();
        int perPage = 100;
        for (int page = 1; page <= 10_000; page++) {
            StringBuilder q = new StringBuilder();
            if (name != null) q.append("name=").append(enc(name)).append('&');
            if (type != null) q.append("type=").append(enc(type)).append('&');
            q.append("page=").append(page).append("&per_page=").append(perPage);
            JsonNode body = send("GET", "/zones/" + seg(zoneId) + "/dns_records", q.toString(), null);
            JsonNode result = body.path("result");
            for (JsonNode r : result) out.add(record(r));
            // result_info in this version of the API: page, per_page, count (on this page), total_count.
            int total = body.path("result_info").path("total_count").asInt(-1);
            if (result.size() < perPage || total >= 0 && (long) page * perPage >= total) break;
        }
        return out;
    }

    /** Creates a record; {@code proxied} null leaves the API's default. */
    public Record create(String zoneId, String type, String name, String content, int ttl, Boolean proxied) {
        return record(send("POST", "/zones/" + seg(zoneId) + "/dns_records", null, body(type, name, content, ttl, proxied)).path("result"));
    }

    /**
     * Changes a record. The body carries type, name and content as well as what changes: the document describes the
     * PATCH body with the same record schema as a create (type, name and content required).
     */
    public Record patch(String zoneId, String recordId, String type, String name, String content, int ttl, Boolean proxied) {
        return record(send("PATCH", "/zones/" + seg(zoneId) + "/dns_records/" + seg(recordId), null,
                body(type, name, content, ttl, proxied)).path("result"));
    }

    /** Deletes a record (the document requires a JSON request body: an empty object is sent). */
    public void delete(String zoneId, String recordId) {
        send("DELETE", "/zones/" + seg(zoneId) + "/dns_records/" + seg(recordId), null, JSON.createObjectNode());
    }

    /**
     * Refuses, before anything is sent, a record the API document does not allow: a TTL other than 1 (automatic) or
     * 30..86400, an A record that is not an IPv4 address, an AAAA record that is not an IPv6 address, an empty name or
     * content.
     */
    static void check(String type, String name, String content, int ttl) {
        if (ttl != 1 && (ttl < 30 || ttl > 86400)) throw new DnsException("ttl must be 1 (automatic) or 30..86400 seconds for Cloudflare, got " + ttl);
        if (name == null || name.isBlank() || name.length() > 255) throw new DnsException("name must be 1 to 255 characters");
        if (content == null || content.isEmpty()) throw new DnsException("the record's value is empty");
        if (type.equals("A") && !Addresses.isV4(content)) throw new DnsException("an A record's value must be an IPv4 address, got '" + content + "'");
        if (type.equals("AAAA") && !Addresses.isV6(content)) throw new DnsException("an AAAA record's value must be an IPv6 address, got '" + content + "'");
    }

    private static ObjectNode body(String type, String name, String content, int ttl, Boolean proxied) {
        check(type, name, content, ttl);
        ObjectNode b = JSON.createObjectNode();
        b.put("type", type);
        b.put("name", name);
        b.put("content", content);
        b.put("ttl", ttl);
        if (proxied != null) b.put("proxied", proxied);
        return b;
    }

    private static Record record(JsonNode r) {
        return new Record(r.path("id").asText(), r.path("type").asText(), RecordSet.fqdn(r.path("name").asText()),
                r.path("content").asText(), r.path("ttl").asInt(1), r.path("proxied").asBoolean(false));
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static String seg(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}")) throw new CloudflareException("not an identifier: '" + id + "'");
        return id;
    }

    /** Sends one request ({@link ApiCall}'s retries) and returns the envelope of a successful answer. */
    JsonNode send(String method, String path, String query, JsonNode body) {
        ApiCall.Answer a = api.send(method, path, query, body == null ? null : body.toString());
        JsonNode envelope = parse(a.body());
        if (a.status() / 100 == 2 && envelope != null && envelope.path("success").asBoolean(false)) return envelope;
        throw new CloudflareException(a.status(), method + " " + path, errors(envelope, a.body()) + a.gaveUp(method));
    }

    private static JsonNode parse(String s) {
        try {
            return s == null || s.isBlank() ? null : JSON.readTree(s);
        } catch (IOException e) {
            return null;
        }
    }

    /** The envelope's errors as {@code [code] message; ...}, or what the body starts with if it is no envelope. */
    static String errors(JsonNode envelope, String raw) {
        if (envelope == null || !envelope.has("errors")) {
            String s = raw == null ? "" : raw.strip();
            return s.isEmpty() ? "no error message" : "not an API answer: " + (s.length() > 120 ? s.substring(0, 120) + "…" : s);
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode e : envelope.path("errors")) {
            String m = "[" + e.path("code").asText("?") + "] " + e.path("message").asText("");
            for (JsonNode c : e.path("error_chain")) m += " (" + c.path("code").asText("?") + " " + c.path("message").asText("") + ")";
            parts.add(m);
        }
        return parts.isEmpty() ? "no error message" : String.join("; ", parts);
    }
}
