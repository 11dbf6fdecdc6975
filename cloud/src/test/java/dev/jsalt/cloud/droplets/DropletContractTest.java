package dev.jsalt.cloud.droplets;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client and the stand-in against DigitalOcean's published OpenAPI document: every request the client sends
 * and every answer the stand-in gives in a session that uses every operation jsalt needs (and the error paths) must
 * conform to the document, not just to each other.
 */
class DropletContractTest {
    static OpenApiContract spec;
    private DropletStandIn standIn;

    @BeforeAll
    static void load() throws Exception {
        spec = new OpenApiContract("/digitalocean/openapi-subset.yaml");
    }

    @AfterEach
    void stop() {
        if (standIn != null) standIn.close();
    }

    private static final String TOKEN = "dop_v1_" + "0123456789abcdef".repeat(4);

    private DigitalOcean client(String token, int perPage) {
        return new DigitalOcean(standIn.url(), ApiToken.of(token, "test"),
                new DigitalOcean.Retry(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5)),
                d -> Thread.sleep(d.toMillis()), perPage);
    }

    /** Each exchange, request and answer, checked against the document; answers the operationIds seen. */
    private Set<String> assertConforms(List<DropletStandIn.Exchange> exchanges) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (var x : exchanges) {
            problems.addAll(spec.checkRequest(x.method(), x.path(), x.query(), x.requestHeaders(), x.requestBody()));
            problems.addAll(spec.checkResponse(x.method(), x.path(), x.status(), x.responseHeaders(), x.responseBody()));
            var op = spec.find(x.method(), x.path());
            if (op != null) seen.add(op.node().path("operationId").asText() + " " + x.status());
        }
        assertTrue(problems.isEmpty(), "not as the document says:\n" + String.join("\n", problems));
        return seen;
    }

    @Test
    void theDocumentIsReadAsYaml12() {
        // 'off' must stay a string (a YAML 1.1 reader makes it false, and the droplet schema would refuse real answers).
        JsonNode status = spec.document().at("/components/schemas/droplet/properties/status/enum");
        assertTrue(status.toString().contains("\"off\""), status.toString());
    }

    @Test
    void aWholeSessionConformsToTheDocument() throws Exception {
        standIn = new DropletStandIn(TOKEN, DropletStandIn.addressesAfter(Duration.ofMillis(150)));
        DigitalOcean dc = client(TOKEN, 2); // small pages: every list takes several
        JsonNode key = dc.createSshKey("ops", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@example");
        assertTrue(key.path("fingerprint").asText().matches("([0-9a-f]{2}:){15}[0-9a-f]{2}"));
        assertEquals(1, dc.sshKeys().size());
        assertEquals(10, dc.sizes().size());
        assertEquals(9, dc.regions().size());
        assertEquals(6, dc.images("distribution").size());
        List<Droplet> made = new ArrayList<>();
        for (String name : List.of("app1", "app2", "db1", "other1")) {
            made.add(dc.createDroplet(new DropletRequest(name, "fra1", "s-1vcpu-1gb", "debian-12-x64",
                    List.of(key.get("fingerprint").asText()), false, name.startsWith("app"), true,
                    name.startsWith("other") ? List.of("elsewhere") : List.of("jsalt", "jsalt-role-" + name.replaceAll("[0-9]", "")),
                    null, "#!/bin/sh\necho hello from " + name + "\n")));
        }
        assertEquals("new", made.get(0).status());
        Droplet up = dc.awaitActive(made.get(0).id(), Duration.ofSeconds(10), Duration.ofMillis(50));
        assertTrue(up.publicIpv4().startsWith("203.0.113."), up.toString());
        assertTrue(up.privateIpv4().startsWith("10.10."), up.toString());
        assertTrue(up.publicIpv6() != null, "ipv6 asked");
        for (Droplet d : made) dc.awaitActive(d.id(), Duration.ofSeconds(10), Duration.ofMillis(50));
        List<Droplet> tagged = dc.listDroplets("jsalt");
        assertEquals(List.of("app1", "app2", "db1"), tagged.stream().map(Droplet::name).toList());
        assertEquals(4, dc.listDroplets(null).size());
        assertEquals(1, dc.dropletsNamed("db1").size());
        assertEquals("completed", dc.action(standIn.exchanges().stream()
                .filter(x -> x.method().equals("POST") && x.path().equals("/v2/droplets")).findFirst()
                .map(x -> readTree(x.responseBody()).at("/links/actions/0/id").asLong()).orElseThrow()).path("status").asText());

        // faults: 429 waited out, 500 retried for idempotent calls
        standIn.injectFaults(429, 1);
        standIn.injectFaults(500, 2);
        assertEquals(3, dc.listDroplets("jsalt").size());

        // errors: one line with DigitalOcean's id and message
        DoException bad = assertThrows(DoException.class, () -> dc.createDroplet(new DropletRequest("web1", "fra1", "s-99vcpu",
                "debian-12-x64", List.of(), false, false, false, List.of(), null, null)));
        assertEquals("DigitalOcean POST /v2/droplets: 422 unprocessable_entity: You specified an invalid size for Droplet creation.",
                bad.getMessage().replaceAll(" \\(request [^)]*\\)$", ""));
        assertTrue(dc.deleteDroplet(made.get(3).id()));
        assertFalse(dc.deleteDroplet(made.get(3).id()), "already gone");
        assertTrue(dc.getDroplet(made.get(3).id()).isEmpty());
        DoException unauth = assertThrows(DoException.class, () -> client("dop_v1_wrong", 20).listDroplets(null));
        assertEquals(401, unauth.status());
        assertFalse(unauth.getMessage().contains("dop_v1_wrong"), unauth.getMessage());

        Set<String> seen = assertConforms(standIn.exchanges());
        for (String op : List.of("sshKeys_create 201", "sshKeys_list 200", "sizes_list 200", "regions_list 200", "images_list 200",
                "droplets_create 202", "droplets_create 422", "droplets_list 429", "droplets_list 200", "droplets_list 500",
                "droplets_get 200", "droplets_get 404", "droplets_destroy 204", "droplets_destroy 404", "droplets_list 401",
                "actions_get 200")) {
            assertTrue(seen.contains(op), "not exercised: " + op + " (seen " + seen + ")");
        }
    }

    @Test
    void deleteByTagAndSshKeyLookupConform() throws Exception {
        standIn = new DropletStandIn(TOKEN, DropletStandIn.addressesAfter(Duration.ZERO));
        DigitalOcean dc = client(TOKEN, 20);
        JsonNode key = dc.createSshKey("k", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");
        assertEquals(key.get("id").asLong(), dc.call("GET", "/v2/account/keys/" + key.get("fingerprint").asText(), "", null)
                .at("/ssh_key/id").asLong());
        for (int i = 0; i < 3; i++) {
            dc.createDroplet(new DropletRequest("t" + i, "ams3", "s-1vcpu-2gb", "112929454", List.of(key.get("id").asText()),
                    true, false, false, List.of("gone"), null, null));
        }
        dc.call("DELETE", "/v2/droplets", "tag_name=gone", null);
        assertTrue(dc.listDroplets("gone").isEmpty());
        Set<String> seen = assertConforms(standIn.exchanges());
        assertTrue(seen.contains("droplets_destroy_byTag 204"), seen.toString());
        assertTrue(seen.contains("sshKeys_get 200"), seen.toString());
    }

    @Test
    void aCreateWhoseActionErroredFailsAtOnceNotAfterTheTimeout() throws Exception {
        standIn = new DropletStandIn(TOKEN, d -> {
            throw new IllegalStateException("no room in the region");
        });
        DigitalOcean dc = client(TOKEN, 20);
        DigitalOcean.Creation made = dc.create(new DropletRequest("doomed1", "fra1", "s-1vcpu-1gb", "debian-12-x64", List.of(),
                false, false, false, List.of("jsalt"), null, null));
        assertTrue(made.actionId() > 0, "the answer's links name the create action");
        long t0 = System.nanoTime();
        DoException e;
        try (BootWatch watch = new BootWatch(dc, "jsalt", Duration.ofMillis(20))) {
            e = assertThrows(DoException.class, () -> watch.awaitActive(made.droplet().id(), made.actionId(), Duration.ofSeconds(60)));
        }
        assertTrue((System.nanoTime() - t0) < Duration.ofSeconds(30).toNanos(), "failed when the action errored, not at the timeout");
        assertTrue(e.getMessage().contains("create action " + made.actionId() + " errored"), e.getMessage());
        assertEquals("new", dc.getDroplet(made.droplet().id()).orElseThrow().status(), "the droplet itself never came up");
        Set<String> seen = assertConforms(standIn.exchanges());
        assertTrue(seen.contains("actions_get 200"), seen.toString());
    }

    @Test
    void theJudgeRefusesWhatTheDocumentDoesNotAllow() {
        // A droplet answer without its required fields, a request with a wrong type and an undeclared parameter:
        // each must be caught, or the checks above prove nothing.
        Map<String, String> h = Map.of("authorization", "Bearer x", "content-type", "application/json");
        Map<String, String> rh = Map.of("ratelimit-limit", "5000", "ratelimit-remaining", "4999", "ratelimit-reset", "1700000000",
                "content-type", "application/json");
        List<String> missing = spec.checkResponse("GET", "/v2/droplets/5", 200, rh, "{\"droplet\":{\"id\":5,\"name\":\"x\"}}");
        assertTrue(missing.stream().anyMatch(p -> p.contains("required") && p.contains("networks")), missing.toString());
        List<String> badIp = spec.checkResponse("GET", "/v2/droplets/5", 200, rh, validDroplet().replace("203.0.113.7", "203.0.113.999"));
        assertTrue(badIp.stream().anyMatch(p -> p.contains("ipv4")), "format assertions are on: " + badIp);
        assertEquals(List.of(), spec.checkResponse("GET", "/v2/droplets/5", 200, rh, validDroplet()));
        assertFalse(spec.checkResponse("GET", "/v2/droplets/5", 200, Map.of("content-type", "application/json"),
                "{\"droplet\":" + "{}" + "}").isEmpty(), "rate-limit headers missing");
        assertFalse(spec.checkRequest("POST", "/v2/droplets", "", h, "{\"name\":\"a\",\"size\":\"s\",\"image\":true}").isEmpty());
        assertFalse(spec.checkRequest("POST", "/v2/droplets", "", h, "{\"name\":\"a b\",\"size\":\"s\",\"image\":\"x\"}").isEmpty(),
                "name pattern");
        assertFalse(spec.checkRequest("GET", "/v2/droplets", "tag=x", h, "").isEmpty(), "undeclared query parameter");
        assertFalse(spec.checkRequest("GET", "/v2/droplets", "per_page=0", h, "").isEmpty(), "per_page minimum");
        assertFalse(spec.checkRequest("GET", "/v2/droplets", "", Map.of(), "").isEmpty(), "no token");
        assertFalse(spec.checkResponse("DELETE", "/v2/droplets/5", 418, rh, "{\"oops\":1}").isEmpty(), "default is the error schema");
        assertTrue(spec.checkResponse("DELETE", "/v2/droplets/5", 404, rh, "{\"id\":\"not_found\",\"message\":\"m\"}").isEmpty());
    }

    /** A droplet answer as the stand-in gives it, taken from a real stand-in session. */
    private static String validDroplet() {
        try (DropletStandIn s = new DropletStandIn(TOKEN, d -> new DropletStandIn.Addresses("203.0.113.7", "10.10.0.7"))) {
            DigitalOcean dc = new DigitalOcean(s.url(), ApiToken.of(TOKEN, "test"));
            Droplet d = dc.createDroplet(new DropletRequest("v", "fra1", "s-1vcpu-1gb", "debian-12-x64", List.of(), false, false,
                    false, List.of(), null, null));
            dc.awaitActive(d.id(), Duration.ofSeconds(5), Duration.ofMillis(20));
            return dc.call("GET", "/v2/droplets/" + d.id(), "", null).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readTree(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
