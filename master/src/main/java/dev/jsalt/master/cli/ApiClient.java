package dev.jsalt.master.cli;

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

/** The CLI's way to the master: its HTTP API, found through the master's config directory. */
public final class ApiClient {
    private final URI base;
    private final String token;

    /** Raised for API errors and unreachable masters; the message is shown to the operator as is. */
    public static final class ApiException extends RuntimeException {
        public ApiException(String message) {
            super(message);
        }
    }

    public ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public static ApiClient forConfigDir(Path configDir) {
        MasterConfig cfg = MasterConfig.load(configDir);
        String host = cfg.apiBind().equals("0.0.0.0") || cfg.apiBind().equals("::") ? "127.0.0.1" : cfg.apiBind();
        String token;
        try {
            token = Files.readString(cfg.tokenFile()).strip();
        } catch (NoSuchFileException e) {
            throw new ConfigException(cfg.tokenFile() + ": no API token; is the master running with this config (" + configDir + ")?");
        } catch (AccessDeniedException e) {
            throw new ConfigException(cfg.tokenFile() + ": permission denied reading the API token (run as the master's user or root)");
        } catch (IOException e) {
            throw new ConfigException(cfg.tokenFile() + ": " + e.getMessage());
        }
        return new ApiClient(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + cfg.apiPort()), token);
    }

    public JsonNode get(String path) {
        return Json.tree(readAll(open("GET", path, null)));
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
                throw new ApiException(errorOf(text, status));
            }
            return c;
        } catch (ConnectException e) {
            throw new ApiException("cannot reach the master's API at " + base + " (is 'jsalt master' running?)");
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
