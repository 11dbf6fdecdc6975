package dev.jsalt.e2e.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path in the lab: a real master in host "salt", real minions in app1/db1/db2 that registered their keys,
 * keys accepted through 'jsalt keys accept', and 'jsalt run' reaching them over the lab network.
 */
class FleetTest {
    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("salt", 2).host("app1", 10, "app").host("db1", 11, "db").host("db2", 12, "db").master("salt"));

    @Test
    void keysAreAcceptedAndEveryMinionAnswersPing() {
        Lab lab = LAB.lab();
        ExecResult keys = lab.jsalt("keys", "list", "--output", "json").orThrow("keys list");
        JsonNode list = Json.tree(keys.stdout().getBytes(StandardCharsets.UTF_8));
        assertEquals(3, list.size(), keys.stdout());
        for (JsonNode k : list) assertEquals("accepted", k.path("state").asText(), keys.stdout());

        ExecResult ping = lab.jsalt("run", "*", "test.ping").orThrow("run test.ping");
        for (String id : new String[] {"app1", "db1", "db2"}) assertTrue(ping.stdout().contains(id), ping.stdout());

        ExecResult db = lab.jsalt("run", "role=db", "test.ping").orThrow("run role=db");
        assertTrue(db.stdout().contains("db1") && db.stdout().contains("db2"), db.stdout());
        assertFalse(db.stdout().contains("app1"), db.stdout());
    }

    @Test
    void minionsRunInsideTheirHosts() {
        ExecResult r = LAB.lab().jsalt("run", "db1", "cmd.run", "hostname").orThrow("cmd.run hostname");
        assertTrue(r.stdout().contains("db1"), r.stdout());
        // The header names the minion whatever ran; the command's own output proves where it ran.
        ExecResult all = LAB.lab().jsalt("run", "*", "cmd.run", "hostname", "--output", "json").orThrow("cmd.run hostname on *");
        JsonNode results = Json.tree(all.stdout().getBytes(StandardCharsets.UTF_8)).path("results");
        assertEquals(3, results.size(), all.stdout());
        for (JsonNode m : results) {
            assertEquals(m.path("minion").asText(), m.path("result").path("stdout").asText().strip(), all.stdout());
        }
        // The minion's root_dir is private to its host: its key pair exists in db1, not in app1.
        assertTrue(LAB.host("db1").exists("/srv/jsalt/minion"));
        assertFalse(LAB.host("app1").exists("/srv/jsalt/master"));
        assertTrue(LAB.host("salt").exists("/srv/jsalt/master"));
        assertFalse(LAB.host("salt").exists("/srv/jsalt/minion"));
    }
}
