package dev.jsalt.cloud.dns;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 2136 updates with TSIG against a real BIND 9 on loopback; reads and verification ask it directly. */
class DnsRfc2136BindTest {
    static LocalBind bind;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(LocalBind.named() != null, LocalBind.MISSING);
        bind = LocalBind.start("example.test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (bind != null) bind.close();
    }

    Rfc2136Dns dns(String secret) {
        return new Rfc2136Dns(bind.address(), Rfc2136Dns.key(LocalBind.KEY_NAME, "hmac-sha256", secret), Duration.ofSeconds(5));
    }

    @Test
    void createChangeAndDeleteAreSeenByTheServer() {
        Rfc2136Dns dns = dns(bind.secret);
        assertEquals(Optional.of(new RecordSet("old.example.test", "A", List.of("192.0.2.10"), 300, null)),
                dns.get("example.test", "old.example.test", "A"));
        assertEquals(Optional.empty(), dns.get("example.test", "blog.example.test", "A"));
        dns.put("example.test", new RecordSet("blog.example.test", "A", List.of("192.0.2.1", "192.0.2.2"), 120, null));
        assertEquals(Optional.of(new RecordSet("blog.example.test", "A", List.of("192.0.2.1", "192.0.2.2"), 120, null)),
                dns.get("example.test", "blog.example.test", "A"));
        dns.put("example.test", new RecordSet("blog.example.test", "A", List.of("198.51.100.7"), 60, null));
        assertEquals(Optional.of(new RecordSet("blog.example.test", "A", List.of("198.51.100.7"), 60, null)),
                dns.get("example.test", "blog.example.test", "A"));
        dns.put("example.test", new RecordSet("v6.example.test", "AAAA", List.of("2001:DB8:0:0::7"), 60, null));
        assertEquals(List.of("2001:db8::7"), dns.get("example.test", "v6.example.test", "AAAA").orElseThrow().values());
        dns.put("example.test", new RecordSet("www.example.test", "CNAME", List.of("blog.example.test."), 60, null));
        assertEquals(List.of("blog.example.test"), dns.get("example.test", "www.example.test", "CNAME").orElseThrow().values());
        String longText = "v=spf1 " + "include:a.example.test ".repeat(15) + "-all";
        dns.put("example.test", new RecordSet("example.test", "TXT", List.of(longText, "second"), 300, null));
        assertEquals(List.of("second", longText), dns.get("example.test", "example.test", "TXT").orElseThrow().values());
        dns.delete("example.test", "blog.example.test", "A");
        assertEquals(Optional.empty(), dns.get("example.test", "blog.example.test", "A"));
        dns.delete("example.test", "blog.example.test", "A"); // nothing to delete is not an error
    }

    @Test
    void aWrongKeyIsRefusedAndChangesNothing() {
        byte[] other = new byte[32];
        other[0] = 1;
        Rfc2136Dns wrong = dns(Base64.getEncoder().encodeToString(other));
        DnsException e = assertThrows(DnsException.class, () ->
                wrong.put("example.test", new RecordSet("old.example.test", "A", List.of("203.0.113.66"), 60, null)));
        assertTrue(e.getMessage().startsWith("rfc2136: 127.0.0.1:" + bind.port + " answered NOTAUTH to replace old.example.test A"), e.getMessage());
        assertTrue(!e.getMessage().contains(bind.secret) && !e.getMessage().contains("\n"));
        assertEquals(List.of("192.0.2.10"), dns(bind.secret).get("example.test", "old.example.test", "A").orElseThrow().values());
        Rfc2136Dns unsigned = new Rfc2136Dns(bind.address(), null, Duration.ofSeconds(5));
        DnsException u = assertThrows(DnsException.class, () -> unsigned.delete("example.test", "old.example.test", "A"));
        assertTrue(u.getMessage().contains("answered REFUSED"), u.getMessage());
    }

