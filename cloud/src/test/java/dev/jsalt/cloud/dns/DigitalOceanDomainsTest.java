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
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DigitalOcean domain-records client and stand-in: every exchange checked against DigitalOcean's published OpenAPI
 * document (a copy of ../shared/specs/digitalocean/openapi-subset.yaml), and the client's behaviour.
 */
class DigitalOceanDomainsTest {
    static final String TOKEN = "dop_v1_0123456789abcdef0123456789abcdef";
    DigitalOceanStandIn standIn;
    OpenApiContract spec;
    List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        standIn = new DigitalOceanStandIn(TOKEN);
        standIn.addDomain("example.test");
        spec = new OpenApiContract("/specs/digitalocean/openapi-subset.yaml", "");
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    DigitalOceanDomainsClient client(String token) {
        return new DigitalOceanDomainsClient(standIn.baseUri(), token, HttpClient.newHttpClient(), Duration.ofSeconds(10), 3,
                Duration.ofSeconds(20), waits::add);
    }

    List<String> problems() {
        List<String> all = new ArrayList<>();
        for (CloudflareStandIn.Exchange e : standIn.exchanges()) {
            all.addAll(spec.check(e.method(), e.path(), e.query(), e.headers(), e.requestBody(), e.status(), e.responseHeaders(), e.responseBody()));
        }
        return all;
    }

    @Test
    void everyExchangeConformsToTheDocument() throws Exception {
        DigitalOceanDomainsClient c = client(TOKEN);
        DigitalOceanDomainsClient.Record a = c.create("example.test", "A", "blog", "198.51.100.4", 300);
        c.create("example.test", "AAAA", "blog", "2001:db8::4", 300);
        c.create("example.test", "CNAME", "www", "blog.example.test", 1800);
        c.create("example.test", "TXT", "@", "v=spf1 -all", 3600);
        assertEquals(1, c.records("example.test", "www.example.test", "CNAME").size());
        assertEquals("blog.example.test", c.records("example.test", "www.example.test", "CNAME").get(0).data());
        c.patch("example.test", a.id(), "A", "blog", "198.51.100.5", 60);
        c.delete("example.test", a.id());
        assertThrows(DnsException.class, () -> c.delete("example.test", a.id()));
        assertThrows(DnsException.class, () -> c.records("nowhere.test", null, null));
        assertThrows(DnsException.class, () -> c.create("example.test", "A", "a.example.test", "192.0.2.1", 300));
        standIn.failNext(429, 1);
        assertEquals(2, c.records("example.test", null, null).size() - 1);
        standIn.failNext(500, 4); // a read is tried 1 + 3 times on a server error, as the Cloudflare client's
        assertThrows(DnsException.class, () -> c.records("example.test", null, null));
        assertThrows(DnsException.class, () -> client("dop_v1_wrong").records("example.test", null, null));
        HttpClient http = HttpClient.newHttpClient();
        long id = c.records("example.test", "www.example.test", "CNAME").get(0).id();
        raw(http, "GET", "/v2/domains/example.test", null, 200);
        raw(http, "GET", "/v2/domains/example.test/records/" + id, null, 200);
        raw(http, "PUT", "/v2/domains/example.test/records/" + id, "{\"type\":\"CNAME\",\"name\":\"www\",\"data\":\"@\",\"ttl\":120}", 200);
        raw(http, "GET", "/v2/domains/example.test/records?type=CNAME&per_page=1&page=1", null, 200);

        assertEquals("", String.join("\n", problems()));
        Set<String> seen = new HashSet<>();
        for (CloudflareStandIn.Exchange e : standIn.exchanges()) seen.add(spec.operation(e.method(), e.path()).getValue().path("operationId").asText() + " " + e.status());
        for (String op : List.of("domains_list_records 200", "domains_list_records 404", "domains_list_records 429", "domains_list_records 500",
                "domains_list_records 401", "domains_create_record 201", "domains_create_record 422", "domains_patch_record 200",
                "domains_delete_record 204", "domains_delete_record 404", "domains_get 200", "domains_get_record 200", "domains_update_record 200")) {
            assertTrue(seen.contains(op), "not exercised: " + op + " (seen " + seen + ")");
        }
    }

