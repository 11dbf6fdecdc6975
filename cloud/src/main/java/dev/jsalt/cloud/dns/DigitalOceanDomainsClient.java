package dev.jsalt.cloud.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DigitalOcean API v2, domain records: list (every page), create, patch, delete under {@code /v2/domains/{domain}}.
 * Shaped by DigitalOcean's published OpenAPI document ({@code ../shared/specs/digitalocean/openapi-subset.yaml};
 * {@code DigitalOceanSpecConformanceTest} checks both this client and {@link DigitalOceanStandIn}). Record names are
 * relative to the domain ({@code www}, {@code @}) as the API has them; CNAME targets are sent fully qualified with
 * the trailing dot the API asks for. Errors ({@code {id, message}}) become one line; HTTP 429 is retried at most
 * {@code maxRetries} times after {@code Retry-After} or, as DigitalOcean sends it, {@code ratelimit-reset} (capped by
 * {@code maxWait}). The token never appears in a message.
 */
public final class DigitalOceanDomainsClient {
    public static final URI DEFAULT_BASE = URI.create("https://api.digitalocean.com");
    static final ObjectMapper JSON = new ObjectMapper();

    /** One record as the API reports it ({@code name} relative to the domain, {@code @} for the apex). */
    public record Record(long id, String type, String name, String data, int ttl) {
    }

    private final ApiCall api;

    public DigitalOceanDomainsClient(URI base, String token, HttpClient http, Duration timeout, int maxRetries, Duration maxWait,
                                     CloudflareClient.Sleeper sleeper) {
        if (token == null || token.isBlank() || !token.strip().matches("[\\x21-\\x7e]+")) throw new IllegalArgumentException("api_token is empty or has characters a token cannot have");
        String bearer = "Bearer " + token.strip();
        this.api = new ApiCall(ApiCall.base(base), http, timeout, maxRetries, maxWait, sleeper, b -> b.header("Authorization", bearer),
                rsp -> ApiCall.retryAfter(rsp).or(() -> reset(rsp)), (message, cause) -> new DnsException("DigitalOcean API: " + message, cause));
    }

    /** Every record of {@code domain} with the fully qualified {@code fqdn} (null: any) and {@code type} (null: any). */
    public List<Record> records(String domain, String fqdn, String type) {
        List<Record> out = new ArrayList<>();
        int perPage = 200;
        for (int page = 1; page <= 10_000; page++) {
            StringBuilder q = new StringBuilder();
            if (fqdn != null) q.append("name=").append(enc(fqdn)).append('&');
            if (type != null) q.append("type=").append(enc(type)).append('&');
            q.append("page=").append(page).append("&per_page=").append(perPage);
            JsonNode body = send("GET", "/v2/domains/" + seg(domain) + "/records", q.toString(), null);
            JsonNode rs = body.path("domain_records");
            for (JsonNode r : rs) out.add(record(r));
            long total = body.path("meta").path("total").asLong(-1);
            boolean next = body.path("links").path("pages").hasNonNull("next");
            if (rs.size() < perPage && !next || total >= 0 && (long) page * perPage >= total) break;
        }
        return out;
    }

    public Record create(String domain, String type, String name, String data, int ttl) {
        return record(send("POST", "/v2/domains/" + seg(domain) + "/records", null, body(type, name, data, ttl)).path("domain_record"));
    }

    public Record patch(String domain, long id, String type, String name, String data, int ttl) {
        return record(send("PATCH", "/v2/domains/" + seg(domain) + "/records/" + id, null, body(type, name, data, ttl)).path("domain_record"));
    }

    public void delete(String domain, long id) {
        send("DELETE", "/v2/domains/" + seg(domain) + "/records/" + id, null, null);
    }

    /** Refuses, before sending, what the API would refuse: a TTL under 30 s, an A/AAAA value that is no address. */
    static void check(String type, String data, int ttl) {
        if (ttl < 30 || ttl > 2147483647) throw new DnsException("ttl must be at least 30 seconds for DigitalOcean, got " + ttl);
        if (data == null || data.isEmpty()) throw new DnsException("the record's value is empty");
        if (type.equals("A") && !Addresses.isV4(data)) throw new DnsException("an A record's value must be an IPv4 address, got '" + data + "'");
        if (type.equals("AAAA") && !Addresses.isV6(data)) throw new DnsException("an AAAA record's value must be an IPv6 address, got '" + data + "'");
    }

    private static ObjectNode body(String type, String name, String data, int ttl) {
        check(type, data, ttl);
        ObjectNode b = JSON.createObjectNode();
        b.put("type", type);
        b.put("name", name);
        b.put("data", type.equals("CNAME") ? RecordSet.fqdn(data) + "." : data);
        b.put("ttl", ttl);
        return b;
    }

    private static Record record(JsonNode r) {
        return new Record(r.path("id").asLong(), r.path("type").asText(), r.path("name").asText(), r.path("data").asText(), r.path("ttl").asInt(1800));
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static String seg(String domain) {
        String d = RecordSet.fqdn(domain);
        if (!d.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)+")) throw new DnsException("DigitalOcean API: not a domain name: '" + domain + "'");
        return d;
    }

    JsonNode send(String method, String path, String query, JsonNode body) {
        ApiCall.Answer a = api.send(method, path, query, body == null ? null : body.toString());
        String what = method + " " + path;
        if (a.status() / 100 == 2) {
            if (a.body() == null || a.body().isBlank()) return JSON.createObjectNode();
            try {
                return JSON.readTree(a.body());
            } catch (IOException e) {
                throw new DnsException("DigitalOcean API: HTTP " + a.status() + " on " + what + ": not JSON");
            }
        }
        String msg;
        try {
            JsonNode e = JSON.readTree(a.body());
            msg = e.has("message") ? "[" + e.path("id").asText("?") + "] " + e.path("message").asText() : "no error message";
        } catch (IOException | RuntimeException e) {
            String s = a.body() == null ? "" : a.body().strip();
            msg = s.isEmpty() ? "no error message" : "not an API answer: " + (s.length() > 120 ? s.substring(0, 120) + "…" : s);
        }
        throw new DnsException("DigitalOcean API: HTTP " + a.status() + " on " + what + ": " + msg + a.gaveUp(method));
    }

    /** DigitalOcean's {@code ratelimit-reset}: the Unix time when the oldest request expires. */
    static Optional<Duration> reset(HttpResponse<?> rsp) {
        try {
            return rsp.headers().firstValue("ratelimit-reset").map(v -> {
                Duration d = Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(v.strip())));
                return d.isNegative() ? Duration.ZERO : d;
            });
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
