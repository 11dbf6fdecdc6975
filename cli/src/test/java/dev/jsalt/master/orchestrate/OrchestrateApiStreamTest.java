package dev.jsalt.master.orchestrate;

import dev.jsalt.cli.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A runbook posted through the CLI's API client: the run streams as events, a bad runbook is its file:line error. */
class OrchestrateApiStreamTest {
    private static LoopbackFleet fleet;

    @BeforeAll
    static void up() throws Exception {
        fleet = new LoopbackFleet();
        fleet.start("app1:app", "app2:app", "db1:db");
    }

    @AfterAll
    static void down() throws Exception {
        if (fleet != null) fleet.close();
    }

    @Test
    void theApiStreamsTheRunAndAnswersABadRunbookWithItsError() {
        ApiClient api = ApiClient.forConfigDir(fleet.dir.resolve("master"));
        List<String> seen = new ArrayList<>();
        api.stream(OrchestrateRoute.PATH, Map.of("file", "api.sls", "text", "p:\n  salt.function:\n    - name: test.ping\n    - tgt: '*'\n",
                "test", false), e -> seen.add(e.path("event").asText()));
        assertEquals(List.of("run_started", "step_started", "minion", "minion", "minion", "step_finished", "run_finished"), seen);
        ApiClient.ApiException bad = assertThrows(ApiClient.ApiException.class,
                () -> api.stream(OrchestrateRoute.PATH, Map.of("file", "api.sls", "text", "p:\n  salt.nope: []\n"), e -> { }));
        assertTrue(bad.getMessage().startsWith("api.sls:2:"), bad.getMessage());
    }

}
