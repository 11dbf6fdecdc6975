package dev.jsalt.master.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.master.drift.DriftSchedule;
import dev.jsalt.master.events.EventBus;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.metrics.Exposition;
import dev.jsalt.master.states.StateService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drift made visible, with a real master and two real minions on loopback: after an apply, one server's file is changed
 * by hand; the scheduled drift check (a test run of the highstate) finds exactly that server and that resource, changes
 * nothing, and says so in {@code GET /v1/drift}, {@code GET /v1/minions}, the per-minion metrics and a
 * {@code jsalt/drift/ID} event. The last real apply of each minion is exported with the minion's own duration.
 */
class DriftTest {
    private Fleet fleet;
    private Path fs;

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
                ""));
        fleet.startMaster("state_tree:", "  dir: " + tree, "drift:", "  'role=app': 3600");
        fleet.startMinion("app1", "app");
        fleet.startMinion("app2", "app");
        fleet.acceptAndAwaitConnected("app1", "app2");
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.close();
    }

    private List<MinionResult> highstate() throws Exception {
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        fleet.master.states().apply(new StateService.ApplyRequest("role=app", List.of(), false, null, false, 60, "test"), e -> {
            if (e instanceof JobEvent.Done d) done.complete(d.results());
        });
        return done.get(90, TimeUnit.SECONDS);
    }

    private JsonNode api(String path) throws Exception {
        Api.Response r = Api.get(fleet, path);
        assertEquals(200, r.status(), r.body());
        return Json.tree(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private Exposition.Parsed scrape() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + fleet.apiPort + "/metrics"))
                .header("Authorization", "Bearer " + Api.token(fleet)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Exposition.parse(r.body());
    }

    @Test
    void aScheduledCheckFindsTheServerThatDriftedAndChangesNothing() throws Exception {
        for (MinionResult r : highstate()) assertEquals("RETURNED", r.status().name(), String.valueOf(r.result()));
        Exposition.Parsed s0 = scrape();
        assertEquals(1, s0.value("jsalt_minion_up", "minion", "app1"));
        assertEquals(1, s0.value("jsalt_minion_last_apply_success", "minion", "app1"));
        assertEquals(1, s0.value("jsalt_minion_last_apply_changed_resources", "minion", "app2"));
        assertTrue(s0.value("jsalt_minion_last_apply_duration_seconds", "minion", "app1") > 0, "the minion's own duration");
        assertTrue(s0.value("jsalt_minion_last_apply_timestamp_seconds", "minion", "app1") * 1000 > System.currentTimeMillis() - 120_000);
        assertTrue(!s0.has("jsalt_minion_drift_resources", "minion", "app1"), "no drift check yet");

        Files.writeString(fs.resolve("app2.conf"), "edited by hand");
        List<EventBus.Event> events = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = fleet.master.events().subscribe(e -> {
            if (e.tag().startsWith("jsalt/drift/")) events.add(e);
        });
        List<String> started = new CopyOnWriteArrayList<>();
        // the schedule as the daemon runs it, with a first run that comes at once instead of after 30 s
        try (DriftSchedule schedule = new DriftSchedule(fleet.master.config().drift(), fleet.master.states(), Duration.ofMillis(50),
                (target, jid, error) -> started.add(target + " " + jid + " " + error))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> api("/v1/drift").size() == 2);
        } finally {
            unsubscribe.run();
        }
        assertEquals(1, started.size(), started.toString());
        assertTrue(started.get(0).startsWith("role=app ") && started.get(0).endsWith(" null"), started.toString());

        JsonNode drift = api("/v1/drift");
        assertEquals("app1", drift.get(0).path("minion").asText());
        assertEquals(false, drift.get(0).path("drifted").asBoolean());
        assertEquals(0, drift.get(0).path("would_change").asInt());
        assertEquals("app2", drift.get(1).path("minion").asText());
        assertEquals(true, drift.get(1).path("drifted").asBoolean());
        assertEquals(1, drift.get(1).path("would_change").asInt());
        assertEquals("conf", drift.get(1).path("states").get(0).asText());
        assertEquals("edited by hand", Files.readString(fs.resolve("app2.conf")), "a drift check changes nothing");

        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertEquals("jsalt/drift/app2", events.get(0).tag());
        assertEquals(1, events.get(0).data().get("would_change"));

        Exposition.Parsed s1 = scrape();
        assertEquals(0, s1.value("jsalt_minion_drift_resources", "minion", "app1"));
        assertEquals(1, s1.value("jsalt_minion_drift_resources", "minion", "app2"));
        assertTrue(s1.has("jsalt_minion_drift_check_timestamp_seconds", "minion", "app2"));
        assertEquals(1, s1.value("jsalt_minion_last_apply_changed_resources", "minion", "app2"), "the test run is not the last apply");

        JsonNode minions = api("/v1/minions");
        for (JsonNode m : minions) {
            assertNotNull(m.get("last_apply"), m.toString());
            assertEquals(true, m.path("last_apply").path("ok").asBoolean(), m.toString());
            assertEquals(m.path("id").asText().equals("app2"), m.path("drift").path("drifted").asBoolean(), m.toString());
        }

        // the fix: a real apply puts the file back; the next check finds no drift and the key's deletion forgets app2
        highstate();
        assertEquals("id=app2\n", Files.readString(fs.resolve("app2.conf")));
        fleet.master.drift().check("role=app");
        await().atMost(Duration.ofSeconds(60)).until(() -> !api("/v1/drift").get(1).path("drifted").asBoolean());
        fleet.master.keys().delete("app2");
        assertEquals(1, api("/v1/drift").size());
        assertTrue(!scrape().has("jsalt_minion_up", "minion", "app2"));
    }

    @Test
    void aCheckThatCannotStartIsCountedAndTheNextOneRuns() throws Exception {
        Exposition.Parsed s0 = scrape();
        Path top = fleet.dir.resolve("states/top.sls");
        Files.writeString(top, "base:\n  'role=app':\n    - missing\n");
        assertEquals(null, fleet.master.drift().check("role=app"), "the highstate does not compile: no job");
        Files.writeString(top, "base:\n  'role=app':\n    - web\n");
        assertNotNull(fleet.master.drift().check("role=app"));
        Exposition.Parsed s1 = scrape();
        assertEquals(1, s1.value("jsalt_drift_checks_total", "outcome", "error") - s0.value("jsalt_drift_checks_total", "outcome", "error"));
        assertEquals(1, s1.value("jsalt_drift_checks_total", "outcome", "started") - s0.value("jsalt_drift_checks_total", "outcome", "started"));
    }
}
