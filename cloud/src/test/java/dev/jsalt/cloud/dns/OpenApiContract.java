package dev.jsalt.cloud.dns;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks HTTP exchanges against an OpenAPI 3.0 document, the vendor's, not our reading of it: the operation (method
 * and path template), every path and query parameter (declared, and valid against its schema), the request body
 * (present when required, valid against its schema with OpenAPI's request semantics: readOnly properties are not
 * required), the credentials (one of the operation's security requirements), and the answer (a status the operation
 * lists, exactly or as a range like 4XX, JSON, valid against that response's schema). Schemas are validated by
 * networknt json-schema-validator with its OpenAPI 3.0 dialect ({@code nullable}, OpenAPI formats).
 */
final class OpenApiContract {
    private static final String DOC_URI = "https://spec.jsalt.test/openapi.json";
    private static final String REQUEST_DOC_URI = "https://spec.jsalt.test/openapi-requests.json";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final String basePath;

    /**
     * A known, documented defect of the document itself, let pass: a problem whose text contains both
     * {@code problem} and {@code where} (see the test that declares it, and why).
     */
    record Allowance(String problem, String where) {
    }

    private final List<Allowance> allowances = new ArrayList<>();

    OpenApiContract(String resource, String basePath) throws java.io.IOException {
        Object yaml;
        try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no " + resource + " on the test class path");
            // YAML 1.2 core semantics are what the document was written for; SnakeYAML's safe loader reads this
            // document the same (the bundler checked it has only JSON types).
            yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(yaml);
        this.doc = MAPPER.readTree(json);
        // OpenAPI 3.0.3, Schema Object, readOnly: "If the property is marked as readOnly being true and is in the
        // required list, the required will take effect on the response only." Requests are checked against a view
        // of the document with such names left out of `required` (the validator has no switch for that).
        com.fasterxml.jackson.databind.node.ObjectNode requestView = (com.fasterxml.jackson.databind.node.ObjectNode) doc.deepCopy();
        pruneReadOnlyRequired(requestView, requestView);
        String requestJson = MAPPER.writeValueAsString(requestView);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(),
                b -> b.schemas(Map.of(DOC_URI, json, REQUEST_DOC_URI, requestJson)));
        this.basePath = basePath;
    }

    OpenApiContract allowing(String problem, String where) {
        allowances.add(new Allowance(problem, where));
        return this;
    }

    /** The operation matching {@code method} and {@code path} (basePath removed): [template, operation node]. */
    Map.Entry<String, JsonNode> operation(String method, String rawPath) {
        String path = rawPath.startsWith(basePath) ? rawPath.substring(basePath.length()) : rawPath;
        for (Map.Entry<String, JsonNode> e : doc.get("paths").properties()) {
            String regex = Pattern.quote(e.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex) && e.getValue().has(method.toLowerCase(Locale.ROOT))) {
                return Map.entry(e.getKey(), e.getValue().get(method.toLowerCase(Locale.ROOT)));
            }
        }
        return null;
    }

    /** Every problem of one exchange; an empty list means it conforms. */
    List<String> check(String method, String rawPath, String rawQuery, Map<String, String> headers, String requestBody,
                       int status, Map<String, String> responseHeaders, String responseBody) {
        List<String> problems = new ArrayList<>();
        Map.Entry<String, JsonNode> op = operation(method, rawPath);
        String where = method + " " + rawPath;
        if (op == null) {
            problems.add(where + ": no such operation in the document");
            return problems;
        }
        String template = op.getKey();
        JsonNode operation = op.getValue();
        String opId = operation.path("operationId").asText();
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
        where = opId + " (" + where + ")";

        // parameters
        Map<String, JsonNode> params = new LinkedHashMap<>();
        Map<String, String> paramPointer = new LinkedHashMap<>();
        JsonNode ps = operation.path("parameters");
        for (int i = 0; i < ps.size(); i++) {
            String ptr = pointer + "/parameters/" + i;
            JsonNode p = ps.get(i);
            if (p.has("$ref")) {
                ptr = p.get("$ref").asText().substring(1);
                p = doc.at(ptr);
            }
            params.put(p.path("in").asText() + ":" + p.path("name").asText(), p);
            paramPointer.put(p.path("in").asText() + ":" + p.path("name").asText(), ptr);
        }
        String path = rawPath.substring(basePath.length());
        String[] tSeg = template.split("/");
        String[] pSeg = path.split("/");
        for (int i = 0; i < tSeg.length; i++) {
            if (!tSeg[i].startsWith("{")) continue;
            String name = tSeg[i].substring(1, tSeg[i].length() - 1);
            String k = "path:" + name;
            if (!params.containsKey(k)) {
                problems.add(where + ": path parameter " + name + " is not declared");
                continue;
            }
            validate(problems, where + " path parameter " + name, paramPointer.get(k) + "/schema",
                    typed(resolve(params.get(k).get("schema")), URLDecoder.decode(pSeg[i], StandardCharsets.UTF_8)), null);
        }
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                String k = "query:" + name;
                if (!params.containsKey(k)) {
                    problems.add(where + ": query parameter " + name + " is not declared by the operation");
                    continue;
                }
                String sp = paramPointer.get(k) + "/schema";
                validate(problems, where + " query parameter " + name, sp, typed(resolve(params.get(k).get("schema")), value), null);
            }
        }
        for (Map.Entry<String, JsonNode> e : params.entrySet()) {
            if (e.getValue().path("required").asBoolean(false) && e.getKey().startsWith("query:")
                    && (rawQuery == null || !(("&" + rawQuery).contains("&" + e.getKey().substring(6) + "=")))) {
                problems.add(where + ": required query parameter " + e.getKey().substring(6) + " is missing");
            }
        }

        // security
        JsonNode security = operation.has("security") ? operation.get("security") : doc.get("security");
        if (security != null && security.size() > 0) {
            boolean ok = false;
            List<String> offered = new ArrayList<>();
            for (JsonNode requirement : security) {
                boolean all = true;
                List<String> names = new ArrayList<>();
                for (String scheme : (Iterable<String>) requirement::fieldNames) {
                    names.add(scheme);
                    all &= satisfies(doc.path("components").path("securitySchemes").path(scheme), headers);
                }
                offered.add(String.join("+", names));
                ok |= all;
            }
            if (!ok) problems.add(where + ": the request carries none of the credentials the operation accepts " + offered);
        }

        // request body
        JsonNode rb = operation.get("requestBody");
        boolean hasBody = requestBody != null && !requestBody.isEmpty();
        if (rb == null) {
            if (hasBody) problems.add(where + ": a request body the operation does not take");
        } else {
            if (!hasBody && rb.path("required").asBoolean(false)) problems.add(where + ": the operation requires a request body");
            if (hasBody) {
                String ct = headers.getOrDefault("content-type", "");
                if (!rb.path("content").has(mediaType(ct))) problems.add(where + ": request content type '" + ct + "' is not one the operation takes");
                JsonNode media = rb.path("content").path(mediaType(ct));
                JsonNode body = parse(problems, where + " request body", requestBody);
                if (body != null && media.has("schema")) {
                    validate(problems, where + " request body", pointer + "/requestBody/content/" + escape(mediaType(ct)) + "/schema", body, true);
                }
            }
        }

        // response
        JsonNode responses = operation.path("responses");
        String key = responses.has(Integer.toString(status)) ? Integer.toString(status)
                : responses.has(status / 100 + "XX") ? status / 100 + "XX" : responses.has("default") ? "default" : null;
        if (key == null) {
            problems.add(where + ": answered HTTP " + status + ", which the operation does not list " + names(responses));
            return problems;
        }
        String responsePointer = pointer + "/responses/" + escape(key);
        JsonNode response = responses.get(key);
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asText().substring(1);
            response = doc.at(responsePointer);
        }
        JsonNode content = response.path("content");
        String rct = responseHeaders.getOrDefault("content-type", "");
        if (content.size() == 0 && responseBody != null && !responseBody.isEmpty()) {
            problems.add(where + ": answered HTTP " + status + " with a body, where the document describes none");
        }
        if (content.size() > 0) {
            if (!content.has(mediaType(rct))) {
                problems.add(where + ": answer content type '" + rct + "' is not the operation's " + names(content));
            } else {
                JsonNode body = parse(problems, where + " answer " + status, responseBody);
                if (body != null && content.get(mediaType(rct)).has("schema")) {
                    String sp = responsePointer + "/content/" + escape(mediaType(rct)) + "/schema";
                    validate(problems, where + " answer " + status, failurePart(sp).orElse(sp), body, false);
                }
            }
        }
        return problems;
    }

    /**
     * The document's 4XX answers of the DNS-record operations are {@code allOf: [<the success schema>,
     * dns-records_api-response-common-failure]}, and the success schema's envelope requires {@code success: true}
     * while the failure envelope requires {@code success: false}: no answer can satisfy both
     * ({@code CloudflareSpecConformanceTest#theDocumentsDnsRecordFailureSchemaIsUnsatisfiable} shows it on the
     * document's own example). For those, an answer is checked against the failure envelope, the part that describes
     * an error.
     */
    java.util.Optional<String> failurePart(String schemaPointer) {
        JsonNode s = doc.at(schemaPointer);
        JsonNode all = s.path("allOf");
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).path("$ref").asText("").endsWith("api-response-common-failure")) return java.util.Optional.of(schemaPointer + "/allOf/" + i);
        }
        return java.util.Optional.empty();
    }

    /** Problems of {@code instance} against the schema at {@code pointer} (for tests of the document itself). */
    List<String> validateAt(String pointer, String instanceJson) {
        List<String> problems = new ArrayList<>();
        try {
            validate(problems, pointer, pointer, MAPPER.readTree(instanceJson), false);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        return problems;
    }

    private static boolean satisfies(JsonNode scheme, Map<String, String> headers) {
        return switch (scheme.path("type").asText()) {
            case "http" -> "bearer".equalsIgnoreCase(scheme.path("scheme").asText())
                    && headers.getOrDefault("authorization", "").startsWith("Bearer ");
            case "apiKey" -> "header".equals(scheme.path("in").asText())
                    && headers.containsKey(scheme.path("name").asText().toLowerCase(Locale.ROOT));
            default -> false;
        };
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 10 && s.has("$ref"); i++) s = doc.at(s.get("$ref").asText().substring(1));
        return s;
    }

    private static JsonNode typed(JsonNode schema, String value) {
        String type = schema.path("type").asText("string");
        try {
            return switch (type) {
                case "number" -> JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(value));
                case "integer" -> JsonNodeFactory.instance.numberNode(new java.math.BigInteger(value));
                case "boolean" -> value.equals("true") || value.equals("false") ? JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value)) : JsonNodeFactory.instance.textNode(value);
                default -> JsonNodeFactory.instance.textNode(value);
            };
        } catch (NumberFormatException e) {
            return JsonNodeFactory.instance.textNode(value);
        }
    }

    private static String mediaType(String ct) { return ct.split(";")[0].strip().toLowerCase(Locale.ROOT); }

    private static String escape(String s) { return s.replace("~", "~0").replace("/", "~1"); }

    private static JsonNode parse(List<String> problems, String what, String text) {
        try {
            return MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            problems.add(what + ": not JSON: " + e.getMessage());
            return null;
        }
    }

    private static void pruneReadOnlyRequired(JsonNode root, JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            if (o.get("required") instanceof com.fasterxml.jackson.databind.node.ArrayNode req) {
                for (int i = req.size() - 1; i >= 0; i--) {
                    List<JsonNode> defs = new ArrayList<>();
                    definitions(root, o, req.get(i).asText(), defs, 0);
                    if (!defs.isEmpty() && defs.stream().allMatch(d -> d.path("readOnly").asBoolean(false))) req.remove(i);
                }
            }
            for (JsonNode child : (Iterable<JsonNode>) o::elements) pruneReadOnlyRequired(root, child);
        } else if (node != null && node.isArray()) {
            for (JsonNode child : node) pruneReadOnlyRequired(root, child);
        }
    }

    /** Every definition of property {@code name} that {@code schema} declares, itself or through allOf/oneOf/anyOf. */
    private static void definitions(JsonNode root, JsonNode schema, String name, List<JsonNode> out, int depth) {
        if (depth > 20 || schema == null) return;
        if (schema.has("$ref")) {
            definitions(root, root.at(schema.get("$ref").asText().substring(1)), name, out, depth + 1);
            return;
        }
        JsonNode p = schema.path("properties").get(name);
        if (p != null) {
            JsonNode d = p;
            for (int i = 0; i < 10 && d.has("$ref"); i++) d = root.at(d.get("$ref").asText().substring(1));
            out.add(p.has("readOnly") ? p : d);
        }
        for (String k : List.of("allOf", "oneOf", "anyOf")) for (JsonNode b : schema.path(k)) definitions(root, b, name, out, depth + 1);
    }

    private void validate(List<String> problems, String what, String pointer, JsonNode instance, Boolean request) {
        Schema schema = registry.getSchema(SchemaLocation.of((Boolean.TRUE.equals(request) ? REQUEST_DOC_URI : DOC_URI) + "#" + pointer));
        ExecutionConfig config = request == null ? ExecutionConfig.builder().formatAssertionsEnabled(true).build()
                : ExecutionConfig.builder().formatAssertionsEnabled(true).readOnly(request).writeOnly(!request).build();
        List<Error> errors = schema.validate(instance, ctx -> ctx.setExecutionConfig(config));
        for (Error e : errors) {
            String p = what + ": " + e.getInstanceLocation() + " " + e.getMessage() + " [" + e.getSchemaLocation() + "]";
            if (allowances.stream().noneMatch(x -> p.contains(x.problem()) && p.contains(x.where()))) problems.add(p);
        }
    }

    private static java.util.List<String> names(JsonNode object) {
        java.util.List<String> out = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