    @Test
    void badInputNamesTheArgument() {
        Rfc2136Dns dns = dns(bind.secret);
        assertEquals("name blog.other.test is not in zone example.test", assertThrows(IllegalArgumentException.class,
                () -> dns.put("example.test", new RecordSet("blog.other.test", "A", List.of("192.0.2.1"), 60, null))).getMessage());
        assertEquals("an A record's value must be an IPv4 address, got '2001:db8::1'", assertThrows(IllegalArgumentException.class,
                () -> dns.put("example.test", new RecordSet("a.example.test", "A", List.of("2001:db8::1"), 60, null))).getMessage());
        assertEquals("proxied is a Cloudflare setting; rfc2136 has none", assertThrows(IllegalArgumentException.class,
                () -> dns.put("example.test", new RecordSet("a.example.test", "A", List.of("192.0.2.1"), 60, true))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rfc2136Dns.key("k", "hmac-sha3", bind.secret)).getMessage().startsWith("tsig_algorithm must be one of"));
        assertEquals("tsig_secret is not base64 (as in BIND's key statement)",
                assertThrows(IllegalArgumentException.class, () -> Rfc2136Dns.key("k", "hmac-sha256", "not base64!")).getMessage());
    }

    @Test
    void verificationWaitsForTheNewValueAndFailsClearly() {
        Rfc2136Dns dns = dns(bind.secret);
        DnsVerifier v = new DnsVerifier(Duration.ofSeconds(2));
        dns.put("example.test", new RecordSet("core.example.test", "A", List.of("192.0.2.50"), 60, null));
        List<DnsVerifier.Answer> ok = v.await(List.of(bind.address()), "example.test", "core.example.test", "A",
                List.of("192.0.2.50"), Duration.ofSeconds(5), Duration.ofMillis(100));
        assertEquals(1, ok.size());
        assertTrue(ok.get(0).serial() > 1, "each update raises the SOA serial: " + ok);
        DnsException e = assertThrows(DnsException.class, () -> v.await(List.of(bind.address()), "example.test",
                "core.example.test", "A", List.of("192.0.2.51"), Duration.ofMillis(300), Duration.ofMillis(100)));
        assertEquals("not every authoritative server answers core.example.test A [192.0.2.51] after 0 s: 127.0.0.1:" + bind.port
                + " answers [192.0.2.50] (serial " + ok.get(0).serial() + ")", e.getMessage());
    }

    @Test
    void aStandInSeededByZoneTransferFrontsTheRealServer() throws Exception {
        Rfc2136Dns dns = dns(bind.secret);
        dns.put("example.test", new RecordSet("front.example.test", "A", List.of("192.0.2.60", "192.0.2.61"), 120, null));
        List<RecordSet> zone = dns.transfer("example.test");
        assertTrue(zone.contains(new RecordSet("old.example.test", "A", List.of("192.0.2.10"), 300, null)), zone.toString());
        assertTrue(zone.contains(new RecordSet("front.example.test", "A", List.of("192.0.2.60", "192.0.2.61"), 120, null)), zone.toString());
        assertTrue(zone.stream().noneMatch(r -> r.type().equals("SOA") || r.type().equals("NS")), "only the types a stand-in holds: " + zone);

        try (CloudflareStandIn standIn = new CloudflareStandIn("cf-token-for-the-transfer-test", null, null)) {
            String zoneId = standIn.addZone("example.test");
            for (RecordSet r : zone) standIn.seed(zoneId, r);
            standIn.onChange(standIn.applyingTo(dns));
            CloudflareDns cf = new CloudflareDns(new CloudflareClient(standIn.baseUri(), CloudflareCredentials.token("cf-token-for-the-transfer-test"),
                    java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(10), 3, Duration.ofSeconds(20), w -> { }));
            assertEquals(List.of("192.0.2.60", "192.0.2.61"), cf.get("example.test", "front.example.test", "A").orElseThrow().values(),
                    "the stand-in holds what the server held");
            cf.put("example.test", new RecordSet("front.example.test", "A", List.of("198.51.100.60"), 60, null));
            assertEquals(Optional.of(new RecordSet("front.example.test", "A", List.of("198.51.100.60"), 60, null)),
                    dns.get("example.test", "front.example.test", "A"), "a change through the stand-in is answered by the real server");
        }

        byte[] other = new byte[32];
        other[0] = 2;
        DnsException e = assertThrows(DnsException.class, () -> dns(Base64.getEncoder().encodeToString(other)).transfer("example.test"));
        assertTrue(e.getMessage().startsWith("rfc2136: zone transfer of example.test from 127.0.0.1:" + bind.port + " failed: "), e.getMessage());
    }
}
