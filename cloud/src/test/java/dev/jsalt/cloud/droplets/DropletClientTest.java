package dev.jsalt.cloud.droplets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, the rate limit and the token, against the stand-in. */
class DropletClientTest {
    private static final String TOKEN = "dop_v1_" + "fedcba9876543210".repeat(4);
    private DropletStandIn standIn;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (standIn != null) standIn.close();
    }

    private DigitalOcean client(URI url, int attempts, Duration maxWait) {
        return new DigitalOcean(url, ApiToken.of(TOKEN, "test"),
                new DigitalOcean.Retry(attempts, Duration.ofMillis(10), Duration.ofMillis(100), maxWait), d -> {
            waits.add(d);
            Thread.sleep(d.toMillis());
        }, 20);
    }

    private long requests(String method, String path) {
        return standIn.exchanges().stream().filter(x -> x.method().equals(method) && x.path().equals(path)).count();
    }

    @Test
    void anExhaustedQuotaIsWaitedOutBeforeItEarnsA429() throws Exception {
        standIn = new DropletStandIn(TOKEN, DropletStandIn.addressesAfter(Duration.ZERO));
        standIn.rateLimit(2, Duration.ofSeconds(2));
        DigitalOcean dc = client(standIn.url(), 5, Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) assertEquals(10, dc.sizes().size());
        assertEquals(1, waits.size(), "one wait, when the second answer said 0 remain: " + waits);
        assertEquals(0, standIn.exchanges().stream().filter(x -> x.status() == 429).count(), "no 429 earned");
        var second = standIn.exchanges().get(1);
        assertEquals("0", second.responseHeaders().get("ratelimit-remaining"));
        long reset = Long.parseLong(second.responseHeaders().get("ratelimit-reset"));
        assertTrue(System.currentTimeMillis() >= reset * 1000, "the third call waited until ratelimit-reset");
    }

    @Test
    void a429IsWaitedOutUntilItsReset() throws Exception {
        standIn = new DropletStandIn(TOKEN, DropletStandIn.addressesAfter(Duration.ZERO));
        DigitalOcean dc = client(standIn.url(), 5, Duration.ofSeconds(10));
        standIn.injectFaults(429, 1);
        assertEquals(9, dc.regions().size());
        var limited = standIn.exchanges().get(0);
        assertEquals(429, limited.status());
        long reset = Long.parseLong(limited.responseHeaders().get("ratelimit-reset"));
        assertEquals(1, waits.size(), waits.toString());
        assertTrue(System.currentTimeMillis() >= reset * 1000 - 50, "waited until ratelimit-reset");
    }

    @Test
    void aResetTooFarAwayFailsAtOnceSayingWhen() throws Exception {
        standIn = new DropletStandIn(TOKEN, DropletStandIn.addressesAfter(Duration.ZERO));
        standIn.rateLimit(1, Duration.ofHours(1));
        DigitalOcean dc = client(standIn.url(), 5, Duration.ofSeconds(30));
        dc.regions();
        DoException e = assertThrows(DoException.class, dc::regions);
        assertEquals(429, e.status());
        assertTrue(e.getMessage().startsWith("DigitalOcean GET /v2/regions: 429 too_many_requests: API Rate limit exceeded."), e.getMessage());
        assertTrue(e.getMessage().contains("longer than the 30 s this client waits"), e.getMessage());
        assertTrue(waits.isEmpty());
    }

    @Test
    void serverErrorsAreRetriedForIdempotentCallsOnlyAndBounded() throws Exception {
        standIn = new DropletStandIn(TOKEN, DropletStandIn.addressesAfter(Duration.ZERO));
        DigitalOcean dc = client(standIn.url(), 4, Duration.ofSeconds(10));
        standIn.injectFaults(500, 3);
        assertEquals(0, dc.listDroplets(null).size());
        assertEquals(4, requests("GET", "/v2/droplets"));

        standIn.injectFaults(500, 4);
        DoException e = assertThrows(DoException.class, () -> dc.listDroplets(null));
        assertEquals(500, e.status());
        assertEquals(8, requests("GET", "/v2/droplets"), "four more tries, then the error");
        assertTrue(e.getMessage().startsWith("DigitalOcean GET /v2/droplets: 500 server_error: Server was unable"), e.getMessage());

        // A create that met a 500 may or may not have been carried out: it is never repeated blindly.
        standIn.injectFaults(500, 1);
        int before = waits.size();
        DoException post = assertThrows(DoException.class, () -> dc.createDroplet(new DropletRequest("a1", "fra1", "s-1vcpu-1gb",
                "debian-12-x64", List.of(), false, false, false, List.of(), null, null)));
        assertEquals(500, post.status());
        assertEquals(1, requests("POST", "/v2/droplets"));
        assertEquals(before, waits.size());
        standIn.injectFaults(429, 1); // ...but a 429 was refused before anything happened: that one is waited out and sent again
        dc.createDroplet(new DropletRequest("a1", "fra1", "s-1vcpu-1gb", "debian-12-x64", List.of(), false, false, false,
                List.of(), null, null));
        assertEquals(3, requests("POST", "/v2/droplets"));
        assertEquals(1, dc.dropletsNamed("a1").size());
    }

    @Test
    void connectionErrorsAreRetriedThenReportedInOneLine() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DigitalOcean dc = client(URI.create("http://127.0.0.1:" + port), 3, Duration.ofSeconds(10));
        DoException e = assertThrows(DoException.class, () -> dc.listDroplets(null));
        assertEquals(0, e.status());
        assertEquals(2, waits.size());
        assertTrue(e.getMessage().startsWith("DigitalOcean GET /v2/droplets: ConnectException") && e.getMessage().endsWith("(after 3 tries)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void plainHttpIsOnlyForLoopback() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DigitalOcean(URI.create("http://api.example.com"), ApiToken.of(TOKEN, "t")));
        assertTrue(e.getMessage().contains("only https"), e.getMessage());
    }

    @Test
    void theTokenComesFromAPrivateFileOrTheEnvironmentAndNeverPrints(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("do.token");
        Files.writeString(f, TOKEN + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        var open = assertThrows(IllegalArgumentException.class, () -> ApiToken.fromFile(f));
        assertTrue(open.getMessage().contains("chmod 600"), open.getMessage());
        assertFalse(open.getMessage().contains(TOKEN));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        ApiToken t = ApiToken.fromFile(f);
        assertTrue(t.matches(TOKEN));
        assertFalse(t.toString().contains(TOKEN), t.toString());
        assertTrue(ApiToken.fromEnv("DO_TOKEN", Map.of("DO_TOKEN", TOKEN)).matches(TOKEN));
        var unset = assertThrows(IllegalArgumentException.class, () -> ApiToken.fromEnv("DO_TOKEN", Map.of()));
        assertEquals("environment variable DO_TOKEN is not set", unset.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ApiToken.fromFile(dir.resolve("none")));
        assertEquals("an error with <token> in it", t.scrub("an error with " + TOKEN + " in it"));
    }
}
