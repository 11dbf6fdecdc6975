package dev.jsalt.master.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad request bodies over real HTTP: a 400 whose one-line error names the field, before anything is compiled, recorded
 * or sent — streaming routes included (their 200 head waits for the first line).
 */
class ApiRequestTest {
    private Fleet fleet;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        fleet = new Fleet();
        fleet.startMaster();
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        String token = Files.readString(fleet.master.config().tokenFile()).strip();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.apiPort + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(int status, String error, String method, String path, String body) throws Exception {
        HttpResponse<String> r = call(method, path, body);
        assertEquals(status + " {\"error\":\"" + error + "\"}", r.statusCode() + " " + r.body().strip(), method + " " + path + " " + body);
    }

    @Test
    void fieldsOfTheWrongTypeAreRefusedByName() throws Exception {
        int jobs = fleet.tracker().list(1000).size();
        // a string "true" must not be taken as false: that would change servers instead of testing
        assertRefused(400, "'test' must be true or false, got true", "POST", "/v1/apply", "{\"target\":\"*\",\"sls\":\"app\",\"test\":\"true\"}");
        assertRefused(400, "'async' must be true or false, got 1", "POST", "/v1/jobs", "{\"target\":\"*\",\"fun\":\"test.ping\",\"async\":1}");
        // an sls that is not a name must not become "no sls", i.e. the whole top file
        assertRefused(400, "'sls' must be a string or a list of strings, got {app=1}", "POST", "/v1/apply",
                "{\"target\":\"*\",\"sls\":{\"app\":1},\"async\":true}");
        assertRefused(400, "'sls' must list strings, got 5", "POST", "/v1/show", "{\"target\":\"*\",\"sls\":[5]}");
        assertRefused(400, "'all' must be true or false, got yes", "POST", "/v1/keys/accept", "{\"all\":\"yes\"}");
        assertRefused(400, "'args' must be a list, e.g. [\\\"uptime\\\"]", "POST", "/v1/jobs",
                "{\"target\":\"*\",\"fun\":\"cmd.run\",\"args\":\"uptime\"}");
        assertRefused(400, "request body is not a JSON object", "POST", "/v1/jobs", "null");
        assertRefused(400, "request body is not a JSON object", "POST", "/v1/jobs", "[1]");
        assertRefused(400, "'test' must be true or false, got no", "POST", "/v1/orchestrate",
                "{\"file\":\"o.sls\",\"text\":\"p:\\n  salt.function:\\n    - name: test.ping\\n    - tgt: '*'\\n\",\"test\":\"no\"}");
        assertEquals(jobs, fleet.tracker().list(1000).size(), "nothing recorded");
    }

    @Test
    void streamingRoutesRefuseWithAStatusBeforeTheyStart() throws Exception {
        assertRefused(400, "bad glob 'web[z-a]': range z-a is backwards", "POST", "/v1/jobs", "{\"target\":\"web[z-a]\",\"fun\":\"test.ping\"}");
        assertRefused(400, "bad glob 'jsalt/[z-a]': range z-a is backwards", "GET", "/v1/events?tag=jsalt/%5Bz-a%5D", null);
        assertRefused(404, "no job 00000000000000000000", "GET", "/v1/jobs/00000000000000000000/events", null);
        HttpResponse<String> bad = call("POST", "/v1/orchestrate", "{\"file\":\"o.sls\",\"text\":\"p:\\n  salt.nope: []\\n\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals(true, bad.body().startsWith("{\"error\":\"o.sls:2:"), bad.body());
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void theEventStreamFollowsTheBus() throws Exception {
        String token = Files.readString(fleet.master.config().tokenFile()).strip();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.apiPort + "/v1/events?tag=test/*"))
                .header("Authorization", "Bearer " + token).GET().build();
        // the head arrives once the subscription is in place
        HttpResponse<java.util.stream.Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        fleet.master.events().publish("other/x", java.util.Map.of());
        fleet.master.events().publish("test/one", java.util.Map.of("n", 1));
        String line = r.body().findFirst().orElseThrow();
        assertEquals(true, line.contains("\"tag\":\"test/one\"") && line.contains("\"n\":1"), line);
    }
}