    @Test
    void theCheckerRejectsWhatTheDocumentDoesNotAllow() {
        String path = "/v2/domains/example.test/records";
        Map<String, String> h = Map.of("authorization", "Bearer " + TOKEN, "content-type", "application/json");
        Map<String, String> rh = Map.of("content-type", "application/json");
        assertFalse(spec.check("GET", path, null, h, null, 200, rh, "{\"domain_records\":[]}").isEmpty(), "meta is required");
        assertFalse(spec.check("GET", path, "type=BOGUS", h, null, 200, rh, "{\"domain_records\":[],\"meta\":{\"total\":0}}").isEmpty());
        assertFalse(spec.check("GET", path, null, Map.of(), null, 200, rh, "{\"domain_records\":[],\"meta\":{\"total\":0}}").isEmpty());
        assertFalse(spec.check("POST", path, null, h, "{\"type\":\"A\",\"name\":\"x\"}", 201, rh, "{\"domain_record\":{\"id\":1,\"type\":\"A\"}}").isEmpty(), "data is required for A");
        assertFalse(spec.check("DELETE", path + "/1", null, h, null, 204, rh, "{\"x\":1}").isEmpty(), "204 has no body");
        assertFalse(spec.check("GET", path, null, h, null, 404, rh, "{\"message\":\"x\"}").isEmpty(), "an error needs its id");
        assertEquals(List.of(), spec.check("GET", path, null, h, null, 200, rh, "{\"domain_records\":[],\"links\":{},\"meta\":{\"total\":0}}"));
    }

    @Test
    void pagesRateLimitsErrorsAndRrsets() {
        DigitalOceanDomainsClient c = client(TOKEN);
        for (int i = 0; i < 450; i++) c.create("example.test", "TXT", "many", "value " + i, 300);
        standIn.clearExchanges();
        assertEquals(450, c.records("example.test", "many.example.test", "TXT").size());
        assertEquals(3, standIn.exchanges().size());
        standIn.failNext(429, 2);
        c.records("example.test", "x.example.test", "A");
        assertEquals(List.of(Duration.ZERO, Duration.ZERO), waits);
        standIn.failNext(429, 4);
        assertEquals("DigitalOcean API: HTTP 429 on GET /v2/domains/example.test/records: [too_many_requests] API rate limit exceeded. (rate limited; gave up after 4 attempts)",
                assertThrows(DnsException.class, () -> c.records("example.test", null, null)).getMessage());
        DnsException auth = assertThrows(DnsException.class, () -> client("dop_v1_wrong").records("example.test", null, null));
        assertEquals("DigitalOcean API: HTTP 401 on GET /v2/domains/example.test/records: [unauthorized] Unable to authenticate you.", auth.getMessage());
        assertFalse(auth.getMessage().contains("dop_v1_wrong"));

        DigitalOceanDns dns = new DigitalOceanDns(c);
        dns.put("example.test", new RecordSet("blog.example.test", "A", List.of("192.0.2.1", "192.0.2.2"), 300, null));
        assertEquals(Optional.of(new RecordSet("blog.example.test", "A", List.of("192.0.2.1", "192.0.2.2"), 300, null)), dns.get("example.test", "blog.example.test", "A"));
        standIn.clearExchanges();
        dns.put("example.test", new RecordSet("blog.example.test", "A", List.of("198.51.100.9"), 60, null));
        assertEquals(List.of("GET", "PATCH", "DELETE"), standIn.exchanges().stream().map(CloudflareStandIn.Exchange::method).toList());
        dns.put("example.test", new RecordSet("example.test", "TXT", List.of("hello"), 300, null));
        assertEquals("@", standIn.records("example.test").stream().filter(r -> r.path("type").asText().equals("TXT") && r.path("data").asText().equals("hello")).findFirst().orElseThrow().path("name").asText());
        dns.delete("example.test", "blog.example.test", "A");
        assertEquals(Optional.empty(), dns.get("example.test", "blog.example.test", "A"));
        assertEquals("name blog.other.test is not in zone example.test",
                assertThrows(IllegalArgumentException.class, () -> dns.get("example.test", "blog.other.test", "A")).getMessage());
    }

    void raw(HttpClient http, String method, String path, String body, int want) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(standIn.baseUri() + path)).header("Authorization", "Bearer " + TOKEN);
        if (body != null) b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> rsp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(want, rsp.statusCode(), rsp.body());
    }
}
