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
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Cloudflare API v4, zones and DNS records, held in memory: {@code GET /zones},
 * {@code GET /zones/{id}}, {@code GET|POST /zones/{id}/dns_records}, {@code GET|PATCH|PUT|DELETE
 * /zones/{id}/dns_records/{id}}, under {@code /client/v4} as the real endpoint. Answers are shaped by Cloudflare's
 * published OpenAPI document (the tests validate every one against it): the envelope {@code success, errors,
 * messages, result[, result_info]}, a 4XX with {@code success: false} and {@code result: null}.
 *
 * <p>It checks what the real API checks for A, AAAA, CNAME and TXT records: the address form, the name inside the
 * zone, the TTL (1 = automatic, else 60..86400), a CNAME alone at its name, no duplicate. Authentication: a bearer
 * token or the e-mail + global key it was given. For tests, {@link #failNext} makes the next requests fail with a
 * chosen status (429 with {@code Retry-After}, 401, 403, 5xx), and {@link #exchanges()} records every request and
 * answer. {@link #onChange} lets a caller apply each change elsewhere (e.g. to a real name server by RFC 2136).
 *
 * <p>Bound to 127.0.0.1 only. Not a security boundary: it exists for tests and the demo.
 */
public final class CloudflareStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ZONES = Pattern.compile("/client/v4/zones");
    private static final Pattern ZONE = Pattern.compile("/client/v4/zones/([^/]+)");
    private static final Pattern RECORDS = Pattern.compile("/client/v4/zones/([^/]+)/dns_records");
    private static final Pattern RECORD = Pattern.compile("/client/v4/zones/([^/]+)/dns_records/([^/]+)");

    /** One request as received and the answer sent. */
    public record Exchange(String method, String path, String query, Map<String, String> headers, String requestBody,
                           int status, Map<String, String> responseHeaders, String responseBody) {
    }

    /** A change applied to the records: {@code before} null for a create, {@code after} null for a delete. */
    public record Change(String zone, String zoneId, ObjectNode before, ObjectNode after) {
    }

    private record Fault(int status, String retryAfter) {
    }

    private final HttpServer server;
    private final String token;
    private final String email;
    private final String key;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ObjectNode> zones = new LinkedHashMap<>();            // id → zone
    private final Map<String, Map<String, ObjectNode>> records = new LinkedHashMap<>(); // zone id → id → record
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private volatile Consumer<Change> onChange = c -> { };

    /** A stand-in accepting {@code token} as a bearer token and, if given, {@code email} + {@code key}. */
    public CloudflareStandIn(String token, String email, String key) throws IOException {
        this(token, email, key, 0);
    }

    /** As above, on loopback port {@code port} (0: any free port). */
    public CloudflareStandIn(String token, String email, String key, int port) throws IOException {
        this.token = token;
        this.email = email;
        this.key = key;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cloudflare-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The base URL to give a client ({@code http://127.0.0.1:PORT/client/v4}). */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4");
    }

    public synchronized String addZone(String name) {
        String id = newId();
        String now = Instant.now().toString();
        ObjectNode z = JSON.createObjectNode();
        z.put("id", id);
        z.put("name", RecordSet.fqdn(name));
        z.put("status", "active");
        z.put("paused", false);
        z.put("type", "full");
        z.put("development_mode", 0);
        z.putArray("name_servers").add("ns1.standin.invalid").add("ns2.standin.invalid");
        z.putNull("original_name_servers");
        z.putNull("original_registrar");
        z.putNull("original_dnshost");
        z.put("created_on", now);
        z.put("modified_on", now);
        z.put("activated_on", now);
        ObjectNode meta = z.putObject("meta");
        meta.put("step", 4);
        meta.put("custom_certificate_quota", 0);
        meta.put("page_rule_quota", 3);
        meta.put("phishing_detected", false);
        ObjectNode owner = z.putObject("owner");
        owner.put("id", newId());
        owner.put("type", "user");
        owner.put("name", "jsalt stand-in");
        ObjectNode account = z.putObject("account");
        account.put("id", newId());
        account.put("name", "jsalt stand-in");
        zones.put(id, z);
        records.put(id, new LinkedHashMap<>());
        return id;
    }

    /**
     * Adds a record set to a zone as it already is (the zone's state before the stand-in fronted it): the records are
     * checked as a create would check them, but not passed to {@link #onChange} — they are there already.
     */
    public synchronized void seed(String zoneId, RecordSet set) {
        if (!zones.containsKey(zoneId)) throw new IllegalArgumentException("no zone " + zoneId);
        for (String value : set.values()) {
            ObjectNode in = JSON.createObjectNode();
            in.put("type", set.type());
            in.put("name", set.name());
            in.put("content", value);
            in.put("ttl", set.ttl());
            create(zoneId, in, false);
        }
    }

    /** The next {@code times} requests are answered with {@code status} (and {@code Retry-After}, if not null). */
    public synchronized void failNext(int status, int times, String retryAfter) {
        for (int i = 0; i < times; i++) faults.add(new Fault(status, retryAfter));
    }

    public void onChange(Consumer<Change> listener) { this.onChange = listener == null ? c -> { } : listener; }

    public List<Exchange> exchanges() { return Collections.unmodifiableList(new ArrayList<>(exchanges)); }

    public void clearExchanges() { exchanges.clear(); }

    /** A copy of the zone's records (for tests to look at directly). */
    public synchronized List<ObjectNode> records(String zoneId) {
        return records.getOrDefault(zoneId, Map.of()).values().stream().map(ObjectNode::deepCopy).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private String newId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // ------------------------------------------------------------------------------------------ HTTP

    private static final class Answer extends RuntimeException {
        final int status;
        final ObjectNode body;
        final String retryAfter;

        Answer(int status, ObjectNode body, String retryAfter) {
            super(null, null, false, false);
            this.status = status;
            this.body = body;
            this.retryAfter = retryAfter;
        }
    }

    private static Answer error(int status, int code, String message) { return error(status, code, message, null); }

    private static Answer error(int status, int code, String message, String retryAfter) {
        ObjectNode b = JSON.createObjectNode();
        b.put("success", false);
        ObjectNode e = b.putArray("errors").addObject();
        e.put("code", code);
        e.put("message", message);
        b.putArray("messages");
        b.putNull("result");
        return new Answer(status, b, retryAfter);
    }

    private void handle(HttpExchange ex) throws IOException {
        StandInHttp.Incoming in = StandInHttp.read(ex);
        int status;
        ObjectNode body;
        String retryAfter = null;
        try {
            body = route(in.method(), in.path(), in.query(), in.headers(), in.body());
            status = 200;
        } catch (Answer a) {
            status = a.status;
            body = a.body;
            retryAfter = a.retryAfter;
        } catch (RuntimeException e) {
            status = 500;
            body = error(500, 10001, "internal error in the stand-in: " + e).body;
        }
        if (retryAfter != null) ex.getResponseHeaders().set("Retry-After", retryAfter);
        StandInHttp.reply(ex, in, status, body, "application/json", exchanges::add);
    }

    private synchronized ObjectNode route(String method, String path, String query, Map<String, String> headers, String body) {
        if (!faults.isEmpty()) {
            Fault f = faults.remove(0);
            throw switch (f.status) {
                case 429 -> error(429, 1015, "You are being rate limited", f.retryAfter);
                case 401 -> error(401, 10000, "Authentication error");
                case 403 -> error(403, 9109, "Unauthorized to access requested resource");
                default -> error(f.status, 10000 + f.status, "stand-in failure " + f.status, f.retryAfter);
            };
        }
        authenticate(headers);
        Map<String, String> q = query(query);
        Matcher m;
        if ((m = RECORD.matcher(path)).matches()) {
            Map<String, ObjectNode> zr = zoneRecords(m.group(1));
            ObjectNode r = zr.get(m.group(2));
            if (r == null) throw error(404, 81044, "Record does not exist.");
            String zid = m.group(1);
            return switch (method) {
                case "GET" -> single(r);
                case "PATCH" -> single(update(zid, r, json(body), true));
                case "PUT" -> single(update(zid, r, json(body), false));
                case "DELETE" -> {
                    zr.remove(r.path("id").asText());
                    publish(new Change(zones.get(zid).path("name").asText(), zid, r.deepCopy(), null), () -> zr.put(r.path("id").asText(), r));
                    ObjectNode b = envelope();
                    b.putObject("result").put("id", r.path("id").asText());
                    yield b;
                }
                default -> throw error(405, 10000, "Method not allowed");
            };
        }
        if ((m = RECORDS.matcher(path)).matches()) {
            String zid = m.group(1);
            Map<String, ObjectNode> zr = zoneRecords(zid);
            return switch (method) {
                case "GET" -> {
                    List<ObjectNode> found = new ArrayList<>();
                    for (ObjectNode r : zr.values()) {
                        if (q.containsKey("name") && !r.path("name").asText().equalsIgnoreCase(RecordSet.fqdn(q.get("name")))) continue;
                        if (q.containsKey("type") && !r.path("type").asText().equals(q.get("type"))) continue;
                        if (q.containsKey("content") && !r.path("content").asText().equals(q.get("content"))) continue;
                        found.add(r);
                    }
                    yield page(found, q, 100, 5_000_000);
                }
                case "POST" -> single(create(zid, json(body)));
                default -> throw error(405, 10000, "Method not allowed");
            };
        }
        if ((m = ZONE.matcher(path)).matches() && method.equals("GET")) {
            ObjectNode z = zones.get(m.group(1));
            if (z == null) throw noRoute(path);
            return single(z);
        }
        if (ZONES.matcher(path).matches() && method.equals("GET")) {
            List<ObjectNode> found = new ArrayList<>();
            for (ObjectNode z : zones.values()) {
                if (q.containsKey("name") && !z.path("name").asText().equalsIgnoreCase(q.get("name"))) continue;
                found.add(z);
            }
            return page(found, q, 20, 50);
        }
        throw noRoute(path);
    }

    /**
     * Hands a change to the listener; if the listener fails (the real server behind refused it), the change is undone
     * here too and the request is answered 500, so the stand-in never holds what the server behind does not.
     */
    private void publish(Change c, Runnable undo) {
        try {
            onChange.accept(c);
        } catch (RuntimeException e) {
            undo.run();
            throw error(500, 10002, "the change could not be applied behind the stand-in: " + DnsException.oneLine(e.getMessage()));
        }
    }

    /**
     * A listener that applies every change to {@code dns} (e.g. {@link Rfc2136Dns} to a real BIND), as whole record
     * sets: after each change, the name and type's records in the stand-in are written to the server, or deleted
     * there when none is left. Cloudflare's automatic TTL (1) is written as 300 seconds, as Cloudflare serves it.
     */
    public Consumer<Change> applyingTo(DnsProvider dns) {
        return c -> {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            for (ObjectNode r : new ObjectNode[] {c.before(), c.after()}) if (r != null) keys.add(r.path("name").asText() + " " + r.path("type").asText());
            for (String k : keys) {
                String name = k.substring(0, k.indexOf(' '));
                String type = k.substring(k.indexOf(' ') + 1);
                List<String> values = new ArrayList<>();
                int ttl = Integer.MAX_VALUE;
                for (ObjectNode r : records(c.zoneId())) {
                    if (!r.path("name").asText().equals(name) || !r.path("type").asText().equals(type)) continue;
                    values.add(r.path("content").asText());
                    int t = r.path("ttl").asInt(1);
                    ttl = Math.min(ttl, t == 1 ? 300 : t);
                }
                if (values.isEmpty()) dns.delete(c.zone(), name, type);
                else dns.put(c.zone(), new RecordSet(name, type, values, ttl, null));
            }
        };
    }

    private static Answer noRoute(String path) {
        return error(404, 7003, "Could not route to " + path.replaceFirst("^/client/v4", "") + ", perhaps your object identifier is invalid?");
    }

    private void authenticate(Map<String, String> h) {
        String auth = h.get("authorization");
        if (auth != null) {
            if (token != null && auth.equals("Bearer " + token)) return;
            throw error(403, 10000, "Authentication error");
        }
        if (h.containsKey("x-auth-key") || h.containsKey("x-auth-email")) {
            if (email != null && email.equals(h.get("x-auth-email")) && key != null && key.equals(h.get("x-auth-key"))) return;
            throw error(403, 9103, "Unknown X-Auth-Key or X-Auth-Email");
        }
        throw error(400, 6003, "Invalid request headers");
    }

    private Map<String, ObjectNode> zoneRecords(String zid) {
        Map<String, ObjectNode> zr = records.get(zid);
        if (zr == null) throw error(404, 7003, "Could not route to /zones/" + zid + "/dns_records, perhaps your object identifier is invalid?");
        return zr;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String p : raw.split("&")) {
            int i = p.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? p : p.substring(0, i), StandardCharsets.UTF_8);
            m.put(k, i < 0 ? "" : URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static ObjectNode json(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n instanceof ObjectNode o) return o;
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        throw error(400, 9207, "Request body is invalid.");
    }

    private static ObjectNode envelope() {
        ObjectNode b = JSON.createObjectNode();
        b.put("success", true);
        b.putArray("errors");
        b.putArray("messages");
        return b;
    }

    private static ObjectNode single(ObjectNode result) {
        ObjectNode b = envelope();
        b.set("result", result.deepCopy());
        return b;
    }

    private static ObjectNode page(List<ObjectNode> all, Map<String, String> q, int dfltPerPage, int maxPerPage) {
        int page = number(q, "page", 1, 1, Integer.MAX_VALUE);
        int perPage = number(q, "per_page", dfltPerPage, 1, maxPerPage);
        ObjectNode b = envelope();
        ArrayNode result = b.putArray("result");
        long from = (long) (page - 1) * perPage;
        for (long i = from; i < Math.min(all.size(), from + perPage); i++) result.add(all.get((int) i).deepCopy());
        ObjectNode info = b.putObject("result_info");
        info.put("page", page);
        info.put("per_page", perPage);
        info.put("count", result.size());
        info.put("total_count", all.size());
        return b;
    }

    private static int number(Map<String, String> q, String name, int dflt, int min, int max) {
        String v = q.get(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw error(400, 1004, "Invalid " + name + ": must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw error(400, 1004, "Invalid " + name + ": not a number");
        }
    }

    // ------------------------------------------------------------------------------------------ records

    private ObjectNode create(String zid, ObjectNode in) {
        return create(zid, in, true);
    }

    private ObjectNode create(String zid, ObjectNode in, boolean publish) {
        ObjectNode z = zones.get(zid);
        ObjectNode r = JSON.createObjectNode();
        String now = Instant.now().toString();
        r.put("id", newId());
        r.put("zone_id", zid);
        r.put("zone_name", z.path("name").asText());
        fill(z, r, in, null);
        r.put("locked", false);
        ObjectNode meta = r.putObject("meta");
        meta.put("auto_added", false);
        meta.put("source", "primary");
        r.putArray("tags");
        r.put("created_on", now);
        r.put("modified_on", now);
        checkConflicts(zid, r);
        records.get(zid).put(r.path("id").asText(), r);
        if (publish) publish(new Change(z.path("name").asText(), zid, null, r.deepCopy()), () -> records.get(zid).remove(r.path("id").asText()));
        return r;
    }

    private ObjectNode update(String zid, ObjectNode r, ObjectNode in, boolean patch) {
        ObjectNode z = zones.get(zid);
        ObjectNode before = r.deepCopy();
        ObjectNode next = r.deepCopy();
        fill(z, next, in, patch ? r : null);
        next.put("modified_on", Instant.now().toString());
        checkConflicts(zid, next);
        r.setAll(next);
        publish(new Change(z.path("name").asText(), zid, before, r.deepCopy()), () -> r.setAll(before));
        return r;
    }

    /** Sets type, name, content, ttl, proxied, proxiable on {@code r} from {@code in} (fields missing from a PATCH stay). */
    private static void fill(ObjectNode zone, ObjectNode r, ObjectNode in, ObjectNode old) {
        String zoneName = zone.path("name").asText();
        String type = text(in, "type", old);
        String name = text(in, "name", old);
        String content = text(in, "content", old);
        if (type == null) throw error(400, 9101, "DNS record type is required");
        if (!RecordSet.TYPES.contains(type)) throw error(400, 1004, "DNS Validation Error: this stand-in handles A, AAAA, CNAME and TXT records, not " + type);
        if (name == null || name.isBlank()) throw error(400, 9005, "DNS record name is required");
        if (content == null || content.isEmpty()) throw error(400, 9007, "Content for " + type + " record is invalid. Must not be empty.");
        String fqdn = name.equals("@") ? zoneName : RecordSet.fqdn(name);
        if (!fqdn.equals(zoneName) && !fqdn.endsWith("." + zoneName)) fqdn = fqdn + "." + zoneName;
        if (!fqdn.matches("([a-z0-9_*]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)*[a-z0-9-]{1,63}") || fqdn.length() > 253) {
            throw error(400, 9005, "DNS record name '" + name + "' is invalid");
        }
        switch (type) {
            case "A" -> { if (!Addresses.isV4(content)) throw error(400, 9005, "Content for A record must be a valid IPv4 address."); }
            case "AAAA" -> {
                if (!Addresses.isV6(content)) throw error(400, 9006, "Content for AAAA record must be a valid IPv6 address.");
                content = Addresses.canonicalV6(content);
            }
            case "CNAME" -> {
                String t = RecordSet.fqdn(content);
                if (!t.matches("([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)*[a-z0-9-]{1,63}")) throw error(400, 9007, "Content for CNAME record is invalid.");
                if (t.equals(fqdn)) throw error(400, 9007, "Content for CNAME record is invalid: it points at itself.");
                content = t;
            }
            default -> {
                if (content.length() > 2048) throw error(400, 9100, "Content for TXT record is too long.");
            }
        }
        JsonNode ttlNode = in.has("ttl") ? in.get("ttl") : old != null ? old.get("ttl") : JSON.getNodeFactory().numberNode(1);
        if (!ttlNode.isNumber() || ttlNode.asDouble() != Math.rint(ttlNode.asDouble())) throw error(400, 9021, "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.");
        int ttl = ttlNode.asInt();
        if (ttl != 1 && (ttl < 60 || ttl > 86400)) throw error(400, 9021, "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.");
        boolean proxiable = !type.equals("TXT");
        boolean proxied = in.has("proxied") ? in.get("proxied").asBoolean() : old != null && old.path("proxied").asBoolean();
        if (in.has("proxied") && !in.get("proxied").isBoolean()) throw error(400, 9003, "Invalid 'proxied' value, must be a boolean");
        if (proxied && !proxiable) throw error(400, 9004, "This record type cannot be proxied.");
        r.put("type", type);
        r.put("name", fqdn);
        r.put("content", content);
        r.put("proxiable", proxiable);
        r.put("proxied", proxied);
        r.put("ttl", ttl);
    }

    private static String text(ObjectNode in, String field, ObjectNode old) {
        JsonNode n = in.get(field);
        if (n != null && !n.isNull()) {
            if (!n.isTextual()) throw error(400, 1004, "DNS Validation Error: " + field + " must be a string");
            return n.asText();
        }
        return old == null ? null : old.path(field).asText(null);
    }

    private void checkConflicts(String zid, ObjectNode r) {
        String name = r.path("name").asText();
        String type = r.path("type").asText();
        for (ObjectNode o : records.get(zid).values()) {
            if (o.path("id").asText().equals(r.path("id").asText()) || !o.path("name").asText().equals(name)) continue;
            String ot = o.path("type").asText();
            if (type.equals("CNAME") || ot.equals("CNAME")) {
                if (type.equals("TXT") && ot.equals("TXT")) continue;
                throw error(400, 81053, "An A, AAAA, or CNAME record with that host already exists.");
            }
            if (ot.equals(type) && o.path("content").asText().equals(r.path("content").asText())) {
                throw error(400, 81058, "An identical record already exists.");
            }
        }
    }
}
