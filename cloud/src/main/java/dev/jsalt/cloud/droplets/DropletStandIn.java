package dev.jsalt.cloud.droplets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the part of the DigitalOcean API v2 jsalt uses, in memory, on loopback: droplets
 * (create, list by tag or name, get, delete, delete by tag), sizes, images, regions, SSH keys and actions, with the
 * published request and response shapes (checked against the vendor's OpenAPI document by the tests), pages of 20 by
 * default ({@code per_page} up to 200), the rate-limit headers on every answer, a configurable rate limit and
 * injected faults (429, 500).
 *
 * <p>A created droplet is {@code new} without addresses; its {@link Booter} then boots it (by default: waits
 * {@code bootDelay} and hands out addresses from TEST-NET-3 and 10.10.0.0/16) and it turns {@code active}. A booter
 * may boot a real host and run the droplet's user-data, as cloud-init would. What it does not simulate is in
 * docs/cloud.md.
 */
public final class DropletStandIn implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DropletStandIn.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9]?[a-z0-9A-Z.\\-]*[a-z0-9A-Z]$");

    /** The addresses a booted droplet has. */
    public record Addresses(String publicIpv4, String privateIpv4) {
    }

    /** A droplet as the stand-in holds it, with what was asked at create. */
    public record Created(long id, String name, String region, String size, String image, List<String> tags, String userData) {
    }

    /** Boots a droplet: answers its addresses once it is up (called on a thread of its own), or throws. */
    public interface Booter {
        Addresses boot(Created droplet) throws Exception;

        /** Tears a droplet's host down when it is deleted. */
        default void destroy(Created droplet) {
        }
    }

    /** One request and its answer, for tests that check both against the vendor's document. */
    public record Exchange(String method, String path, String query, Map<String, String> requestHeaders, String requestBody,
                           int status, Map<String, String> responseHeaders, String responseBody) {
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> daemon(r, "do-standin"));
    private final ExecutorService booters = Executors.newCachedThreadPool(r -> daemon(r, "do-standin-boot"));
    private final String token;
    private final Booter booter;
    private final Object lock = new Object();
    private final Map<Long, ObjectNode> droplets = new LinkedHashMap<>();
    private final Map<Long, Created> created = new LinkedHashMap<>();
    private final Map<Long, ObjectNode> actions = new LinkedHashMap<>();
    private final Map<Long, ObjectNode> sshKeys = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Integer> faults = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> afterFaults = new LinkedHashMap<>();
    private final List<Exchange> exchanges = java.util.Collections.synchronizedList(new ArrayList<>());
    private long nextId = 300_000_001L;
    private int nextHost = 10;
    private volatile int rateLimit = 5000;
    private volatile Duration rateWindow = Duration.ofHours(1);
    private Instant windowStart = Instant.now();
    private int used;

    /** A stand-in answering {@code token} only, booting droplets with {@code booter}. */
    public DropletStandIn(String token, Booter booter) throws IOException {
        this.token = token;
        this.booter = booter;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        log.info("DigitalOcean stand-in on {}", url());
    }

    /** The default booter: up after {@code delay}, with addresses from TEST-NET-3 (public) and 10.10.0.0/16 (private). */
    public static Booter addressesAfter(Duration delay) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger(10);
        return d -> {
            Thread.sleep(delay.toMillis());
            int i = n.getAndIncrement();
            return new Addresses("203.0.113." + (i % 250 + 2), "10.10." + (i / 250) + "." + (i % 250 + 2));
        };
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code count} requests are answered {@code status} (429 or 500) before anything else is done. */
    public void injectFaults(int status, int count) {
        for (int i = 0; i < count; i++) faults.add(status);
    }

    /**
     * The next {@code count} requests {@code method path} (e.g. {@code POST /v2/droplets}) are carried out and then
     * answered 500: the worst case for a client, which cannot tell whether its call took effect.
     */
    public void failAfterDoing(String methodAndPath, int count) {
        synchronized (afterFaults) {
            afterFaults.merge(methodAndPath, count, Integer::sum);
        }
    }

    /** At most {@code limit} requests per {@code window}; past it, 429 until the window ends. */
    public void rateLimit(int limit, Duration window) {
        synchronized (lock) {
            this.rateLimit = limit;
            this.rateWindow = window;
            this.windowStart = Instant.now();
            this.used = 0;
        }
    }

    public List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    /** Droplets as created (with their user-data), for tests and the lab. */
    public List<Created> created() {
        synchronized (lock) {
            return List.copyOf(created.values());
        }
    }

    // ---- catalog (a few real slugs; prices as published in 2026)

    private static final String[][] REGIONS = {
            {"nyc3", "New York 3"}, {"ams3", "Amsterdam 3"}, {"fra1", "Frankfurt 1"}, {"lon1", "London 1"},
            {"sfo3", "San Francisco 3"}, {"sgp1", "Singapore 1"}, {"tor1", "Toronto 1"}, {"blr1", "Bangalore 1"},
            {"syd1", "Sydney 1"}};
    private static final Object[][] SIZES = {
            {"s-1vcpu-512mb-10gb", 512, 1, 10, 0.5, 4.0}, {"s-1vcpu-1gb", 1024, 1, 25, 1.0, 6.0},
            {"s-1vcpu-2gb", 2048, 1, 50, 2.0, 12.0}, {"s-2vcpu-2gb", 2048, 2, 60, 3.0, 18.0},
            {"s-2vcpu-4gb", 4096, 2, 80, 4.0, 24.0}, {"s-4vcpu-8gb", 8192, 4, 160, 5.0, 48.0},
            {"s-8vcpu-16gb", 16384, 8, 320, 6.0, 96.0}, {"c-2", 4096, 2, 25, 4.0, 42.0},
            {"g-2vcpu-8gb", 8192, 2, 25, 4.0, 63.0}, {"m-2vcpu-16gb", 16384, 2, 50, 4.0, 84.0}};
    private static final Object[][] IMAGES = {
            {129211873L, "ubuntu-24-04-x64", "24.04 (LTS) x64", "Ubuntu"},
            {112929454L, "ubuntu-22-04-x64", "22.04 (LTS) x64", "Ubuntu"},
            {106569146L, "debian-12-x64", "12 x64", "Debian"},
            {106433672L, "debian-11-x64", "11 x64", "Debian"},
            {118857366L, "rockylinux-9-x64", "9 x64", "Rocky Linux"},
            {118857367L, "fedora-40-x64", "40 x64", "Fedora"}};

    private ArrayNode regionSlugs() {
        ArrayNode a = JSON.createArrayNode();
        for (String[] r : REGIONS) a.add(r[0]);
        return a;
    }

    private ObjectNode size(Object[] s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("slug", (String) s[0]).put("memory", (int) s[1]).put("vcpus", (int) s[2]).put("disk", (int) s[3])
                .put("transfer", (double) s[4]).put("price_monthly", (double) s[5])
                .put("price_hourly", Math.round((double) s[5] / 672 * 100000) / 100000.0);
        o.set("regions", regionSlugs());
        o.put("available", true).put("description", "Basic");
        return o;
    }

    private ObjectNode region(String[] r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", r[1]).put("slug", r[0]);
        ArrayNode f = o.putArray("features");
        for (String x : List.of("backups", "ipv6", "metadata", "install_agent", "storage", "image_transfer")) f.add(x);
        o.put("available", true);
        ArrayNode sz = o.putArray("sizes");
        for (Object[] s : SIZES) sz.add((String) s[0]);
        return o;
    }

    private ObjectNode image(Object[] i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", (long) i[0]).put("name", (String) i[2]).put("distribution", (String) i[3]).put("slug", (String) i[1])
                .put("public", true);
        o.set("regions", regionSlugs());
        o.put("created_at", "2025-04-01T12:00:00Z").put("type", "base").put("min_disk_size", 7).put("size_gigabytes", 2.36)
                .put("description", "").put("status", "available").put("error_message", "");
        o.putArray("tags");
        return o;
    }

    private Object[] findSize(String slug) {
        for (Object[] s : SIZES) if (s[0].equals(slug)) return s;
        return null;
    }

    private String[] findRegion(String slug) {
        for (String[] r : REGIONS) if (r[0].equals(slug)) return r;
        return null;
    }

    private Object[] findImage(JsonNode ref) {
        for (Object[] i : IMAGES) {
            if (ref.isIntegralNumber() && ref.asLong() == (long) i[0]) return i;
            if (ref.isTextual() && ref.asText().equals(i[1])) return i;
        }
        return null;
    }

    // ---- HTTP

    private record Answer(int status, JsonNode body) {
    }

    private static final class Refusal extends RuntimeException {
        final int status;
        final String id;

        Refusal(int status, String id, String message) {
            super(message, null, false, false);
            this.status = status;
            this.id = id;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        URI uri = ex.getRequestURI();
        String path = uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        byte[] in;
        try (InputStream is = ex.getRequestBody()) {
            in = is.readNBytes(1 << 20);
        }
        String requestBody = new String(in, StandardCharsets.UTF_8);
        Map<String, String> reqHeaders = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> reqHeaders.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        Answer answer;
        long[] limits;
        synchronized (lock) {
            limits = countRequest();
        }
        try {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8),
                    ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
                throw new Refusal(401, "unauthorized", "Unable to authenticate you");
            }
            Integer fault = faults.poll();
            if (fault != null) {
                if (fault == 429) {
                    limits = new long[]{rateLimit, 0, Instant.now().getEpochSecond() + 1};
                    throw new Refusal(429, "too_many_requests", "API Rate limit exceeded.");
                }
                throw new Refusal(fault, "server_error", "Server was unable to give you a response.");
            }
            if (limits[1] < 0) {
                limits[1] = 0;
                throw new Refusal(429, "too_many_requests", "API Rate limit exceeded.");
            }
            answer = route(method, path, parseQuery(query), requestBody);
            if (answer.status() < 300 && takeAfterFault(method + " " + path)) {
                throw new Refusal(500, "server_error", "Server was unable to give you a response.");
            }
        } catch (Refusal r) {
            ObjectNode e = JSON.createObjectNode().put("id", r.id).put("message", r.getMessage())
                    .put("request_id", UUID.randomUUID().toString());
            answer = new Answer(r.status, e);
        } catch (RuntimeException e) {
            log.warn("stand-in failed on {} {}", method, path, e);
            answer = new Answer(500, JSON.createObjectNode().put("id", "server_error").put("message", "Server was unable to give you a response."));
        }
        Map<String, String> respHeaders = new LinkedHashMap<>();
        respHeaders.put("ratelimit-limit", String.valueOf(limits[0]));
        respHeaders.put("ratelimit-remaining", String.valueOf(Math.max(0, limits[1])));
        respHeaders.put("ratelimit-reset", String.valueOf(limits[2]));
        respHeaders.put("content-type", "application/json; charset=utf-8");
        respHeaders.put("x-request-id", UUID.randomUUID().toString());
        byte[] out = answer.body() == null ? new byte[0] : JSON.writeValueAsBytes(answer.body());
        exchanges.add(new Exchange(method, path, query, reqHeaders, requestBody, answer.status(), respHeaders,
                new String(out, StandardCharsets.UTF_8)));
        respHeaders.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) ex.getResponseBody().write(out);
        ex.close();
    }

    private boolean takeAfterFault(String key) {
        synchronized (afterFaults) {
            Integer left = afterFaults.get(key);
            if (left == null || left <= 0) return false;
            afterFaults.put(key, left - 1);
            return true;
        }
    }

    /** {limit, remaining (negative when over), reset epoch seconds}. */
    private long[] countRequest() {
        Instant now = Instant.now();
        if (now.isAfter(windowStart.plus(rateWindow))) {
            windowStart = now;
            used = 0;
        }
        used++;
        long reset = windowStart.plus(rateWindow).getEpochSecond() + 1;
        return new long[]{rateLimit, rateLimit - used, reset};
    }

    private static Map<String, String> parseQuery(String q) {
        Map<String, String> m = new LinkedHashMap<>();
        if (q.isEmpty()) return m;
        for (String kv : q.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private static final Pattern DROPLET = Pattern.compile("/v2/droplets/([0-9]+)");
    private static final Pattern ACTION = Pattern.compile("/v2/actions/([0-9]+)");
    private static final Pattern KEY = Pattern.compile("/v2/account/keys/([^/]+)");

    private Answer route(String method, String path, Map<String, String> q, String body) {
        Matcher m;
        synchronized (lock) {
            switch (method + " " + path) {
                case "GET /v2/droplets":
                    return listDroplets(q);
                case "POST /v2/droplets":
                    return createDroplet(json(body));
                case "DELETE /v2/droplets":
                    return deleteByTag(q);
                case "GET /v2/sizes": {
                    List<JsonNode> all = new ArrayList<>();
                    for (Object[] s : SIZES) all.add(size(s));
                    return page("/v2/sizes", "sizes", all, q, "");
                }
                case "GET /v2/regions": {
                    List<JsonNode> all = new ArrayList<>();
                    for (String[] r : REGIONS) all.add(region(r));
                    return page("/v2/regions", "regions", all, q, "");
                }
                case "GET /v2/images": {
                    String type = q.get("type");
                    if (type != null && !type.equals("distribution") && !type.equals("application")) {
                        throw new Refusal(400, "bad_request", "type must be distribution or application");
                    }
                    List<JsonNode> all = new ArrayList<>();
                    if (!"application".equals(type)) for (Object[] i : IMAGES) all.add(image(i));
                    return page("/v2/images", "images", all, q, type == null ? "" : "type=" + type);
                }
                case "GET /v2/account/keys":
                    return page("/v2/account/keys", "ssh_keys", new ArrayList<>(sshKeys.values()), q, "");
                case "POST /v2/account/keys":
                    return createKey(json(body));
                default:
                    break;
            }
            if ((m = DROPLET.matcher(path)).matches()) {
                long id = Long.parseLong(m.group(1));
                ObjectNode d = droplets.get(id);
                if (d == null) throw notFound();
                if (method.equals("GET")) return new Answer(200, JSON.createObjectNode().set("droplet", d.deepCopy()));
                if (method.equals("DELETE")) {
                    destroy(id);
                    return new Answer(204, null);
                }
            }
            if ((m = ACTION.matcher(path)).matches() && method.equals("GET")) {
                ObjectNode a = actions.get(Long.parseLong(m.group(1)));
                if (a == null) throw notFound();
                return new Answer(200, JSON.createObjectNode().set("action", a.deepCopy()));
            }
            if ((m = KEY.matcher(path)).matches() && method.equals("GET")) {
                String ref = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
                for (ObjectNode k : sshKeys.values()) {
                    if (k.get("id").asText().equals(ref) || k.get("fingerprint").asText().equals(ref)) {
                        return new Answer(200, JSON.createObjectNode().set("ssh_key", k.deepCopy()));
                    }
                }
                throw notFound();
            }
        }
        throw notFound();
    }

    private static Refusal notFound() {
        return new Refusal(404, "not_found", "The resource you were accessing could not be found.");
    }

    private static JsonNode json(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) throw new Refusal(400, "bad_request", "the body must be a JSON object");
            return n;
        } catch (IOException e) {
            throw new Refusal(400, "bad_request", "the body is not JSON");
        }
    }

    /** One page of {@code all}: {@code per_page} (default 20, at most 200) from {@code page} (default 1). */
    private Answer page(String path, String key, List<JsonNode> all, Map<String, String> q, String keep) {
        int perPage = intParam(q, "per_page", 20, 1, 200);
        int page = intParam(q, "page", 1, 1, Integer.MAX_VALUE);
        int from = (int) Math.min(all.size(), (long) (page - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        ObjectNode r = JSON.createObjectNode();
        ArrayNode items = r.putArray(key);
        for (JsonNode n : all.subList(from, to)) items.add(n.deepCopy());
        ObjectNode pages = JSON.createObjectNode();
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        String prefix = url() + path + "?" + (keep.isEmpty() ? "" : keep + "&") + "per_page=" + perPage + "&page=";
        if (page > 1) {
            pages.put("first", prefix + 1);
            pages.put("prev", prefix + (page - 1));
        }
        if (page < last) {
            pages.put("last", prefix + last);
            pages.put("next", prefix + (page + 1));
        }
        r.putObject("links").set("pages", pages);
        r.putObject("meta").put("total", all.size());
        return new Answer(200, r);
    }

    private static int intParam(Map<String, String> q, String name, int def, int min, int max) {
        String v = q.get(name);
        if (v == null) return def;
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new Refusal(400, "bad_request", name + " must be a number from " + min + " to " + max);
        }
    }

    private Answer listDroplets(Map<String, String> q) {
        String tag = q.get("tag_name");
        String name = q.get("name");
        if (tag != null && (name != null || q.containsKey("type"))) {
            throw new Refusal(400, "bad_request", "tag_name can not be combined with name or type");
        }
        List<JsonNode> all = new ArrayList<>();
        for (ObjectNode d : droplets.values()) {
            if (tag != null && !contains(d.get("tags"), tag)) continue;
            if (name != null && !d.get("name").asText().equalsIgnoreCase(name)) continue;
            if ("gpus".equals(q.get("type"))) continue;
            all.add(d);
        }
        String keep = tag != null ? "tag_name=" + enc(tag) : name != null ? "name=" + enc(name) : "";
        return page("/v2/droplets", "droplets", all, q, keep);
    }

    private static String enc(String s) { return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static boolean contains(JsonNode array, String s) {
        for (JsonNode n : array) if (n.asText().equals(s)) return true;
        return false;
    }

    private Answer createDroplet(JsonNode req) {
        if (req.has("names")) throw new Refusal(422, "unprocessable_entity", "this stand-in creates one droplet per request");
        String name = req.path("name").asText("");
        if (name.isEmpty() || name.length() > 255 || !NAME.matcher(name).matches()) {
            throw new Refusal(422, "unprocessable_entity", "Name is invalid: only letters, digits, dots and dashes");
        }
        Object[] size = findSize(req.path("size").asText(""));
        if (size == null) throw new Refusal(422, "unprocessable_entity", "You specified an invalid size for Droplet creation.");
        String regionSlug = req.path("region").asText("nyc3");
        String[] region = findRegion(regionSlug);
        if (region == null) throw new Refusal(422, "unprocessable_entity", "You specified an invalid region for Droplet creation.");
        Object[] image = findImage(req.path("image"));
        if (image == null) throw new Refusal(422, "unprocessable_entity", "You specified an invalid image for Droplet creation.");
        for (JsonNode k : req.path("ssh_keys")) {
            boolean known = sshKeys.values().stream().anyMatch(x -> x.get("id").asText().equals(k.asText())
                    || x.get("fingerprint").asText().equals(k.asText()));
            if (!known) throw new Refusal(422, "unprocessable_entity", "ssh_keys: " + k.asText() + " is not a key of this account");
        }
        String userData = req.hasNonNull("user_data") ? req.get("user_data").asText() : null;
        if (userData != null && userData.getBytes(StandardCharsets.UTF_8).length > 64 * 1024) {
            throw new Refusal(422, "unprocessable_entity", "user_data is limited to 64 KiB");
        }
        long id = nextId++;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode d = JSON.createObjectNode();
        d.put("id", id).put("name", name).put("memory", (int) size[1]).put("vcpus", (int) size[2]).put("disk", (int) size[3]);
        ArrayNode diskInfo = d.putArray("disk_info");
        diskInfo.addObject().put("type", "local").putObject("size").put("amount", (int) size[3]).put("unit", "gib");
        d.put("locked", false).put("status", "new").put("created_at", now.toString());
        ArrayNode features = d.putArray("features");
        if (req.path("backups").asBoolean()) features.add("backups");
        if (req.path("ipv6").asBoolean()) features.add("ipv6");
        if (req.path("monitoring").asBoolean()) features.add("monitoring");
        features.add("private_networking");
        d.putArray("backup_ids");
        ObjectNode window = d.putObject("next_backup_window");
        window.put("start", now.plus(1, ChronoUnit.DAYS).toString()).put("end", now.plus(1, ChronoUnit.DAYS).plus(23, ChronoUnit.HOURS).toString());
        d.putArray("snapshot_ids");
        d.set("image", image(image));
        d.putArray("volume_ids");
        d.set("size", size(size));
        d.put("size_slug", (String) size[0]);
        ObjectNode networks = d.putObject("networks");
        networks.putArray("v4");
        networks.putArray("v6");
        d.set("region", region(region));
        ArrayNode tags = d.putArray("tags");
        List<String> tagList = new ArrayList<>();
        for (JsonNode t : req.path("tags")) {
            tags.add(t.asText());
            tagList.add(t.asText());
        }
        d.put("vpc_uuid", req.hasNonNull("vpc_uuid") ? req.get("vpc_uuid").asText() : vpcOf(regionSlug));
        droplets.put(id, d);
        Created c = new Created(id, name, regionSlug, (String) size[0], (String) image[1], List.copyOf(tagList), userData);
        created.put(id, c);
        long actionId = nextId++;
        ObjectNode action = JSON.createObjectNode();
        action.put("id", actionId).put("status", "in-progress").put("type", "create").put("started_at", now.toString())
                .putNull("completed_at");
        action.put("resource_id", id).put("resource_type", "droplet");
        action.set("region", region(region));
        action.put("region_slug", regionSlug);
        actions.put(actionId, action);
        booters.submit(() -> boot(c, actionId));
        ObjectNode r = JSON.createObjectNode();
        r.set("droplet", d.deepCopy());
        r.putObject("links").putArray("actions").addObject().put("id", actionId).put("rel", "create")
                .put("href", url() + "/v2/actions/" + actionId);
        return new Answer(202, r);
    }

    private static String vpcOf(String region) {
        return UUID.nameUUIDFromBytes(("default-vpc-" + region).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void boot(Created c, long actionId) {
        Addresses a;
        try {
            a = booter.boot(c);
        } catch (Exception e) {
            log.warn("droplet {} did not boot: {}", c.name(), e.toString());
            synchronized (lock) {
                ObjectNode action = actions.get(actionId);
                if (action != null) action.put("status", "errored").put("completed_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            }
            return;
        }
        synchronized (lock) {
            ObjectNode d = droplets.get(c.id());
            ObjectNode action = actions.get(actionId);
            if (action != null) action.put("status", "completed").put("completed_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            if (d == null) return; // deleted while booting
            ArrayNode v4 = (ArrayNode) d.get("networks").get("v4");
            v4.addObject().put("ip_address", a.publicIpv4()).put("netmask", "255.255.255.0")
                    .put("gateway", a.publicIpv4().replaceAll("\\.[0-9]+$", ".1")).put("type", "public");
            if (a.privateIpv4() != null) {
                v4.addObject().put("ip_address", a.privateIpv4()).put("netmask", "255.255.0.0")
                        .put("gateway", a.privateIpv4().replaceAll("\\.[0-9]+$", ".1")).put("type", "private");
            }
            if (contains(d.get("features"), "ipv6")) {
                ((ArrayNode) d.get("networks").get("v6")).addObject().put("ip_address", "2001:db8::" + Long.toHexString(c.id() & 0xffff))
                        .put("netmask", 64).put("gateway", "2001:db8::1").put("type", "public");
            }
            d.put("status", "active");
        }
    }

    private void destroy(long id) {
        droplets.remove(id);
        Created c = created.remove(id);
        if (c != null) booters.submit(() -> booter.destroy(c));
    }

    private Answer deleteByTag(Map<String, String> q) {
        String tag = q.get("tag_name");
        if (tag == null || tag.isEmpty()) throw new Refusal(400, "bad_request", "tag_name is required");
        for (Long id : new ArrayList<>(droplets.keySet())) {
            if (contains(droplets.get(id).get("tags"), tag)) destroy(id);
        }
        return new Answer(204, null);
    }

    private Answer createKey(JsonNode req) {
        String name = req.path("name").asText("");
        String pub = req.path("public_key").asText("");
        String[] parts = pub.strip().split("\\s+");
        if (name.isEmpty() || parts.length < 2 || !parts[0].startsWith("ssh-") && !parts[0].startsWith("ecdsa-")) {
            throw new Refusal(422, "unprocessable_entity", "Key invalid, key should be of the form 'type key [comment]'");
        }
        byte[] blob;
        try {
            blob = java.util.Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new Refusal(422, "unprocessable_entity", "Key invalid: not base64");
        }
        String fp;
        try {
            fp = HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("MD5").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (ObjectNode k : sshKeys.values()) {
            if (k.get("fingerprint").asText().equals(fp)) throw new Refusal(422, "unprocessable_entity", "SSH Key is already in use on your account");
        }
        long id = nextId++;
        ObjectNode k = JSON.createObjectNode().put("id", id).put("fingerprint", fp).put("public_key", pub.strip()).put("name", name);
        sshKeys.put(id, k);
        return new Answer(201, JSON.createObjectNode().set("ssh_key", k.deepCopy()));
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        booters.shutdownNow();
    }
}
