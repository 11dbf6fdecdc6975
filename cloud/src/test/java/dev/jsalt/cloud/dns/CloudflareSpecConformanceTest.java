package dev.jsalt.cloud.dns;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request the Cloudflare client sends and every answer the stand-in gives, checked against Cloudflare's
 * published OpenAPI document (a copy of ../shared/specs/cloudflare/openapi-subset.yaml): both must conform to the
 * document, not merely to each other.
 */
class CloudflareSpecConformanceTest {
    static final String EMAIL = "ops@example.test";
    static final String KEY = "0123456789abcdef0123456789abcdef01234";
    static final String TOKEN = "cf-token-0123456789-ABCDEFGHIJ";

    CloudflareStandIn standIn;
    OpenApiContract spec;
    String zoneId;

    @BeforeEach
    void start() throws Exception {
        standIn = new CloudflareStandIn(TOKEN, EMAIL, KEY);
        zoneId = standIn.addZone("example.test");
        standIn.addZone("other.test");
        // The 2024 document describes create/patch/put bodies with the record schema of its answers, whose `required`
        // includes `id`, the identifier the server assigns (readOnly ones are dropped by OpenAPI's own rule, see
        // OpenApiContract). No client can send an id it has not been given: that one rule is not applied to requests.
        spec = new OpenApiContract("/specs/cloudflare/openapi-subset.yaml", "/client/v4")
                .allowing("request body:  required property 'id' not found", "dns-records_dns-record/required");
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    CloudflareClient client(CloudflareCredentials c) {
        return new CloudflareClient(standIn.baseUri(), c, HttpClient.newHttpClient(), Duration.ofSeconds(10), 3,
                Duration.ofSeconds(5), d -> { });
    }

    List<String> problems() {
        List<String> all = new ArrayList<>();
        for (CloudflareStandIn.Exchange e : standIn.exchanges()) {
            all.addAll(spec.check(e.method(), e.path(), e.query(), e.headers(), e.requestBody(), e.status(), e.responseHeaders(), e.responseBody()));
        }
        return all;
    }

    Set<String> operationsSeen() {
        Set<String> ops = new HashSet<>();
        for (CloudflareStandIn.Exchange e : standIn.exchanges()) {
            ops.add(spec.operation(e.method(), e.path()).getValue().path("operationId").asText() + " " + e.status() / 100 + "xx");
        }
        return ops;
    }

    @Test
    void everyExchangeOfTheClientAndTheStandInConformsToTheDocument() throws Exception {
        CloudflareClient c = client(CloudflareCredentials.globalKey(EMAIL, KEY));
        assertEquals(zoneId, c.zoneByName("example.test").orElseThrow().id());
        assertTrue(c.zoneByName("missing.test").isEmpty());
        CloudflareClient.Record a = c.create(zoneId, "A", "blog.example.test", "198.51.100.4", 300, false);
        c.create(zoneId, "AAAA", "blog.example.test", "2001:db8::4", 300, null);
        c.create(zoneId, "CNAME", "www.example.test", "blog.example.test", 1, true);
        c.create(zoneId, "TXT", "example.test", "v=spf1 -all", 3600, null);
        for (int i = 0; i < 7; i++) c.create(zoneId, "TXT", "many.example.test", "token " + i, 120, null);
        assertEquals(7, c.records(zoneId, "many.example.test", "TXT").size());
        c.patch(zoneId, a.id(), "A", "blog.example.test", "198.51.100.5", 60, false);
        assertEquals("198.51.100.5", c.records(zoneId, "blog.example.test", "A").get(0).content());
        c.delete(zoneId, a.id());
        // errors the API answers: each is a 4XX the document describes
        // what the document forbids is refused before anything is sent
        int before = standIn.exchanges().size();
        assertThrows(DnsException.class, () -> c.create(zoneId, "A", "bad.example.test", "300.1.1.1", 300, null));
        assertThrows(DnsException.class, () -> c.create(zoneId, "A", "ttl.example.test", "192.0.2.1", 5, null));
        assertEquals(before, standIn.exchanges().size());
        assertThrows(CloudflareException.class, () -> c.create(zoneId, "TXT", "example.test", "v=spf1 -all", 3600, null));
        assertThrows(CloudflareException.class, () -> c.create(zoneId, "A", "www.example.test", "192.0.2.1", 300, null));
        assertThrows(CloudflareException.class, () -> c.delete(zoneId, a.id()));
        assertThrows(CloudflareException.class, () -> c.records("0123456789abcdef0123456789abcdef", null, null));
        standIn.failNext(429, 1, "0");
        assertEquals(1, c.records(zoneId, "www.example.test", "CNAME").size());
        standIn.failNext(401, 1, null);
        assertThrows(CloudflareException.class, () -> c.zoneByName("example.test"));
        assertThrows(CloudflareException.class, () -> client(CloudflareCredentials.globalKey(EMAIL, "wrong-key")).zoneByName("example.test"));

        // the operations the client does not use, as any caller would send them: the stand-in's answers must conform
        HttpClient http = HttpClient.newHttpClient();
        String rid = c.records(zoneId, "www.example.test", "CNAME").get(0).id();
        raw(http, "GET", "/zones/" + zoneId, null);
        raw(http, "GET", "/zones/" + zoneId + "/dns_records/" + rid, null);
        raw(http, "PUT", "/zones/" + zoneId + "/dns_records/" + rid, "{\"type\":\"CNAME\",\"name\":\"www\",\"content\":\"example.test\",\"ttl\":120,\"proxied\":false}");
        raw(http, "GET", "/zones/" + zoneId + "/dns_records?type=TXT&order=type&direction=asc&match=all&page=2&per_page=5", null);

        assertEquals("", String.join("\n", problems()));
        Set<String> seen = operationsSeen();
        for (String op : List.of("zones-get 2xx", "zones-get 4xx", "zones-0-get 2xx",
                "dns-records-for-a-zone-list-dns-records 2xx", "dns-records-for-a-zone-list-dns-records 4xx",
                "dns-records-for-a-zone-create-dns-record 2xx", "dns-records-for-a-zone-create-dns-record 4xx",
                "dns-records-for-a-zone-dns-record-details 2xx", "dns-records-for-a-zone-patch-dns-record 2xx",
                "dns-records-for-a-zone-update-dns-record 2xx", "dns-records-for-a-zone-delete-dns-record 2xx",
                "dns-records-for-a-zone-delete-dns-record 4xx")) {
            assertTrue(seen.contains(op), "not exercised: " + op + " (seen: " + seen + ")");
        }
    }

    /**
     * The document (this 2024 version) lists only X-Auth-Email + X-Auth-Key for the DNS-record operations, while its
     * zone operations also take an API token, the credential Cloudflare recommends and jsalt's pillar holds. Sent with
     * a token, those four operations break exactly that one rule and nothing else.
     */
    @Test
    void withAnApiTokenOnlyTheDocumentsDnsRecordSecurityListDiffers() {
        CloudflareClient c = client(CloudflareCredentials.token(TOKEN));
        c.zoneByName("example.test");
        CloudflareClient.Record r = c.create(zoneId, "A", "core.example.test", "203.0.113.7", 120, null);
        c.records(zoneId, "core.example.test", "A");
        c.patch(zoneId, r.id(), "A", "core.example.test", "203.0.113.8", 120, null);
        c.delete(zoneId, r.id());
        List<String> problems = problems();
        assertEquals(4, problems.size(), String.join("\n", problems));
        for (String p : problems) assertTrue(p.contains("dns-records-for-a-zone") && p.contains("none of the credentials"), p);
    }

    @Test
    void theCheckerRejectsWhatTheDocumentDoesNotAllow() {
        String path = "/client/v4/zones/" + zoneId + "/dns_records";
        Map<String, String> h = Map.of("x-auth-email", EMAIL, "x-auth-key", KEY, "content-type", "application/json");
        Map<String, String> rh = Map.of("content-type", "application/json");
        // an answer without the envelope's required fields
        assertFalse(spec.check("GET", path, null, h, null, 200, rh, "{\"result\":[]}").isEmpty());
        // a record missing content, and a TTL out of range
        assertFalse(spec.check("POST", path, null, h, "{\"type\":\"A\",\"name\":\"x\"}", 200, rh, ok()).isEmpty());
        assertFalse(spec.check("POST", path, null, h, "{\"type\":\"A\",\"name\":\"x\",\"content\":\"192.0.2.1\",\"ttl\":5}", 200, rh, ok()).isEmpty());
        // an undeclared query parameter, a status not listed, no credentials
        assertFalse(spec.check("GET", path, "colour=red", h, null, 200, rh, ok()).isEmpty());
        assertFalse(spec.check("GET", path, null, h, null, 500, rh, ok()).isEmpty());
        assertFalse(spec.check("GET", path, null, Map.of(), null, 200, rh, ok()).isEmpty());
        // a failure envelope whose success is true
        assertFalse(spec.check("GET", path, null, h, null, 404, rh,
                "{\"success\":true,\"errors\":[{\"code\":7003,\"message\":\"x\"}],\"messages\":[],\"result\":null}").isEmpty());
        // and a conforming exchange passes
        assertEquals(List.of(), spec.check("GET", path, "page=1&per_page=5", h, null, 200, rh, ok()));
    }

    /** Why 4XX answers of DNS-record operations are checked against their failure part (see OpenApiContract). */
    @Test
    void theDocumentsDnsRecordFailureSchemaIsUnsatisfiable() {
        String example = "{\"success\":false,\"errors\":[{\"code\":7003,\"message\":\"No route for the URI\"}],\"messages\":[],\"result\":null}";
        String schema = "/paths/~1zones~1{zone_id}~1dns_records/post/responses/4XX/content/application~1json/schema";
        assertFalse(spec.validateAt(schema, example).isEmpty());
        assertTrue(spec.validateAt(schema, example.replace("false", "true")).size() > 0);
        assertEquals(List.of(), spec.validateAt(schema + "/allOf/1", example));
    }

    static String ok() {
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[],\"result_info\":{\"page\":1,\"per_page\":5,\"count\":0,\"total_count\":0}}";
    }

    void raw(HttpClient http, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(standIn.baseUri() + path))
                .header("X-Auth-Email", EMAIL).header("X-Auth-Key", KEY);
        if (body != null) b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> rsp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, rsp.statusCode(), rsp.body());
    }
}
