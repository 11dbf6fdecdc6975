package dev.jsalt.minion.states.dns;

import dev.jsalt.cloud.dns.CloudflareStandIn;
import dev.jsalt.cloud.dns.LocalBind;
import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import dev.jsalt.minion.states.sys.FakeRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dns.record_present / record_absent against the Cloudflare stand-in and a real BIND (RFC 2136 with TSIG). */
class DnsModuleTest {
    static final String TOKEN = "state-test-token-abcdef0123";
    @TempDir
    Path dir;
    CloudflareStandIn cf;
    String zoneId;
    Apply dns;

    @BeforeEach
    void start() throws Exception {
        cf = new CloudflareStandIn(TOKEN, null, null);
        zoneId = cf.addZone("example.test");
        dns = new Apply(new DnsModule(), new FakeRunner(), dir);
    }

    @AfterEach
    void stop() {
        cf.close();
    }

    Object[] cloudflare(Object... kv) {
        Object[] base = {"zone", "example.test", "provider", "cloudflare", "api_url", cf.baseUri().toString(), "api_token", TOKEN};
        Object[] all = Arrays.copyOf(base, base.length + kv.length);
        System.arraycopy(kv, 0, all, base.length, kv.length);
        return all;
    }

    static Map<String, Object> set(List<String> values, int ttl, Boolean proxied) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("values", values);
        m.put("ttl", ttl);
        if (proxied != null) m.put("proxied", proxied);
        return m;
    }

    @Test
    void cloudflareCreateChangeIdempotenceTestModeAndDelete() throws Exception {
        StateOutcome would = dns.expect(WOULD_CHANGE, "record_present", "blog", true, cloudflare("values", "192.0.2.1", "ttl", 120));
        assertEquals("DNS record blog.example.test A would be created as [192.0.2.1]", would.comment());
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("old", null);
        changes.put("new", set(List.of("192.0.2.1"), 120, null));
        assertEquals(changes, would.changes());
        assertEquals(List.of(), cf.records(zoneId), "a test run changes nothing");

        StateOutcome made = dns.expect(CHANGED, "record_present", "blog", false, cloudflare("values", "192.0.2.1", "ttl", 120));
        assertEquals("DNS record blog.example.test A created as [192.0.2.1]", made.comment());
        assertEquals(changes, made.changes());
        assertEquals("192.0.2.1", cf.records(zoneId).get(0).path("content").asText());
        assertEquals(UNCHANGED, dns.run("record_present", "blog.example.test", false, cloudflare("values", List.of("192.0.2.1"), "ttl", 120)).outcome());

        // the cutover: old → new, shown in a test run first, then made, then nothing more
        StateOutcome move = dns.expect(WOULD_CHANGE, "record_present", "blog", true, cloudflare("values", "198.51.100.7", "ttl", 60));
        assertEquals("DNS record blog.example.test A would be changed from [192.0.2.1] (ttl 120) to [198.51.100.7] (ttl 60)", move.comment());
        assertEquals(Map.of("old", set(List.of("192.0.2.1"), 120, false), "new", set(List.of("198.51.100.7"), 60, false)), move.changes());
        assertEquals("192.0.2.1", cf.records(zoneId).get(0).path("content").asText());
        dns.expect(CHANGED, "record_present", "blog", false, cloudflare("values", "198.51.100.7", "ttl", 60));
        assertEquals("198.51.100.7", cf.records(zoneId).get(0).path("content").asText());
        dns.expect(UNCHANGED, "record_present", "blog", false, cloudflare("values", "198.51.100.7", "ttl", 60));
        // proxied is compared only when given
        dns.expect(CHANGED, "record_present", "blog", false, cloudflare("values", "198.51.100.7", "ttl", 60, "proxied", true));
        dns.expect(UNCHANGED, "record_present", "blog", false, cloudflare("values", "198.51.100.7", "ttl", 60));

        StateOutcome gone = dns.expect(WOULD_CHANGE, "record_absent", "blog", true, cloudflare());
        assertEquals("DNS record blog.example.test A [198.51.100.7] would be deleted", gone.comment());
        dns.expect(CHANGED, "record_absent", "blog", false, cloudflare());
        assertEquals(List.of(), cf.records(zoneId));
        assertEquals("DNS record blog.example.test A is already absent", dns.expect(UNCHANGED, "record_absent", "blog", false, cloudflare()).comment());
    }

    @Test
    void providerErrorsAreOneLineAndLeaveTheRecordAsItWas() throws Exception {
        dns.expect(CHANGED, "record_present", "core", false, cloudflare("values", "192.0.2.9"));
        for (int status : new int[] {401, 403, 500}) {
            cf.failNext(status, status >= 500 ? 4 : 1, null); // reads are retried on a server error
            StateOutcome f = dns.expect(FAILED, "record_present", "core", false, cloudflare("values", "192.0.2.10"));
            assertTrue(f.comment().startsWith("Cloudflare API: HTTP " + status + " on GET /zones"), f.comment());
            assertFalse(f.comment().contains(TOKEN) || f.comment().contains("\n"), f.comment());
        }
        // the change itself refused: the plan was made, the PATCH fails after 3 retries of a 429
        cf.failNext(429, 0, null);
        StateOutcome wrongToken = dns.expect(FAILED, "record_present", "core", false,
                "zone", "example.test", "provider", "cloudflare", "api_url", cf.baseUri().toString(), "api_token", "not-the-token", "values", "192.0.2.10");
        assertEquals("Cloudflare API: HTTP 403 on GET /zones: [10000] Authentication error", wrongToken.comment());
        assertEquals("Cloudflare API: no zone named nowhere.test in this account", dns.expect(FAILED, "record_present", "x.nowhere.test", false,
                "zone", "nowhere.test", "provider", "cloudflare", "api_url", cf.baseUri().toString(), "api_token", TOKEN, "values", "192.0.2.10").comment());
        assertEquals("192.0.2.9", cf.records(zoneId).get(0).path("content").asText());
    }

    @Test
    void badInputIsOneLineNamingTheArgument() {
        assertEquals("argument 'name' of dns.record_present 'blog.other.test.' is not in zone example.test",
                assertThrows(IllegalArgumentException.class, () -> dns.run("record_present", "blog.other.test.", false, cloudflare("values", "192.0.2.1"))).getMessage());
        assertEquals("argument 'type' of dns.record_present must be one of [A, AAAA, CNAME, TXT], got 'MX'",
                assertThrows(IllegalArgumentException.class, () -> dns.run("record_present", "a", false, cloudflare("type", "MX", "values", "x"))).getMessage());
        assertEquals("argument 'values' of dns.record_present '2001:db8::1' is not an IPv4 address (type A)",
                assertThrows(IllegalArgumentException.class, () -> dns.run("record_present", "a", false, cloudflare("values", "2001:db8::1"))).getMessage());
        assertEquals("argument 'ttl' of dns.record_present must be 1 (automatic) or 30..86400 seconds for Cloudflare, got 5",
                assertThrows(IllegalArgumentException.class, () -> dns.run("record_present", "a", false, cloudflare("values", "192.0.2.1", "ttl", 5))).getMessage());
        assertEquals("argument 'provider' of dns.record_present must be cloudflare, digitalocean or rfc2136, got 'route53'",
                assertThrows(IllegalArgumentException.class, () -> dns.run("record_present", "a", false, "zone", "example.test", "provider", "route53", "values", "192.0.2.1")).getMessage());
        assertEquals("argument 'api_token' of dns.record_present is required for provider cloudflare (or api_email with api_key)",
                assertThrows(IllegalArgumentException.class, () -> dns.run("record_present", "a", false, "zone", "example.test", "provider", "cloudflare", "values", "192.0.2.1")).getMessage());
        assertEquals("argument 'nameserver' of dns.record_present is for provider rfc2136, not cloudflare",
                assertThrows(IllegalArgumentException.class, () -> dns.run("record_present", "a", false, cloudflare("values", "192.0.2.1", "nameserver", "127.0.0.1"))).getMessage());
        assertEquals("argument 'values' of dns.record_present a CNAME has exactly one target, got 2",
                assertThrows(IllegalArgumentException.class, () -> dns.run("record_present", "www", false, cloudflare("type", "CNAME", "values", List.of("a.example.test", "b.example.test")))).getMessage());
        assertEquals("argument 'tsig_algorithm' of dns.record_present must be one of hmac-sha256, hmac-sha512, hmac-sha384, hmac-sha224, hmac-sha1, hmac-md5; got 'md4'",
                assertThrows(IllegalArgumentException.class, () -> dns.run("record_present", "a", false, "zone", "example.test", "provider", "rfc2136",
                        "nameserver", "127.0.0.1:5353", "tsig_key_name", "k", "tsig_secret", "AAAA", "tsig_algorithm", "md4", "values", "192.0.2.1")).getMessage());
    }

    @Test
    void rfc2136AgainstARealBindWithVerification() throws Exception {
        Assumptions.assumeTrue(LocalBind.named() != null, LocalBind.MISSING);
        try (LocalBind bind = LocalBind.start("example.test")) {
            String server = "127.0.0.1:" + bind.port;
            Object[] base = {"zone", "example.test", "provider", "rfc2136", "nameserver", server,
                    "tsig_key_name", LocalBind.KEY_NAME, "tsig_secret", bind.secret, "verify", true, "verify_servers", List.of(server), "verify_timeout", 5};
            StateOutcome w = dns.expect(WOULD_CHANGE, "record_present", "old", true, with(base, "values", "198.51.100.20", "ttl", 60));
            assertEquals(Map.of("old", set(List.of("192.0.2.10"), 300, null), "new", set(List.of("198.51.100.20"), 60, null)), w.changes());
            StateOutcome c = dns.expect(CHANGED, "record_present", "old", false, with(base, "values", "198.51.100.20", "ttl", 60));
            assertTrue(c.comment().startsWith("DNS record old.example.test A changed to [198.51.100.20]; every authoritative server answers it (1 asked, serial "), c.comment());
            dns.expect(UNCHANGED, "record_present", "old", false, with(base, "values", "198.51.100.20", "ttl", 60));
            dns.expect(CHANGED, "record_present", "@", false, with(base, "type", "TXT", "values", List.of("v=spf1 -all", "hello world")));
            dns.expect(UNCHANGED, "record_present", "example.test.", false, with(base, "type", "TXT", "values", List.of("hello world", "v=spf1 -all")));
            dns.expect(CHANGED, "record_absent", "old", false, with(base));
            dns.expect(UNCHANGED, "record_absent", "old", false, with(base));
            // a wrong key: the state fails in one line, and the record stays
            dns.expect(CHANGED, "record_present", "core", false, with(base, "values", "192.0.2.30"));
            Object[] wrong = with(base, "values", "192.0.2.31");
            for (int i = 0; i < wrong.length; i += 2) if (wrong[i].equals("tsig_secret")) wrong[i + 1] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
            StateOutcome f = dns.expect(FAILED, "record_present", "core", false, wrong);
            assertTrue(f.comment().startsWith("rfc2136: 127.0.0.1:" + bind.port + " answered NOTAUTH to replace core.example.test A"), f.comment());
            dns.expect(UNCHANGED, "record_present", "core", true, with(base, "values", "192.0.2.30"));
        }
    }

    /**
     * The chain of the lab: a state changes a record through the Cloudflare stand-in, the stand-in applies it to a
     * real BIND by RFC 2136, and verify sees BIND answer it. A change BIND refuses fails the state and leaves both as
     * they were.
     */
    @Test
    void aChangeThroughCloudflareIsSeenByARealNameServer() throws Exception {
        Assumptions.assumeTrue(LocalBind.named() != null, LocalBind.MISSING);
        try (LocalBind bind = LocalBind.start("example.test")) {
            dev.jsalt.cloud.dns.Rfc2136Dns behind = new dev.jsalt.cloud.dns.Rfc2136Dns(bind.address(),
                    dev.jsalt.cloud.dns.Rfc2136Dns.key(LocalBind.KEY_NAME, "hmac-sha256", bind.secret), java.time.Duration.ofSeconds(5));
            cf.onChange(cf.applyingTo(behind));
            String server = "127.0.0.1:" + bind.port;
            StateOutcome c = dns.expect(CHANGED, "record_present", "blog", false,
                    cloudflare("values", List.of("203.0.113.10", "203.0.113.11"), "ttl", 60, "verify", true, "verify_servers", List.of(server), "verify_timeout", 5));
            assertTrue(c.comment().contains("every authoritative server answers it"), c.comment());
            assertEquals(List.of("203.0.113.10", "203.0.113.11"), behind.get("example.test", "blog.example.test", "A").orElseThrow().values());
            dns.expect(CHANGED, "record_present", "blog", false,
                    cloudflare("values", "198.51.100.10", "ttl", 60, "verify", true, "verify_servers", List.of(server), "verify_timeout", 5));
            assertEquals(List.of("198.51.100.10"), behind.get("example.test", "blog.example.test", "A").orElseThrow().values());
            dns.expect(CHANGED, "record_absent", "blog", false, cloudflare("verify", true, "verify_servers", List.of(server), "verify_timeout", 5));
            assertTrue(behind.get("example.test", "blog.example.test", "A").isEmpty());

            // verify that cannot succeed: the stand-in's change is not applied behind it, so BIND keeps the old value
            dns.expect(CHANGED, "record_present", "core", false, cloudflare("values", "192.0.2.70", "ttl", 60));
            cf.onChange(null);
            StateOutcome late = dns.expect(FAILED, "record_present", "core", false,
                    cloudflare("values", "192.0.2.71", "ttl", 60, "verify", true, "verify_servers", List.of(server), "verify_timeout", 1));
            assertEquals("DNS record core.example.test A changed to [192.0.2.71], but not every authoritative server answers core.example.test A [192.0.2.71] after 1 s: "
                    + server + " answers [192.0.2.70] (serial " + new dev.jsalt.cloud.dns.DnsVerifier(java.time.Duration.ofSeconds(1))
                    .ask(bind.address(), "example.test", "example.test", "A").serial() + ")", late.comment());

            // a change the server behind refuses: the stand-in undoes it, the state fails, the record is unchanged
            cf.onChange(cf.applyingTo(new dev.jsalt.cloud.dns.Rfc2136Dns(bind.address(),
                    dev.jsalt.cloud.dns.Rfc2136Dns.key(LocalBind.KEY_NAME, "hmac-sha256", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), java.time.Duration.ofSeconds(5))));
            StateOutcome refused = dns.expect(FAILED, "record_present", "core", false, cloudflare("values", "192.0.2.72", "ttl", 60));
            assertTrue(refused.comment().startsWith("Cloudflare API: HTTP 500 on PATCH /zones/" + zoneId + "/dns_records/"), refused.comment());
            assertTrue(refused.comment().contains("answered NOTAUTH"), refused.comment());
            assertEquals("192.0.2.71", cf.records(zoneId).get(0).path("content").asText());
        }
    }

    /**
     * The token as a pillar !secret arrives: sealed to this minion. The engine opens it, the module signs in with it,
     * and neither the result nor the comment of a success or a failure carries it.
     */
    @Test
    void aSealedTokenIsOpenedUsedAndNeverReported() {
        dev.jsalt.minion.state.StateEngine engine = new dev.jsalt.minion.state.StateEngine(dev.jsalt.minion.state.StateModules.standard(),
                sealed -> sealed.equals("sealed-for-m1") ? TOKEN : null);
        Map<String, Object> args = dev.jsalt.minion.state.Res.args("zone", "example.test", "provider", "cloudflare",
                "api_url", cf.baseUri().toString(), "api_token", Map.of("$sealed", "sealed-for-m1"), "values", "192.0.2.80");
        dev.jsalt.common.state.StateResult ok = engine.run(dev.jsalt.minion.state.Res.doc(dev.jsalt.minion.state.Res.of("dns", "record_present", "blog", args)),
                dev.jsalt.minion.state.Res.ctx(false, dir)).get(0);
        assertEquals(CHANGED, ok.outcome(), ok.comment());
        assertFalse(ok.toString().contains(TOKEN), ok.toString());
        assertTrue(cf.exchanges().stream().allMatch(e -> ("Bearer " + TOKEN).equals(e.headers().get("authorization"))));
        cf.failNext(401, 1, null);
        dev.jsalt.common.state.StateResult failed = engine.run(dev.jsalt.minion.state.Res.doc(dev.jsalt.minion.state.Res.of("dns", "record_present", "blog",
                dev.jsalt.minion.state.Res.args("zone", "example.test", "provider", "cloudflare", "api_url", cf.baseUri().toString(),
                        "api_token", Map.of("$sealed", "sealed-for-m1"), "values", "192.0.2.81"))), dev.jsalt.minion.state.Res.ctx(false, dir)).get(0);
        assertEquals(FAILED, failed.outcome());
        assertEquals("Cloudflare API: HTTP 401 on GET /zones: [10000] Authentication error", failed.comment());
        assertFalse(failed.toString().contains(TOKEN));
    }

    @Test
    void digitalOceanDomainsCreateChangeAndDelete() throws Exception {
        try (dev.jsalt.cloud.dns.DigitalOceanStandIn doApi = new dev.jsalt.cloud.dns.DigitalOceanStandIn("dop_v1_state_test")) {
            doApi.addDomain("example.test");
            Object[] base = {"zone", "example.test", "provider", "digitalocean", "api_url", doApi.baseUri().toString(), "api_token", "dop_v1_state_test"};
            StateOutcome w = dns.expect(WOULD_CHANGE, "record_present", "www", true, with(base, "type", "CNAME", "values", "blog.example.test", "ttl", 60));
            assertEquals("DNS record www.example.test CNAME would be created as [blog.example.test]", w.comment());
            assertEquals(List.of(), doApi.records("example.test"));
            dns.expect(CHANGED, "record_present", "www", false, with(base, "type", "CNAME", "values", "blog.example.test", "ttl", 60));
            dns.expect(UNCHANGED, "record_present", "www.example.test.", false, with(base, "type", "CNAME", "values", "blog.example.test.", "ttl", 60));
            dns.expect(CHANGED, "record_present", "www", false, with(base, "type", "CNAME", "values", "core.example.test", "ttl", 60));
            assertEquals("core.example.test", doApi.records("example.test").get(0).path("data").asText());
            assertEquals("argument 'ttl' of dns.record_present must be at least 30 seconds for DigitalOcean, got 10",
                    assertThrows(IllegalArgumentException.class, () -> dns.run("record_present", "www", false, with(base, "values", "192.0.2.1", "ttl", 10))).getMessage());
            doApi.failNext(401, 1);
            assertEquals("DigitalOcean API: HTTP 401 on GET /v2/domains/example.test/records: [unauthorized] Unable to authenticate you.",
                    dns.expect(FAILED, "record_absent", "www", false, with(base, "type", "CNAME")).comment());
            dns.expect(CHANGED, "record_absent", "www", false, with(base, "type", "CNAME"));
            dns.expect(UNCHANGED, "record_absent", "www", false, with(base, "type", "CNAME"));
        }
    }

    static Object[] with(Object[] base, Object... kv) {
        Object[] all = Arrays.copyOf(base, base.length + kv.length);
        System.arraycopy(kv, 0, all, base.length, kv.length);
        return all;
    }
}
