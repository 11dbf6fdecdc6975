package dev.jsalt.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.json.Json;
import dev.jsalt.master.config.MasterConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The CLI's way to the master: its HTTP API, found through the master's config directory ({@code master.yaml}, on the
 * master) or a {@code client.yaml} (elsewhere). Off loopback it is HTTPS with the master's certificate pinned.
 */
public final class ApiClient {
    private final URI base;
    private final String token;
    private final PinnedTls tls;

    /** Raised for API errors and unreachable masters; the message is shown to the operator as is. */
    public static final class ApiException extends RuntimeException {
        private final int status;

        public ApiException(String message) {
            this(message, 0);
        }

        public ApiException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status the master answered, 0 when there was no answer. */
        public int status() { return status; }
    }

    public ApiClient(URI base, String token) {
        this(base, token, null);
    }

    /** @param fingerprint the API certificate to trust (https only); null for the JDK's certificate authorities */
    public ApiClient(URI base, String token, String fingerprint) {
        this.base = base;
        this.token = token;
        this.tls = fingerprint == null ? null : new PinnedTls(fingerprint);
    }

    public static ApiClient forConfigDir(Path configDir) {
        if (!Files.exists(configDir.resolve(MasterConfig.FILE)) && Files.exists(configDir.resolve(ClientConfig.FILE))) {
            ClientConfig cc = ClientConfig.load(configDir);
            String token = readSecret(cc.tokenFile(), "the API token",
                    "token_file in " + configDir.resolve(ClientConfig.FILE) + " names it; copy root_dir/api.token from the master");
            if (token.isEmpty()) throw new ConfigException(cc.tokenFile() + ": empty; copy root_dir/api.token from the master");
            return new ApiClient(cc.api(), token, cc.fingerprint());
        }
        MasterConfig cfg = MasterConfig.load(configDir);
        String host = cfg.apiLocalHost();
        String running = "is the master running with this config (" + configDir + ")?";
        String token = readSecret(cfg.tokenFile(), "the API token", running);
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + cfg.apiPort();
        if (!cfg.apiTls()) return new ApiClient(URI.create("http://" + authority), token);
        String pin = readSecret(cfg.pkiDir().resolve("api.fingerprint"), "the API certificate's fingerprint", running);
        return new ApiClient(URI.create("https://" + authority), token, pin);
    }

    /** @param hint what to do when the file is missing */
    private static String readSecret(Path file, String what, String hint) {
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no " + what.replaceFirst("^the ", "") + "; " + hint);
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": permission denied reading " + what + " (run as the master's user or root)");
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    public JsonNode get(String path) {
        return Json.tree(readAll(open("GET", path, null)));
    }

    /** A GET answered with text rather than JSON (e.g. {@code /metrics}, the Prometheus text format). */
    public String getText(String path) {
        return new String(readAll(open("GET", path, null)), StandardCharsets.UTF_8);
    }

    public JsonNode post(String path, Map<String, Object> body) {
        return Json.tree(readAll(open("POST", path, body)));
    }

    /** Sends the request and hands each streamed JSON line to {@code onEvent} until the server ends the stream. */
    public void stream(String path, Map<String, Object> body, Consumer<JsonNode> onEvent) {
        HttpURLConnection c = open(body == null ? "GET" : "POST", path, body);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode n = Json.tree(line.getBytes(StandardCharsets.UTF_8));
                if ("error".equals(n.path("event").asText())) throw new ApiException(n.path("error").asText());
                onEvent.accept(n);
            }
        } catch (IOException e) {
            throw new ApiException("talking to the master at " + base + " failed: " + e.getMessage());
        } finally {
            c.disconnect();
        }
    }

    /**
     * Opens a request; a non-200 answer becomes an {@link ApiException} with the master's one-line error. Plain
     * HttpURLConnection rather than java.net.http: the CLI starts noticeably faster without HttpClient's set-up.
     */
    private HttpURLConnection open(String method, String path, Map<String, Object> body) {
        try {
            HttpURLConnection c = (HttpURLConnection) base.resolve(path).toURL().openConnection();
            if (tls != null && c instanceof javax.net.ssl.HttpsURLConnection https) {
                https.setSSLSocketFactory(tls.socketFactory());
                https.setHostnameVerifier(tls.hostnames());
            }
            c.setConnectTimeout(5000);
            c.setRequestMethod(method);
            c.setRequestProperty("Authorization", "Bearer " + token);
            c.setRequestProperty("Content-Type", "application/json");
            if (body != null) {
                byte[] data = Json.bytes(body);
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(data.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(data);
                }
            }
            int status = c.getResponseCode();
            if (status != 200) {
                InputStream err = c.getErrorStream();
                String text = err == null ? "" : new String(err.readAllBytes(), StandardCharsets.UTF_8);
                c.disconnect();
                throw new ApiException(errorOf(text, status), status);
            }
            return c;
        } catch (ConnectException e) {
            throw new ApiException("cannot reach the master's API at " + base + " (is 'jsalt master' running?)");
        } catch (javax.net.ssl.SSLHandshakeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (tls == null && why.contains("PKIX")) {
                why = "its certificate is not signed by an authority this JVM trusts; pin it instead: fingerprint: in client.yaml "
                        + "(root_dir/pki/api.fingerprint on the master)";
            }
            throw new ApiException("TLS with the master's API at " + base + " failed: " + why);
        } catch (IOException e) {
            throw new ApiException("talking to the master at " + base + " failed: " + e.getMessage());
        }
    }

    private byte[] readAll(HttpURLConnection c) {
        try (InputStream in = c.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ApiException("talking to the master at " + base + " failed: " + e.getMessage());
        } finally {
            c.disconnect();
        }
    }

    private static String errorOf(String body, int status) {
        try {
            Map<String, Object> m = Json.mapper().readValue(body, new TypeReference<Map<String, Object>>() {
            });
            if (m.get("error") != null) return String.valueOf(m.get("error"));
        } catch (IOException | RuntimeException e) {
            // not JSON
        }
        return "master answered HTTP " + status;
    }
}
