package dev.jsalt.master.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.master.jobs.MinionStatus;
import dev.jsalt.master.keys.KeyState;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-touch join (issue 19) with a real master and real minions on loopback: a machine that presents the one-time
 * token issued for its name joins with the key it made itself; a stolen, reused, foreign or expired token admits
 * nobody, and the key that presented it waits as pending like any stranger's.
 */
class EnrolmentTest {

    /** Issues a token through the API, as `jsalt cloud create` does. */
    private static JsonNode enrol(Fleet fleet, String id, int ttl) throws Exception {
        Api.Response r = Api.post(fleet, "/v1/enrolments", "{\"id\":\"" + id + "\",\"ttl\":" + ttl + "}");
        assertEquals(200, r.status(), r.body());
        return Json.mapper().readTree(r.body());
    }

    /** What cloud-init writes on a new droplet: the token beside the key the minion will make. */
    private static void plantToken(Fleet fleet, String dir, String token) throws Exception {
        Path pki = Files.createDirectories(fleet.minionDir(dir).resolve("root/pki"));
        Files.writeString(pki.resolve("enrolment.token"), token + "\n");
    }

    private static void startMinionIn(Fleet fleet, String dir, String id, String fingerprint) throws Exception {
        Path d = Files.createDirectories(fleet.minionDir(dir));
        Files.writeString(d.resolve("minion.yaml"), String.join("\n", "id: " + id, "master: 127.0.0.1:" + fleet.port,
                "master_key_port: " + fleet.keyPort, "root_dir: root", "master_fingerprint: " + fingerprint, "grains:", "  role: app") + "\n");
        fleet.minions.put(dir, new dev.jsalt.minion.MinionDaemon(dev.jsalt.minion.config.MinionConfig.load(d),
                new dev.jsalt.minion.exec.CommandRunner()));
        fleet.minions.get(dir).start();
    }

