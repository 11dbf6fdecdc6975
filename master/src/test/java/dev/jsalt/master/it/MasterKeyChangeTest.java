package dev.jsalt.master.it;

import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.jobs.MinionStatus;
import dev.jsalt.minion.MinionDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding: while the master restarts, anything answering on the key port with other keys made every minion exit (3),
 * which the unit does not restart: the fleet stayed down. Now a minion refuses those keys loudly and keeps its pin and
 * retrying, and comes back to its own master ({@code on_master_key_change: exit} makes it stop instead: FoundationTest).
 */
class MasterKeyChangeTest {
    private final Fleet fleet;

    MasterKeyChangeTest() throws Exception {
        fleet = new Fleet();
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.close();
    }

    /** Another master, with keys of its own, on the master's ports: a master rebuilt from scratch, or an impostor. */
    private MasterDaemon impostor() throws Exception {
        Path d = Files.createDirectories(fleet.dir.resolve("impostor"));
        Files.writeString(d.resolve("master.yaml"), String.join("\n", "root_dir: root", "bind: 127.0.0.1", "port: " + fleet.port,
                "key_port: " + fleet.keyPort, "api:", "  bind: 127.0.0.1", "  port: " + fleet.apiPort, ""));
        return new MasterDaemon(MasterConfig.load(d));
    }

    @Test
    void aMinionMeetingOtherMasterKeysKeepsRetryingLoudlyAndComesBack() throws Exception {
        fleet.startMaster();
        MinionDaemon running = fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        fleet.stopMaster();
        try (MasterDaemon impostor = impostor()) {
            // The running minion checks the key port after losing its master, and refuses what it finds there.
            await().atMost(Duration.ofSeconds(60)).until(() -> running.masterKeyProblem() != null);
            assertTrue(running.masterKeyProblem().contains("master key has changed"), running.masterKeyProblem());
            assertNull(running.fatalError(), "it keeps running");
            // A minion (re)started meanwhile does not exit either: it starts with its pinned key and keeps checking.
            fleet.stopMinion("app1");
            MinionDaemon restarted = fleet.startMinion("app1", "app");
            assertNotNull(restarted.masterKeyProblem());
            assertNull(restarted.fatalError());
            assertTrue(impostor.keys().byId("app1").isEmpty(), "the minion never spoke to the impostor");
        }
        // Its own master is back: the minion connects with its pinned key, on its own.
        fleet.startMaster();
        await().atMost(Duration.ofSeconds(90)).until(() -> fleet.master.registry().connected("app1"));
        assertEquals(MinionStatus.RETURNED, fleet.run("app1", "test.ping", List.of(), Map.of(), 10).get("app1").status());
        assertNull(fleet.minions.get("app1").masterKeyProblem());
    }
}
