package dev.jsalt.cloud.dns;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's behaviour against the stand-in: pagination, rate limits, the error envelope, RRset changes. */
class CloudflareClientTest {
    static final String TOKEN = "secret-token-value-123456";
    CloudflareStandIn standIn;
    String zoneId;
    List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        standIn = new CloudflareStandIn(TOKEN, null, null);
        zoneId = standIn.addZone("example.test");
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    CloudflareClient client(String token) {
        return new CloudflareClient(standIn.baseUri(), CloudflareCredentials.token(token), HttpClient.newHttpClient(),
                Duration.ofSeconds(10), 3, Duration.ofSeconds(20), waits::add);
    }

    @Test
    void listsEveryPage() {
        CloudflareClient c = client(TOKEN);
        for (int i = 0; i < 230; i++) c.create(zoneId, "TXT", "many.example.test", "value " + i, 300, null);
        standIn.clearExchanges();
        List<CloudflareClient.Record> all = c.records(zoneId, "many.example.test", "TXT");
        assertEquals(230, all.size());
        assertEquals(230, all.stream().map(CloudflareClient.Record::content).distinct().count());
        assertEquals(3, standIn.exchanges().size(), "three pages of 100");
    }

    @Test
    void aRateLimitIsRetriedAfterWhatRetryAfterSays() {
        CloudflareClient c = client(TOKEN);
        standIn.failNext(429, 2, "7");
        assertTrue(c.zoneByName("example.test").isPresent());
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), waits);
        // without Retry-After: 1 s, then doubling; a long Retry-After is capped
        waits.clear();
        standIn.failNext(429, 1, null);
        standIn.failNext(429, 1, null);
        standIn.failNext(429, 1, "3600");
        assertTrue(c.zoneByName("example.test").isPresent());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(20)), waits);
    }

    @Test
    void aRateLimitThatLastsGivesUpWithOneLine() {
        CloudflareClient c = client(TOKEN);
        standIn.failNext(429, 4, "1");
        CloudflareException e = assertThrows(CloudflareException.class, () -> c.zoneByName("example.test"));
        assertEquals("Cloudflare API: HTTP 429 on GET /zones: [1015] You are being rate limited (rate limited; gave up after 4 attempts)", e.getMessage());
        assertEquals(3, waits.size());
        assertEquals(429, e.status());
    }

    @Test
    void errorsAreTheApisOwnInOneLineAndNeverCarryTheToken() {
        CloudflareException e = assertThrows(CloudflareException.class, () -> client("wrong-" + TOKEN).zoneByName("example.test"));
        assertEquals("Cloudflare API: HTTP 403 on GET /zones: [10000] Authentication error", e.getMessage());
        for (int status : new int[] {401, 403, 500, 503}) {
            standIn.failNext(status, status >= 500 ? 4 : 1, null); // a read is tried 1 + 3 times on a server error
            CloudflareException x = assertThrows(CloudflareException.class, () -> client(TOKEN).records(zoneId, null, null));
            assertTrue(x.getMessage().startsWith("Cloudflare API: HTTP " + status + " on GET /zones/" + zoneId + "/dns_records: ["), x.getMessage());
            assertFalse(x.getMessage().contains(TOKEN) || x.getMessage().contains("\n"), x.getMessage());
        }
        assertFalse(CloudflareCredentials.token(TOKEN).toString().contains(TOKEN));
        CloudflareException gone = assertThrows(CloudflareException.class, () -> client(TOKEN).delete(zoneId, "0123456789abcdef0123456789abcdef"));
        assertEquals("Cloudflare API: HTTP 404 on DELETE /zones/" + zoneId + "/dns_records/0123456789abcdef0123456789abcdef: [81044] Record does not exist.", gone.getMessage());
    }

    @Test
    void aReadIsRetriedOnAServerErrorButAChangeIsNot() {
        CloudflareClient c = client(TOKEN);
        standIn.failNext(502, 2, null);
        assertEquals(0, c.records(zoneId, null, null).size(), "two 502s, then the answer");
        assertEquals(2, waits.size(), "waited before each retry: " + waits);
        assertTrue(waits.get(0).toMillis() >= 1000 && waits.get(0).toMillis() <= 1500, "1 s plus jitter: " + waits);
        assertTrue(waits.get(1).toMillis() >= 2000 && waits.get(1).toMillis() <= 3000, "doubled, plus jitter: " + waits);
        waits.clear();
        standIn.failNext(500, 1, null);
        CloudflareException e = assertThrows(CloudflareException.class, () -> c.create(zoneId, "A", "x.example.test", "192.0.2.1", 300, null));
        assertTrue(e.getMessage().startsWith("Cloudflare API: HTTP 500 on POST /zones/" + zoneId + "/dns_records"), e.getMessage());
        assertEquals(List.of(), waits, "a change that may have been carried out is not sent again");
        assertEquals(0, standIn.records(zoneId).size());
    }

    @Test
    void anUnreachableApiIsOneLineToo() {
        CloudflareClient c = client(TOKEN);
        standIn.close();
        CloudflareException e = assertThrows(CloudflareException.class, () -> c.zoneByName("example.test"));
        assertTrue(e.getMessage().startsWith("Cloudflare API: cannot reach 127.0.0.1:"), e.getMessage());
    }

    @Test
    void anRrsetMovesByPatchingInPlaceSoTheNameAlwaysAnswers() {
        CloudflareDns dns = new CloudflareDns(client(TOKEN));
        assertEquals(Optional.empty(), dns.get("example.test", "blog.example.test", "A"));
        dns.put("example.test", new RecordSet("blog.example.test", "A", List.of("192.0.2.1", "192.0.2.2"), 300, false));
        assertEquals(new RecordSet("blog.example.test", "A", List.of("192.0.2.1", "192.0.2.2"), 300, false),
                dns.get("example.test", "blog.example.test", "A").orElseThrow());
        standIn.clearExchanges();
        dns.put("example.test", new RecordSet("blog.example.test", "A", List.of("198.51.100.9"), 60, null));
        List<String> calls = standIn.exchanges().stream().map(CloudflareStandIn.Exchange::method).toList();
        assertEquals(List.of("GET", "PATCH", "DELETE"), calls, "one record is changed in place, the other removed after");
        assertEquals(new RecordSet("blog.example.test", "A", List.of("198.51.100.9"), 60, false),
                dns.get("example.test", "blog.example.test", "A").orElseThrow());
        dns.delete("example.test", "blog.example.test", "A");
        assertEquals(Optional.empty(), dns.get("example.test", "blog.example.test", "A"));
        assertEquals("Cloudflare API: no zone named nowhere.test in this account",
                assertThrows(DnsException.class, () -> dns.get("nowhere.test", "a.nowhere.test", "A")).getMessage());
    }
}