    @Test
    void aMachineWithItsTokenJoinsAtOnceAndTheTokenIsSpent() throws Exception {
        try (Fleet fleet = new Fleet()) {
            fleet.startMaster();
            JsonNode e = enrol(fleet, "web1", 600);
            String token = e.get("token").asText();
            assertTrue(token.length() >= 43, "256 random bits");
            String fp = e.get("master_fingerprint").asText();
            assertEquals(Files.readString(fleet.masterDir().resolve("root/pki/master.fingerprint")).strip(), fp);
            Path tokenOnDisk = fleet.masterDir().resolve("root/pki/enrolments/web1");
            assertFalse(Files.readString(tokenOnDisk).contains(token), "only the token's hash is kept");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenOnDisk)));

            plantToken(fleet, "web1", token);
            startMinionIn(fleet, "web1", "web1", fp);
            fleet.awaitKey("web1", KeyState.ACCEPTED);
            await().atMost(Duration.ofSeconds(20)).until(() -> fleet.master.registry().connected("web1"));
            // Its grains are known once it is connected (that its first hello carries them: StrangersHelloGrainsTest).
            assertEquals("app", fleet.master.registry().grains("web1").get("role"));
            assertEquals(MinionStatus.RETURNED, fleet.run("web1", "test.ping", List.of(), Map.of(), 10).get("web1").status());
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(fleet.minionDir("web1").resolve("root/pki/enrolment.token")));

            JsonNode list = Json.mapper().readTree(Api.get(fleet, "/v1/enrolments").body());
            assertEquals("web1", list.get(0).get("id").asText());
            assertEquals(fleet.master.keys().byId("web1").orElseThrow().fingerprint(), list.get(0).get("used_by").asText());
            assertFalse(list.toString().contains(token));

            // The name is taken now: no second token for it while its key is accepted.
            Api.Response again = Api.post(fleet, "/v1/enrolments", "{\"id\":\"web1\"}");
            assertEquals(409, again.status(), again.body());

            // Replay: the key is deleted (the droplet destroyed) and another machine presents the spent token.
            fleet.stopMinion("web1");
            fleet.master.keys().delete("web1");
            plantToken(fleet, "web1-thief", token);
            startMinionIn(fleet, "web1-thief", "web1", fp);
            fleet.awaitKey("web1", KeyState.PENDING);
            assertEquals(KeyState.PENDING, fleet.master.keys().byId("web1").orElseThrow().state());
        }
    }

    @Test
    void aForeignOrStolenTokenAdmitsNobodyAndTheRightfulMachineStillJoins() throws Exception {
        try (Fleet fleet = new Fleet()) {
            fleet.startMaster();
            JsonNode web = enrol(fleet, "web2", 600);
            JsonNode db = enrol(fleet, "db2", 600);
            String fp = web.get("master_fingerprint").asText();
            // A thief races the droplet under its name with db2's token (foreign): pending, not accepted.
            plantToken(fleet, "thief", db.get("token").asText());
            startMinionIn(fleet, "thief", "web2", fp);
            fleet.awaitKey("web2", KeyState.PENDING);
            // The droplet comes up with its own token: its key replaces the thief's merely pending claim.
            plantToken(fleet, "web2", web.get("token").asText());
            startMinionIn(fleet, "web2", "web2", fp);
            String thiefKey = fleet.master.keys().byId("web2").orElseThrow().curvePublic();
            await().atMost(Duration.ofSeconds(20)).until(() -> fleet.master.keys().byId("web2")
                    .map(k -> k.state() == KeyState.ACCEPTED && !k.curvePublic().equals(thiefKey)).orElse(false));
            await().atMost(Duration.ofSeconds(20)).until(() -> fleet.master.registry().connected("web2"));
            // db2's token was not spent by the thief: db2 still joins with it.
            plantToken(fleet, "db2", db.get("token").asText());
            startMinionIn(fleet, "db2", "db2", fp);
            fleet.awaitKey("db2", KeyState.ACCEPTED);
        }
    }

    @Test
    void anExpiredTokenAdmitsNobody() throws Exception {
        try (Fleet fleet = new Fleet()) {
            fleet.startMaster();
            JsonNode e = enrol(fleet, "late1", 1);
            Instant expires = Instant.parse(e.get("expires_at").asText());
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expires));
            plantToken(fleet, "late1", e.get("token").asText());
            startMinionIn(fleet, "late1", "late1", e.get("master_fingerprint").asText());
            fleet.awaitKey("late1", KeyState.PENDING);
            assertTrue(Files.exists(fleet.minionDir("late1").resolve("root/pki/enrolment.token")), "kept: the key is not accepted");
        }
    }

    @Test
    void badEnrolmentRequestsAreRefusedInOneLine() throws Exception {
        try (Fleet fleet = new Fleet()) {
            fleet.startMaster();
            record Case(String body, String error) {
            }
            for (Case c : List.of(
                    new Case("{}", "missing 'id'"),
                    new Case("{\"id\":\"../etc/passwd\"}", "not a valid minion id: '../etc/passwd'"),
                    new Case("{\"id\":\"a1\",\"ttl\":0}", "'ttl' must be a whole number from 1 to 86400, got '0'"),
                    new Case("{\"id\":\"a1\",\"ttl\":\"soon\"}", "'ttl' must be a whole number from 1 to 86400, got 'soon'"))) {
                Api.Response r = Api.post(fleet, "/v1/enrolments", c.body());
                assertEquals(400, r.status(), c.body() + " -> " + r.body());
                assertEquals(c.error(), Json.mapper().readTree(r.body()).get("error").asText(), c.body());
            }
            Api.Response revoke = Api.post(fleet, "/v1/enrolments/revoke", "{\"ids\":[1]}");
            assertEquals(400, revoke.status(), revoke.body());
            enrol(fleet, "a1", 60);
            Api.Response ok = Api.post(fleet, "/v1/enrolments/revoke", "{\"ids\":[\"a1\",\"a2\"]}");
            assertEquals("{\"revoked\":[\"a1\"]}", ok.body().strip());
            assertEquals("[]", Api.get(fleet, "/v1/enrolments").body().strip());
        }
    }
}
