package dev.jsalt.master.it;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.metrics.Exposition;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.states.StateService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /metrics on a real master with real minions on loopback: jobs and state runs move the counters by exactly what
 * their results say, a scrape after nothing happened shows no change, the exposition parses strictly, and the
 * read-only metrics token opens /metrics and nothing else.
 */
class MetricsTest {
    private static final String METRICS_TOKEN = "m3tr1cs-only-0123456789abcdef";

    private Fleet fleet;
    private Path fs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws Exception {
        fleet = new Fleet();
        Path tree = Files.createDirectories(fleet.dir.resolve("states"));
        fs = Files.createDirectories(fleet.dir.resolve("fs"));
        Files.writeString(tree.resolve("top.sls"), "base:\n  'role=app':\n    - web\n");
        Files.writeString(tree.resolve("web.sls"), String.join("\n",
                "conf:",
                "  file.managed:",
                "    - name: " + fs + "/{{ grains['id'] }}.conf",
                "    - contents: 'id={{ grains['id'] }}'",
                "marker:",
                "  cmd.run:",
                "    - name: touch " + fs + "/{{ grains['id'] }}.marker",
                "    - onchanges:",
                "      - file: conf",
                ""));
        Files.writeString(tree.resolve("dry.sls"), String.join("\n",
                "planned:",
                "  file.managed:",
                "    - name: " + fs + "/{{ grains['id'] }}.planned",
                "    - contents: never written",
                ""));
        Path d = Files.createDirectories(fleet.masterDir());
        Files.writeString(d.resolve("metrics.token"), METRICS_TOKEN + "\n");
        Files.writeString(d.resolve("master.yaml"), String.join("\n", "root_dir: root", "bind: 127.0.0.1",
                "port: " + fleet.port, "key_port: " + fleet.keyPort,
                "api:", "  bind: 127.0.0.1", "  port: " + fleet.apiPort, "  metrics_token_file: metrics.token",
                "job_timeout: 5", "state_tree:", "  dir: " + tree,
                "reactor:",
                "  - event: test/ok", "    apply: {target: 'nobody-*', sls: [web]}",
                "  - event: test/bad", "    apply: {target: ghost, sls: [missing]}", ""));
        fleet.master = new MasterDaemon(MasterConfig.load(d));
        fleet.startMinion("app1", "app");
        fleet.startMinion("app2", "app");
        fleet.acceptAndAwaitConnected("app1", "app2");
        // accepted but never connected: its part of a job is "not connected"
        fleet.master.keys().register("ghost", CurveKeys.generate().publicZ85());
        fleet.master.keys().setState("ghost", KeyState.ACCEPTED);
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.apiPort + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String json) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.apiPort + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private Exposition.Parsed scrape(String token) throws Exception {
        HttpResponse<String> r = get("/metrics", token);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        return Exposition.parse(r.body());
    }

    private Exposition.Parsed scrape() throws Exception {
        return scrape(Api.token(fleet));
    }

    private List<MinionResult> apply(String sls, boolean test) throws Exception {
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        fleet.master.states().apply(new StateService.ApplyRequest("role=app", List.of(sls), test, null, false, 60, "test"), e -> {
            if (e instanceof JobEvent.Done d) done.complete(d.results());
        });
        return done.get(90, TimeUnit.SECONDS);
    }

