package dev.jsalt.master.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.master.MasterDaemon;
import dev.jsalt.cli.ApiClient;
import dev.jsalt.master.config.MasterConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Off loopback the API is HTTPS only, and the CLI pins the master's certificate; on loopback it stays plain HTTP. */
class ApiTlsTest {
    @TempDir
    Path dir;
    private final List<MasterDaemon> masters = new ArrayList<>();
    private int apiPort;

    @AfterEach
    void stop() {
        masters.forEach(MasterDaemon::close);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path masterDir(String... apiExtra) throws IOException {
        Path d = Files.createDirectories(dir.resolve("master"));
        int port = freePort();
        apiPort = freePort();
        List<String> lines = new ArrayList<>(List.of("root_dir: root", "bind: 127.0.0.1", "port: " + port, "key_port: " + freePort(),
                "api:", "  bind: 0.0.0.0", "  port: " + apiPort));
        for (String s : apiExtra) lines.add("  " + s);
        Files.writeString(d.resolve("master.yaml"), String.join("\n", lines) + "\n");
        return d;
    }

    private MasterDaemon start(Path d) throws Exception {
        MasterDaemon m = new MasterDaemon(MasterConfig.load(d));
        masters.add(m);
        return m;
    }

    @Test
    void offLoopbackTheApiIsHttpsWithAPinnedSelfSignedCertificate() throws Exception {
        Path d = masterDir();
        start(d);
        Path pki = d.resolve("root/pki");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve("api.key"))));
        String fingerprint = Files.readString(pki.resolve("api.fingerprint")).strip();

        // The CLI on the master finds https and the pin through master.yaml.
        assertTrue(ApiClient.forConfigDir(d).get("/v1/health").path("ok").asBoolean());

        // Plain HTTP to a TLS port gets nowhere: the token is never sent in clear.
        String token = Files.readString(d.resolve("root/api.token")).strip();
        ApiClient plain = new ApiClient(URI.create("http://127.0.0.1:" + apiPort), token);
        assertThrows(ApiClient.ApiException.class, () -> plain.get("/v1/health"));

        // A CLI elsewhere: client.yaml with the URL, a copy of the token and the fingerprint.
        Path remote = Files.createDirectories(dir.resolve("laptop"));
        Files.writeString(remote.resolve("token"), token + "\n");
        Files.writeString(remote.resolve("client.yaml"), "api: https://127.0.0.1:" + apiPort + "\ntoken_file: token\nfingerprint: "
                + fingerprint + "\n");
        assertTrue(ApiClient.forConfigDir(remote).get("/v1/health").path("ok").asBoolean());

        // Another certificate than the pinned one is refused, and the error says which.
        String other = "00" + fingerprint.substring(2);
        Files.writeString(remote.resolve("client.yaml"), "api: https://127.0.0.1:" + apiPort + "\ntoken_file: token\nfingerprint: " + other + "\n");
        ApiClient.ApiException e = assertThrows(ApiClient.ApiException.class, () -> ApiClient.forConfigDir(remote).get("/v1/health"));
        assertTrue(e.getMessage().contains("not the pinned " + other), e.getMessage());

        // Restarted, the master keeps its certificate: pins stay valid.
        masters.remove(0).close();
        start(d);
        assertEquals(fingerprint, Files.readString(pki.resolve("api.fingerprint")).strip());
    }

    @Test
    void anOperatorCertificateIsUsedAndBadOnesStopTheStart() throws Exception {
        Path crt = dir.resolve("mine.crt");
        Path key = dir.resolve("mine.key");
        ApiTls.create(crt, key, "master.example");
        String expected = ApiTls.load(crt, key).fingerprint();
        Path d = masterDir("tls_cert: " + crt, "tls_key: " + key);
        start(d);
        assertEquals(expected, Files.readString(d.resolve("root/pki/api.fingerprint")).strip());
        assertTrue(ApiClient.forConfigDir(d).get("/v1/health").path("ok").asBoolean());
        masters.remove(0).close();

        Files.writeString(key, "not a key\n");
        IOException broken = assertThrows(IOException.class, () -> start(d));
        assertTrue(broken.getMessage().contains(key.toString()), broken.getMessage());

        Path half = masterDir("tls_cert: " + crt);
        ConfigException e = assertThrows(ConfigException.class, () -> MasterConfig.load(half));
        assertTrue(e.getMessage().contains("master.yaml:") && e.getMessage().contains("'api.tls_key' is missing"), e.getMessage());
    }

    @Test
    void aClientConfigRefusesToSendTheTokenInClearOverANetwork() throws Exception {
        Path remote = Files.createDirectories(dir.resolve("laptop"));
        Files.writeString(remote.resolve("client.yaml"), "api: http://10.1.2.3:4507\ntoken_file: token\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ApiClient.forConfigDir(remote));
        assertTrue(e.getMessage().contains("client.yaml:1") && e.getMessage().contains("in clear"), e.getMessage());

        // A token file that is not there is named, with where it should come from.
        Files.writeString(remote.resolve("client.yaml"), "api: https://10.1.2.3:4507\ntoken_file: token\n");
        ConfigException missing = assertThrows(ConfigException.class, () -> ApiClient.forConfigDir(remote));
        assertTrue(missing.getMessage().contains(remote.resolve("token") + ": no API token; token_file in"), missing.getMessage());
    }
}
