package dev.jsalt.cloud.dns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The HTTP ends the DNS providers' stand-ins share: reading a request, and writing and recording its answer. */
final class StandInHttp {
    /** A request body larger than this is not read further (a stand-in is no place for uploads). */
    private static final int MAX_BODY = 1 << 20;

    /** One request as received: headers by lower-case name. */
    record Incoming(String method, String path, String query, Map<String, String> headers, String body) {
    }

    private StandInHttp() {
    }

    static Incoming read(HttpExchange ex) throws IOException {
        byte[] in;
        try (InputStream is = ex.getRequestBody()) {
            in = is.readNBytes(MAX_BODY);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        return new Incoming(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), headers,
                new String(in, StandardCharsets.UTF_8));
    }

    /**
     * Records the exchange ({@code record}), then sends {@code status} with {@code body} (JSON, {@code contentType}; null:
     * no body) and the headers already set on {@code ex}. Recorded first: a client that has its answer may look at what
     * the stand-in saw at once (recorded after the answer, a test once read two of three exchanges).
     */
    static void reply(HttpExchange ex, Incoming in, int status, ObjectNode body, String contentType,
                      java.util.function.Consumer<CloudflareStandIn.Exchange> record) throws IOException {
        byte[] out = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        if (body != null) ex.getResponseHeaders().set("Content-Type", contentType);
        Map<String, String> rh = new LinkedHashMap<>();
        ex.getResponseHeaders().forEach((k, v) -> rh.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        CloudflareStandIn.Exchange recorded = new CloudflareStandIn.Exchange(in.method(), in.path(), in.query(), in.headers(), in.body(),
                status, rh, body == null ? "" : body.toString());
        record.accept(recorded);
        ex.sendResponseHeaders(status, body == null ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }
}
