package dev.jsalt.cloud.droplets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The vendor's OpenAPI 3.0 document as a judge of HTTP exchanges: finds the operation a request is for (method and
 * path template), checks its path and query parameters, security header and body against the operation, and the
 * answer's status, headers and body against the responses the operation declares. Schemas are checked by
 * networknt's json-schema-validator with its OpenAPI 3.0 dialect ({@code nullable}, {@code discriminator}, ...), with
 * format assertions on (date-time, ipv4, uri, uuid), against the whole document so every {@code $ref} resolves.
 */
public final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "https://spec.jsalt.invalid/digitalocean-openapi.json";

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final List<Op> ops = new ArrayList<>();

    public record Op(String method, String template, Pattern regex, List<String> pathNames, String pointer, JsonNode node) {
    }

    /** The DigitalOcean document these tests hold the client and the stand-in to. */
    public static OpenApiContract digitalOcean() throws IOException {
        return new OpenApiContract("/digitalocean/openapi-subset.yaml");
    }

    OpenApiContract(String resource) throws IOException {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("no resource " + resource);
            doc = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(in);
        }
        String jsonText = doc.toString();
        registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(), b -> b
                .schemas(Map.of(BASE, jsonText))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            List<String> names = new ArrayList<>();
            StringBuilder re = new StringBuilder();
            var m = Pattern.compile("\\{([^}]+)}").matcher(p.getKey());
            int last = 0;
            while (m.find()) {
                re.append(Pattern.quote(p.getKey().substring(last, m.start()))).append("([^/]+)");
                names.add(m.group(1));
                last = m.end();
            }
            re.append(Pattern.quote(p.getKey().substring(last)));
            for (Iterator<String> ms = p.getValue().fieldNames(); ms.hasNext(); ) {
                String method = ms.next();
                if (method.equals("parameters")) continue;
                String pointer = "/paths/" + esc(p.getKey()) + "/" + method;
                ops.add(new Op(method.toUpperCase(java.util.Locale.ROOT), p.getKey(), Pattern.compile(re.toString()), names, pointer,
                        p.getValue().get(method)));
            }
        }
    }

    JsonNode document() { return doc; }

    private static String esc(String s) { return s.replace("~", "~0").replace("/", "~1"); }

    /** The node at a JSON pointer, following {@code $ref}s; answers [pointer, node] of the final target. */
    private Map.Entry<String, JsonNode> deref(String pointer, JsonNode n) {
        for (int i = 0; i < 20 && n != null && n.has("$ref"); i++) {
            String ref = n.get("$ref").asText();
            if (!ref.startsWith("#/")) throw new IllegalStateException("external $ref " + ref);
            pointer = ref.substring(1);
            n = doc.at(pointer);
        }
        return Map.entry(pointer, n);
    }

    public Op find(String method, String path) {
        for (Op op : ops) {
            if (op.method().equals(method) && op.regex().matcher(path).matches()) return op;
        }
        return null;
    }

    /** Problems with a request; empty when it conforms. */
    public List<String> checkRequest(String method, String path, String query, Map<String, String> headers, String body) {
        List<String> problems = new ArrayList<>();
        Op op = find(method, path);
        if (op == null) {
            problems.add(method + " " + path + ": no such operation in the document");
            return problems;
        }
        String at = method + " " + op.template() + " (" + op.node().path("operationId").asText() + ")";
        // security: bearer_auth
        String auth = headers.get("authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= 7) problems.add(at + ": no bearer token (security bearer_auth)");
        // parameters
        Map<String, String> pathValues = new LinkedHashMap<>();
        var m = op.regex().matcher(path);
        if (m.matches()) for (int i = 0; i < op.pathNames().size(); i++) {
            pathValues.put(op.pathNames().get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
        }
        Map<String, String> queryValues = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) for (String kv : query.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            if (queryValues.containsKey(k)) problems.add(at + ": query parameter " + k + " given twice");
            queryValues.put(k, i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        Map<String, String> declaredQuery = new LinkedHashMap<>();
        JsonNode params = op.node().path("parameters");
        for (int i = 0; i < params.size(); i++) {
            var e = deref(op.pointer() + "/parameters/" + i, params.get(i));
            JsonNode p = e.getValue();
            String name = p.get("name").asText();
            String in = p.get("in").asText();
            String value = switch (in) {
                case "path" -> pathValues.get(name);
                case "query" -> queryValues.get(name);
                case "header" -> headers.get(name.toLowerCase(java.util.Locale.ROOT));
                default -> null;
            };
            if (in.equals("query")) declaredQuery.put(name, e.getKey());
            if (value == null) {
                if (p.path("required").asBoolean()) problems.add(at + ": required " + in + " parameter " + name + " missing");
                continue;
            }
            checkValue(problems, at + ": " + in + " parameter " + name + "=" + value, e.getKey() + "/schema", p.get("schema"), value);
        }
        for (String q : queryValues.keySet()) {
            if (!declaredQuery.containsKey(q)) problems.add(at + ": query parameter " + q + " is not declared by the operation");
        }
        // body
        JsonNode rb = op.node().get("requestBody");
        boolean hasBody = body != null && !body.isEmpty();
        if (rb == null) {
            if (hasBody) problems.add(at + ": sends a body, but the operation takes none");
        } else {
            var e = deref(op.pointer() + "/requestBody", rb);
            if (!hasBody) {
                if (e.getValue().path("required").asBoolean()) problems.add(at + ": the request body is required");
            } else {
                String ct = headers.getOrDefault("content-type", "");
                if (!ct.startsWith("application/json")) problems.add(at + ": content-type " + ct + ", the document says application/json");
                problems.addAll(validate(at + " request body", e.getKey() + "/content/application~1json/schema", body));
            }
        }
        return problems;
    }

    /** Problems with an answer to a request; empty when it conforms. */
    public List<String> checkResponse(String method, String path, int status, Map<String, String> headers, String body) {
        List<String> problems = new ArrayList<>();
        Op op = find(method, path);
        if (op == null) {
            problems.add(method + " " + path + ": no such operation in the document");
            return problems;
        }
        String at = method + " " + op.template() + " → " + status;
        JsonNode responses = op.node().get("responses");
        String key = responses.has(String.valueOf(status)) ? String.valueOf(status)
                : responses.has(status / 100 + "XX") ? status / 100 + "XX" : responses.has("default") ? "default" : null;
        if (key == null) {
            problems.add(at + ": status not declared by the operation");
            return problems;
        }
        var e = deref(op.pointer() + "/responses/" + esc(key), responses.get(key));
        JsonNode resp = e.getValue();
        for (Iterator<Map.Entry<String, JsonNode>> it = resp.path("headers").fields(); it.hasNext(); ) {
            var h = it.next();
            var hd = deref(e.getKey() + "/headers/" + esc(h.getKey()), h.getValue());
            String value = headers.get(h.getKey().toLowerCase(java.util.Locale.ROOT));
            // The document declares the rate-limit headers on every response and DigitalOcean always sends them.
            if (value == null) {
                problems.add(at + ": header " + h.getKey() + " missing");
                continue;
            }
            checkValue(problems, at + ": header " + h.getKey() + "=" + value, hd.getKey() + "/schema", hd.getValue().get("schema"), value);
        }
        JsonNode content = resp.get("content");
        boolean hasBody = body != null && !body.isEmpty();
        if (content == null) {
            if (hasBody) problems.add(at + ": has a body, the document declares none");
        } else if (!hasBody) {
            problems.add(at + ": no body, the document declares application/json");
        } else {
            String ct = headers.getOrDefault("content-type", "");
            if (!ct.startsWith("application/json")) problems.add(at + ": content-type " + ct);
            problems.addAll(validate(at + " body", e.getKey() + "/content/application~1json/schema", body));
        }
        return problems;
    }

    /** A parameter or header value (text on the wire) checked as the JSON its schema types it as. */
    private void checkValue(List<String> problems, String what, String pointer, JsonNode schema, String value) {
        String type = deref(pointer, schema).getValue().path("type").asText("string");
        String json;
        switch (type) {
            case "integer", "number" -> {
                if (!value.matches("-?[0-9]+(\\.[0-9]+)?")) {
                    problems.add(what + ": not a number");
                    return;
                }
                json = value;
            }
            case "boolean" -> json = value;
            default -> json = JSON.valueToTree(value).toString();
        }
        problems.addAll(validate(what, pointer, json));
    }

    /** Problems of every exchange of a stand-in session, requests and answers; empty when all conform. */
    public List<String> check(List<DropletStandIn.Exchange> exchanges) {
        List<String> problems = new ArrayList<>();
        for (var x : exchanges) {
            problems.addAll(checkRequest(x.method(), x.path(), x.query(), x.requestHeaders(), x.requestBody()));
            problems.addAll(checkResponse(x.method(), x.path(), x.status(), x.responseHeaders(), x.responseBody()));
        }
        return problems;
    }

    List<String> validate(String what, String pointer, String json) {
        Schema s = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
        List<String> out = new ArrayList<>();
        for (var err : s.validate(json, InputFormat.JSON)) out.add(what + ": " + err);
        return out;
    }
}
