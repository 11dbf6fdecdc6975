package dev.jsalt.master.it;

import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.api.ui.UiAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Off loopback the API runs TLS, and the dashboard's session cookie is then marked Secure (sent over HTTPS only). */
class DashboardTlsTest {
    @TempDir
    Path dir;
    private MasterDaemon master;

    @AfterEach
    void stop() {
        if (master != null) master.close();
    }

    @Test
    void theLoginOverHttpsSetsASecureCookie() throws Exception {
        Path d = dir.resolve("master");
        int apiPort = Fleet.freePort();
        master = TlsMaster.start(d, apiPort);
        SSLContext tls = TlsMaster.trusting(d);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).sslParameters(new SSLParameters())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "https://localhost:" + apiPort; // a name the self-signed certificate holds

        String token = Files.readString(d.resolve("root/api.token")).strip();
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, login.statusCode(), login.body());
        String set = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(set.contains("; Secure") && set.contains("SameSite=Strict") && set.contains("HTTPOnly"), set);

        HttpResponse<String> keys = https.send(HttpRequest.newBuilder(URI.create(base + "/v1/keys"))
                .header("Cookie", set.substring(0, set.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, keys.statusCode(), keys.body());
        assertTrue(set.startsWith(UiAuth.COOKIE + "="), set);
    }
}
