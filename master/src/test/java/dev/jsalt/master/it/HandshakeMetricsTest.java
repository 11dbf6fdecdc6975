package dev.jsalt.master.it;

import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.metrics.Exposition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jsalt_handshake_duration_seconds on a real master with a real minion on loopback: the minion times its CURVE handshake
 * and the master observes it once per connection, from the first hello on it. The minion reaches the master through a
 * relay that holds every chunk 40 ms: a handshake (ZMTP greeting, then CURVE's HELLO/WELCOME and INITIATE/READY) is three
 * round trips of 80 ms after the TCP connect, where the greeting alone (what JeroMQ reported before) would be one.
 */
class HandshakeMetricsTest {
    private static final long DELAY_MILLIS = 40;

    private final Fleet fleet = new Fleet();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HandshakeMetricsTest() throws Exception {
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.close();
    }

    private Exposition.Parsed scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.apiPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + Api.token(fleet)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Exposition.parse(r.body());
    }

    private double connections() throws Exception {
        return scrape().value("jsalt_minion_connections_total");
    }

    @Test
    void eachConnectionsHandshakeIsObservedOnceWithTheMinionsTiming() throws Exception {
        fleet.startMaster();
        try (TcpRelay relay = new TcpRelay(fleet.port, DELAY_MILLIS)) {
            Files.createDirectories(fleet.minionDir("web1"));
            Files.writeString(fleet.minionDir("web1").resolve("minion.yaml"), "id: web1\nmaster: 127.0.0.1:" + relay.port()
                    + "\nmaster_key_port: " + fleet.keyPort + "\nroot_dir: root\ngrains:\n  role: app\n");
            assertEquals("histogram", scrape().types().get("jsalt_handshake_duration_seconds"));
            assertEquals(0, scrape().value("jsalt_handshake_duration_seconds_count"));
            fleet.startMinion("web1", "app");

            // A new minion's first hello, its key pending, brings its connection's handshake.
            fleet.awaitKey("web1", KeyState.PENDING);
            await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("jsalt_handshake_duration_seconds_count") == 1);
            Exposition.Parsed first = scrape();
            double seconds = first.value("jsalt_handshake_duration_seconds_sum");
            assertTrue(seconds > 0 && seconds < 10, "handshake of " + seconds + " s");
            assertTrue(seconds >= 2.5 * 2 * DELAY_MILLIS / 1000.0,
                    "a handshake of " + seconds + " s through a path of " + 2 * DELAY_MILLIS + " ms round trips is not the CURVE handshake's");
            assertTrue(first.has("jsalt_handshake_duration_seconds_bucket", "le", "0.001"), "buckets from 1 ms");
            assertTrue(first.has("jsalt_handshake_duration_seconds_bucket", "le", "0.1"));
            assertEquals(0, first.value("jsalt_handshake_duration_seconds_bucket", "le", "0.1"));
            assertEquals(1, first.value("jsalt_handshake_duration_seconds_bucket", "le", "10.0"));
            assertEquals(1, first.value("jsalt_handshake_duration_seconds_bucket", "le", "+Inf"));

            // Accepted: the hellos that follow on the same connection (retries, the one after acceptance) add nothing.
            fleet.acceptAndAwaitConnected("web1");
            await().atMost(Duration.ofSeconds(10)).until(() -> connections() >= 1);
            assertEquals(1, scrape().value("jsalt_handshake_duration_seconds_count"));

            // A restarted minion is a new connection, timed anew, once (its second hello, on learning it is accepted,
            // goes without).
            double before = connections();
            fleet.stopMinion("web1");
            fleet.startMinion("web1", "app");
            await().atMost(Duration.ofSeconds(20)).until(() -> connections() >= before + 2);
            Exposition.Parsed second = scrape();
            assertEquals(2, second.value("jsalt_handshake_duration_seconds_count"));
            double secondSeconds = second.value("jsalt_handshake_duration_seconds_sum") - seconds;
            assertTrue(secondSeconds >= 2.5 * 2 * DELAY_MILLIS / 1000.0 && secondSeconds < 10, "second handshake of " + secondSeconds + " s");
        }
    }
}
