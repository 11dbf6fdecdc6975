package dev.jsalt.master.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Many minions starting at once must all register (CURVE + ZAP handshakes interleave). */
class ConcurrentHandshakeTest {
    @Test
    void eightMinionsStartingTogetherAllRegister() throws Exception {
        try (Fleet fleet = new Fleet()) {
            fleet.startMaster();
            for (int i = 0; i < 8; i++) fleet.startMinion("m" + i, "app");
            await().atMost(Duration.ofSeconds(20)).until(() -> fleet.master.keys().list().size() == 8);
        }
    }
}