    /** State results in {@code results} by "module/outcome", as the metrics label them. */
    private static Map<String, Integer> stateCounts(List<MinionResult> results) {
        Map<String, Integer> out = new HashMap<>();
        for (MinionResult r : results) {
            for (Object o : (List<?>) r.result()) {
                Map<?, ?> m = (Map<?, ?>) o;
                String module = String.valueOf(m.get("function")).split("\\.")[0];
                out.merge(module + "/" + String.valueOf(m.get("outcome")).toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        return out;
    }

    private static double delta(Exposition.Parsed before, Exposition.Parsed after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    @Test
    void jobsAndStateRunsMoveTheCountersByExactlyTheirResults() throws Exception {
        Exposition.Parsed s0 = scrape();
        assertEquals(2, s0.value("jsalt_minions_connected"));
        assertEquals(3, s0.value("jsalt_minion_keys", "state", "accepted"));
        assertEquals(0, s0.value("jsalt_minion_keys", "state", "pending"));
        assertTrue(s0.value("jsalt_handshakes_total", "result", "ok") >= 2, "each minion's CURVE handshake was counted");
        assertTrue(s0.value("jsalt_minion_connections_total") >= 2);
        assertEquals(1, s0.value("jsalt_api_calls_running", "lane", "api"), "the scrape itself");
        assertEquals(0, s0.value("jsalt_api_calls_running", "lane", "compile"));
        assertTrue(s0.has("jsalt_api_calls_waiting", "lane", "compile"));

        // 1. test.ping everywhere: two returns, the ghost not connected, so the job is incomplete
        Map<String, MinionResult> ping = fleet.run("*", "test.ping", List.of(), Map.of(), 10);
        assertEquals(MinionStatus.NOT_CONNECTED, ping.get("ghost").status());
        assertEquals(MinionStatus.RETURNED, ping.get("app1").status());
        // 2. a command that fails on both
        Map<String, MinionResult> fail = fleet.run("role=app", "cmd.run", List.of("false"), Map.of(), 10);
        assertEquals(MinionStatus.FAILED, fail.get("app1").status());
        assertEquals(MinionStatus.FAILED, fail.get("app2").status());
        // 3. a function outside the catalog: labelled "other" (the minions refuse it)
        Map<String, MinionResult> odd = fleet.run("role=app", "evil.fn", List.of(), Map.of(), 10);
        assertEquals(MinionStatus.FAILED, odd.get("app1").status());
        // 4. a real state run, then 5. a test run of a file that does not exist yet
        List<MinionResult> real = apply("web", false);
        List<MinionResult> dry = apply("dry", true);
        for (MinionResult r : real) assertEquals(MinionStatus.RETURNED, r.status(), String.valueOf(r.result()));
        for (MinionResult r : dry) assertEquals(MinionStatus.RETURNED, r.status(), String.valueOf(r.result()));
        Map<String, Integer> realStates = stateCounts(real);
        Map<String, Integer> dryStates = stateCounts(dry);
        assertEquals(Map.of("file/changed", 2, "cmd/changed", 2), realStates);
        assertEquals(Map.of("file/would_change", 2), dryStates);

        Exposition.Parsed s1 = scrape();
        assertEquals(1, delta(s0, s1, "jsalt_jobs_started_total", "function", "test.ping"));
        assertEquals(1, delta(s0, s1, "jsalt_jobs_started_total", "function", "cmd.run"));
        assertEquals(1, delta(s0, s1, "jsalt_jobs_started_total", "function", "other"));
        assertEquals(2, delta(s0, s1, "jsalt_jobs_started_total", "function", "state.apply"));
        assertEquals(0, s1.value("jsalt_jobs_started_total", "function", "evil.fn"));
        assertEquals(1, delta(s0, s1, "jsalt_jobs_finished_total", "function", "test.ping", "outcome", "incomplete"));
        assertEquals(1, delta(s0, s1, "jsalt_jobs_finished_total", "function", "cmd.run", "outcome", "failed"));
        assertEquals(1, delta(s0, s1, "jsalt_jobs_finished_total", "function", "other", "outcome", "failed"));
        assertEquals(2, delta(s0, s1, "jsalt_jobs_finished_total", "function", "state.apply", "outcome", "ok"));
        assertEquals(s0.value("jsalt_jobs_running"), s1.value("jsalt_jobs_running"));
        assertEquals(0, s1.value("jsalt_jobs_running"));

        // every minion's part, without a minion label: 2 ping + 4 state returns, 2 + 2 failures, 1 not connected
        assertEquals(6, delta(s0, s1, "jsalt_job_minion_results_total", "status", "returned"));
        assertEquals(4, delta(s0, s1, "jsalt_job_minion_results_total", "status", "failed"));
        assertEquals(1, delta(s0, s1, "jsalt_job_minion_results_total", "status", "not_connected"));
        for (String st : List.of("no_response", "disconnected", "late")) {
            assertTrue(s1.has("jsalt_job_minion_results_total", "status", st), st + " is exported from the start");
            assertEquals(0, delta(s0, s1, "jsalt_job_minion_results_total", "status", st), st);
        }

        // the durations: one observation per finished job, by function
        assertEquals(2, delta(s0, s1, "jsalt_job_duration_seconds_count", "function", "state.apply"));
        assertEquals(1, delta(s0, s1, "jsalt_job_duration_seconds_count", "function", "test.ping"));
        assertTrue(delta(s0, s1, "jsalt_job_duration_seconds_sum", "function", "state.apply") > 0);

        // states per module and outcome, exactly as the returns said
        for (String key : List.of("file/changed", "cmd/changed", "file/would_change", "file/unchanged", "file/failed", "cmd/failed")) {
            String[] mo = key.split("/");
            int expected = realStates.getOrDefault(key, 0) + dryStates.getOrDefault(key, 0);
            assertEquals(expected, delta(s0, s1, "jsalt_state_results_total", "module", mo[0], "outcome", mo[1]), key);
        }
        // one compile per minion and run
        assertEquals(4, delta(s0, s1, "jsalt_state_compile_seconds_count"));
        assertEquals(0, delta(s0, s1, "jsalt_state_compile_errors_total"));

        // nothing happened: nothing of jsalt's moved
        Exposition.Parsed s2 = scrape();
        assertEquals(s1.withPrefix("jsalt_"), s2.withPrefix("jsalt_"));
    }

    @Test
    void aCompileErrorIsCountedAndNothingIsSent() throws Exception {
        Exposition.Parsed s0 = scrape();
        Files.writeString(fleet.master.config().configDir().resolve("../states/bad.sls").normalize(),
                "x:\n  file.managed:\n    - name: /tmp/x\n    - require:\n      - file: nope\n");
        assertEquals(400, post("/v1/apply", Api.token(fleet), "{\"target\":\"role=app\",\"sls\":[\"bad\"]}").statusCode());
        Exposition.Parsed s1 = scrape();
        assertEquals(1, delta(s0, s1, "jsalt_state_compile_errors_total"));
        assertEquals(1, delta(s0, s1, "jsalt_state_compile_seconds_count"));
        assertEquals(0, delta(s0, s1, "jsalt_jobs_started_total", "function", "state.apply"));
    }

    @Test
    void reactorRunsAreCountedStartedOrError() throws Exception {
        Exposition.Parsed s0 = scrape();
        assertTrue(s0.has("jsalt_reactor_runs_total", "outcome", "started"));
        fleet.master.events().publish("test/ok", Map.of());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape().value("jsalt_reactor_runs_total", "outcome", "started") == 1);
        // the ghost's compile fails (no such sls): the reactor could not start that run
        fleet.master.events().publish("test/bad", Map.of());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape().value("jsalt_reactor_runs_total", "outcome", "error") == 1);
        Exposition.Parsed s1 = scrape();
        assertEquals(1, delta(s0, s1, "jsalt_reactor_runs_total", "outcome", "started"));
        assertEquals(1, delta(s0, s1, "jsalt_reactor_runs_total", "outcome", "error"));
        assertEquals(1, delta(s0, s1, "jsalt_state_compile_errors_total"));
        // the started run targeted nobody: a state.apply job with no minion, finished ok at once
        assertEquals(1, delta(s0, s1, "jsalt_jobs_started_total", "function", "state.apply"));
        assertEquals(1, delta(s0, s1, "jsalt_jobs_finished_total", "function", "state.apply", "outcome", "ok"));
    }

    @Test
    void theExpositionIsValidAndCarriesJvmAndProcessFigures() throws Exception {
        // a labelled series appears with its first increment: one job makes every job family appear
        fleet.run("role=app", "test.ping", List.of(), Map.of(), 10);
        HttpResponse<String> r = get("/metrics", Api.token(fleet));
        Exposition.Parsed p = Exposition.parse(r.body());
        // text format 0.0.4 as the client library writes it: a counter's TYPE names it with its _total
        for (String fam : List.of("jsalt_jobs_started_total", "jsalt_jobs_finished_total", "jsalt_job_minion_results_total",
                "jsalt_reactor_runs_total", "jsalt_handshakes_total", "jsalt_minion_connections_total",
                "jsalt_minion_disconnections_total", "jsalt_state_compile_errors_total")) {
            assertEquals("counter", p.types().get(fam), fam);
        }
        for (String fam : List.of("jsalt_job_duration_seconds", "jsalt_state_compile_seconds", "jsalt_handshake_duration_seconds")) {
            assertEquals("histogram", p.types().get(fam), fam);
        }
        for (String fam : List.of("jsalt_minion_keys", "jsalt_minions_connected", "jsalt_jobs_running")) {
            assertEquals("gauge", p.types().get(fam), fam);
        }
        assertEquals("gauge", p.types().get("jvm_memory_used_bytes"));
        assertEquals("counter", p.types().get("process_cpu_seconds_total"));
        assertTrue(p.value("process_resident_memory_bytes") > 0);
        assertTrue(p.value("jvm_threads_current") > 0);
        // the parser is strict: it refuses what Prometheus would
        for (String bad : List.of("jsalt_x 1\n", "# TYPE a counter\na_total{x=\"1} 1\n", "# TYPE a gauge\na one\n",
                "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n", "# TYPE a gauge\na 1")) {
            try {
                Exposition.parse(bad);
                throw new AssertionError("accepted: " + bad);
            } catch (IllegalArgumentException expected) {
                // refused, as it must be
            }
        }
    }

    @Test
    void theMetricsTokenOpensMetricsAndNothingElse() throws Exception {
        String api = Api.token(fleet);
        assertNotEquals(api, METRICS_TOKEN);
        Exposition.Parsed viaMetricsToken = scrape(METRICS_TOKEN);
        assertEquals(2, viaMetricsToken.value("jsalt_minions_connected"));
        scrape(api); // the API token opens it too

        assertEquals(403, get("/v1/keys", METRICS_TOKEN).statusCode());
        assertEquals(403, get("/v1/health", METRICS_TOKEN).statusCode());
        assertEquals(403, get("/v1/jobs", METRICS_TOKEN).statusCode());
        HttpResponse<String> publish = post("/v1/jobs", METRICS_TOKEN, "{\"target\":\"*\",\"fun\":\"test.ping\",\"async\":true}");
        assertEquals(403, publish.statusCode());
        assertTrue(publish.body().contains("grants GET /metrics only"), publish.body());
        assertEquals(403, post("/metrics", METRICS_TOKEN, "{}").statusCode());
        assertEquals(0, fleet.master.tracker().list(10).size(), "nothing was published with the metrics token");

        assertEquals(401, get("/metrics", null).statusCode());
        assertEquals(401, get("/metrics", "wrong-token-0123456789").statusCode());
        assertEquals(401, get("/metrics", METRICS_TOKEN + "x").statusCode());
        assertEquals(200, get("/v1/keys", api).statusCode());
    }
}
