package dev.jsalt.cloud.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for DigitalOcean API v2 domain records, in memory: {@code GET /v2/domains/{name}},
 * {@code GET|POST /v2/domains/{name}/records}, {@code GET|PATCH|PUT|DELETE /v2/domains/{name}/records/{id}}, for A,
 * AAAA, CNAME and TXT records. Answers follow DigitalOcean's published OpenAPI document (201 on create, 204 without a
 * body on delete, {@code {id, message}} errors, {@code links} and {@code meta.total} on lists, the
 * {@code ratelimit-*} headers on every answer); the tests validate each exchange against it. Bound to 127.0.0.1.
 */
public final class DigitalOceanStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DOMAIN = Pattern.compile("/v2/domains/([^/]+)");
    private static final Pattern RECORDS = Pattern.compile("/v2/domains/([^/]+)/records");
    private static final Pattern RECORD = Pattern.compile("/v2/domains/([^/]+)/records/([^/]+)");

    private final HttpServer server;
    private final String token;
    private final Map<String, Map<Long, ObjectNode>> domains = new LinkedHashMap<>();
    private final List<CloudflareStandIn.Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<Integer> faults = new ArrayList<>();
    private long nextId = 3352896;

    public DigitalOceanStandIn(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "digitalocean-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The base URL to give a client ({@code http://127.0.0.1:PORT}). */
    public URI baseUri() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort()); }

    public synchronized void addDomain(String name) { domains.put(RecordSet.fqdn(name), new LinkedHashMap<>()); }

    /** The next {@code times} requests are answered with {@code status} (429 carries {@code Retry-After: 0}). */
    public synchronized void failNext(int status, int times) { for (int i = 0; i < times; i++) faults.add(status); }

    public List<CloudflareStandIn.Exchange> exchanges() { return Collections.unmodifiableList(new ArrayList<>(exchanges)); }

    public void clearExchanges() { exchanges.clear(); }

    public synchronized List<ObjectNode> records(String domain) {
        return domains.getOrDefault(RecordSet.fqdn(domain), Map.of()).values().stream().map(ObjectNode::deepCopy).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private static final class Answer extends RuntimeException {
        final int status;
        final ObjectNode body;

        Answer(int status, ObjectNode body) {
            super(null, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    private static Answer error(int status, String id, String message) {
        ObjectNode b = JSON.createObjectNode();
        b.put("id", id);
        b.put("message", message);
        return new Answer(status, b);
    }

    private void handle(HttpExchange ex) throws IOException {
        StandInHttp.Incoming in = StandInHttp.read(ex);
        int status;
        ObjectNode body;
        try {
            Answer a = route(in.method(), in.path(), in.query(), in.headers(), in.body());
            status = a.status;
            body = a.body;
        } catch (Answer a) {
            status = a.status;
            body = a.body;
        } catch (RuntimeException e) {
            status = 500;
            body = error(500, "server_error", "Unexpected server-side error").body;
        }
        long reset = System.currentTimeMillis() / 1000 + 60;
        ex.getResponseHeaders().set("ratelimit-limit", "5000");
        ex.getResponseHeaders().set("ratelimit-remaining", status == 429 ? "0" : "4999");
        ex.getResponseHeaders().set("ratelimit-reset", Long.toString(reset));
        if (status == 429) ex.getResponseHeaders().set("Retry-After", "0");
        StandInHttp.reply(ex, in, status, body, "application/json; charset=utf-8", exchanges::add);
    }

    private synchronized Answer route(String method, String path, String query, Map<String, String> headers, String body) {
        if (!faults.isEmpty()) {
            int f = faults.remove(0);
            throw switch (f) {
                case 429 -> error(429, "too_many_requests", "API rate limit exceeded.");
                case 401 -> error(401, "unauthorized", "Unable to authenticate you.");
                case 500 -> error(500, "server_error", "Unexpected server-side error");
                default -> error(f, "example_error", "stand-in failure " + f);
            };
        }
        if (!("Bearer " + token).equals(headers.get("authorization"))) throw error(401, "unauthorized", "Unable to authenticate you.");
        Map<String, String> q = query(query);
        Matcher m;
        if ((m = RECORD.matcher(path)).matches()) {
            String d = m.group(1);
            Map<Long, ObjectNode> rs = domain(d);
            long id;
            try {
                id = Long.parseLong(m.group(2));
            } catch (NumberFormatException e) {
                throw notFound();
            }
            ObjectNode r = rs.get(id);
            if (r == null) throw notFound();
            return switch (method) {
                case "GET" -> ok(200, "domain_record", r);
                case "PATCH", "PUT" -> {
                    ObjectNode next = r.deepCopy();
                    fill(d, next, json(body), method.equals("PATCH") ? r : null);
                    r.setAll(next);
                    yield ok(200, "domain_record", r);
                }
                case "DELETE" -> {
                    rs.remove(id);
                    yield new Answer(204, null);
                }
                default -> throw error(405, "method_not_allowed", "Method not allowed");
            };
        }
        if ((m = RECORDS.matcher(path)).matches()) {
            String d = m.group(1);
            Map<Long, ObjectNode> rs = domain(d);
            return switch (method) {
                case "GET" -> {
                    List<ObjectNode> found = new ArrayList<>();
                    for (ObjectNode r : rs.values()) {
                        String fq = r.path("name").asText().equals("@") ? d : r.path("name").asText() + "." + d;
                        if (q.containsKey("name") && !fq.equalsIgnoreCase(RecordSet.fqdn(q.get("name")))) continue;
                        if (q.containsKey("type") && !r.path("type").asText().equals(q.get("type"))) continue;
                        found.add(r);
                    }
                    yield page(d, found, q);
                }
                case "POST" -> {
                    ObjectNode r = JSON.createObjectNode();
                    r.put("id", nextId++);
                    fill(d, r, json(body), null);
                    rs.put(r.path("id").asLong(), r);
                    yield ok(201, "domain_record", r);
                }
                default -> throw error(405, "method_not_allowed", "Method not allowed");
            };
        }
        if ((m = DOMAIN.matcher(path)).matches() && method.equals("GET")) {
            String d = m.group(1);
            domain(d);
            ObjectNode dom = JSON.createObjectNode();
            dom.put("name", d);
            dom.put("ttl", 1800);
            dom.put("zone_file", "$ORIGIN " + d + ".\n$TTL 1800\n");
            return ok(200, "domain", dom);
        }
        throw notFound();
    }

    private static Answer notFound() { return error(404, "not_found", "The resource you requested could not be found."); }

    private Map<Long, ObjectNode> domain(String d) {
        Map<Long, ObjectNode> rs = domains.get(d.toLowerCase(Locale.ROOT));
        if (rs == null) throw notFound();
        return rs;
    }

    private static Answer ok(int status, String key, ObjectNode value) {
        ObjectNode b = JSON.createObjectNode();
        b.set(key, value.deepCopy());
        return new Answer(status, b);
    }

    private Answer page(String domain, List<ObjectNode> all, Map<String, String> q) {
        int page = number(q, "page", 1, 1, Integer.MAX_VALUE);
        int perPage = number(q, "per_page", 20, 1, 200);
        ObjectNode b = JSON.createObjectNode();
        ArrayNode rs = b.putArray("domain_records");
        long from = (long) (page - 1) * perPage;
        for (long i = from; i < Math.min(all.size(), from + perPage); i++) rs.add(all.get((int) i).deepCopy());
        ObjectNode pages = b.putObject("links").putObject("pages");
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        String url = "https://api.digitalocean.com/v2/domains/" + domain + "/records?per_page=" + perPage + "&page=";
        if (page < last) {
            pages.put("last", url + last);
            pages.put("next", url + (page + 1));
        }
        b.putObject("meta").put("total", all.size());
        return new Answer(200, b);
    }

    private static int number(Map<String, String> q, String name, int dflt, int min, int max) {
        String v = q.get(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw error(400, "bad_request", name + " must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw error(400, "bad_request", name + " is not a number");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String p : raw.split("&")) {
            int i = p.indexOf('=');
            m.put(URLDecoder.decode(i < 0 ? p : p.substring(0, i), StandardCharsets.UTF_8),
                    i < 0 ? "" : URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static ObjectNode json(String body) {
        try {
            if (JSON.readTree(body) instanceof ObjectNode o) return o;
        } catch (IOException | RuntimeException e) {
            // below
        }
        throw error(400, "bad_request", "The request body is not a JSON object.");
    }

    private static void fill(String domain, ObjectNode r, ObjectNode in, ObjectNode old) {
        String type = text(in, "type", old);
        String name = text(in, "name", old);
        String data = text(in, "data", old);
        if (type == null || !RecordSet.TYPES.contains(type)) throw error(422, "unprocessable_entity", "this stand-in takes A, AAAA, CNAME and TXT records, not " + type);
        if (name == null || !(name.equals("@") || name.matches("(\\*\\.)?[a-z0-9_-]+(\\.[a-z0-9_-]+)*"))) throw error(422, "unprocessable_entity", "Name is invalid");
        if (name.endsWith("." + domain) || name.equals(domain)) throw error(422, "unprocessable_entity", "Name must be relative to the domain");
        if (data == null || data.isEmpty()) throw error(422, "unprocessable_entity", "Data needs to be present");
        switch (type) {
            case "A" -> { if (!Addresses.isV4(data)) throw error(422, "unprocessable_entity", "Data needs to be a valid IP address"); }
            case "AAAA" -> {
                if (!Addresses.isV6(data)) throw error(422, "unprocessable_entity", "Data needs to be a valid IPv6 address");
                data = Addresses.canonicalV6(data);
            }
            case "CNAME" -> {
                if (!data.equals("@") && !data.endsWith(".")) throw error(422, "unprocessable_entity", "Data needs to end with a dot (.)");
                if (data.equals("@")) data = domain;
                data = RecordSet.fqdn(data);
            }
            default -> { }
        }
        JsonNode ttlNode = in.has("ttl") ? in.get("ttl") : old != null ? old.get("ttl") : JSON.getNodeFactory().numberNode(1800);
        if (!ttlNode.canConvertToInt() || ttlNode.asInt() < 30) throw error(422, "unprocessable_entity", "TTL must be at least 30 seconds");
        r.put("type", type);
        r.put("name", name);
        r.put("data", data);
        r.putNull("priority");
        r.putNull("port");
        r.put("ttl", ttlNode.asInt());
        r.putNull("weight");
        r.putNull("flags");
        r.putNull("tag");
    }

    private static String text(ObjectNode in, String field, ObjectNode old) {
        JsonNode n = in.get(field);
        if (n != null && !n.isNull()) {
            if (!n.isTextual()) throw error(422, "unprocessable_entity", field + " must be a string");
            return n.asText();
        }
        return old == null ? null : old.path(field).asText(null);
    }
}
