package dev.jsalt.master.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.json.Json;
import dev.jsalt.master.config.MasterConfig;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The CLI's way to the master: its HTTP API, found through the master's config directory. */
public final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public JsonNode post(String path, Map<String, Object> body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))));
    }

    /** Posts and hands each streamed JSON line to {@code onEvent} until the server ends the stream. */
    public void stream(String path, Map<String, Object> body, Consumer<JsonNode> onEvent) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (body == null) {
            b.GET();
        } else {
            b.POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        }
        HttpResponse<Stream<String>> res = call(b, HttpResponse.BodyHandlers.ofLines());
        if (res.statusCode() != 200) {
            throw new ApiException(errorOf(String.join("\n", res.body().toList()), res.statusCode()));
        }
        try (Stream<String> lines = res.body()) {
            lines.filter(l -> !l.isBlank()).forEach(l -> {
                JsonNode n = Json.tree(l.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if ("error".equals(n.path("event").asText())) throw new ApiException(n.path("error").asText());
                onEvent.accept(n);
            });
        }
    }

    private JsonNode send(HttpRequest.Builder b) {
        HttpResponse<String> res = call(b, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new ApiException(errorOf(res.body(), res.statusCode()));
        return Json.tree(res.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private <T> HttpResponse<T> call(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) {
        b.header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        try {
            return http.send(b.build(), handler);
        } catch (ConnectException e) {
            throw new ApiException("cannot reach the master's API at " + base + " (is 'jsalt master' running?)");
        } catch (IOException e) {
            throw new ApiException("talking to the master at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
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
