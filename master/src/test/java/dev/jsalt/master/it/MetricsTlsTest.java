package dev.jsalt.master.it;

import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.metrics.Exposition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Off loopback, /metrics is served over the API's TLS like every other route, with the metrics token too. */
class MetricsTlsTest {
    private static final String METRICS_TOKEN = "scraper-0123456789abcdef0123456789";

    @TempDir
    Path dir;
    private MasterDaemon master;

    @AfterEach
    void stop() {
        if (master != null) master.close();
    }

    private record Answer(int status, String body) {
    }

    private static Answer get(HttpURLConnection c, String token) throws IOException {
        c.setRequestProperty("Authorization", "Bearer " + token);
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void metricsOverHttpsWithThePinnedCertificate() throws Exception {
        Path d = dir.resolve("master");
        int apiPort = Fleet.freePort();
        Files.createDirectories(d);
        Files.writeString(d.resolve("metrics.token"), METRICS_TOKEN + "\n");
        master = TlsMaster.start(d, apiPort, "metrics_token_file: metrics.token");
        SSLContext tls = TlsMaster.trusting(d);

        HttpsURLConnection c = (HttpsURLConnection) new URL("https://127.0.0.1:" + apiPort + "/metrics").openConnection();
        c.setSSLSocketFactory(tls.getSocketFactory());
        c.setHostnameVerifier((host, session) -> true); // the certificate itself is pinned above
        Answer a = get(c, METRICS_TOKEN);
        assertEquals(200, a.status(), a.body());
        Exposition.Parsed p = Exposition.parse(a.body());
        assertEquals(0, p.value("jsalt_minions_connected"));
        assertEquals("text/plain; version=0.0.4; charset=utf-8", c.getContentType());

        HttpsURLConnection keys = (HttpsURLConnection) new URL("https://127.0.0.1:" + apiPort + "/v1/keys").openConnection();
        keys.setSSLSocketFactory(tls.getSocketFactory());
        keys.setHostnameVerifier((host, session) -> true);
        assertEquals(403, get(keys, METRICS_TOKEN).status());

        // plain HTTP to the TLS listener gets no metrics (and sends no token in clear to anything that answers)
        HttpURLConnection plain = (HttpURLConnection) new URL("http://127.0.0.1:" + apiPort + "/metrics").openConnection();
        assertThrows(IOException.class, () -> get(plain, METRICS_TOKEN));
    }
}
