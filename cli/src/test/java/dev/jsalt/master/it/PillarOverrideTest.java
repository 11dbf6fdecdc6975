package dev.jsalt.master.it;

import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import dev.jsalt.master.orchestrate.OrchestrateEvent;
import dev.jsalt.master.orchestrate.Orchestrator;
import dev.jsalt.cli.orchestrate.PillarOption;
import dev.jsalt.master.states.StateService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Salt's {@code pillar=} on a state run: an override deep-merged over each minion's compiled pillar for that run only,
 * through {@code ApplyRequest} and through an orchestrate {@code salt.state} step's {@code pillar:}.
 */
class PillarOverrideTest {
    private Fleet fleet;
    private Path fs;

    @BeforeEach
    void setUp() throws Exception {
        fleet = new Fleet();
        Path tree = Files.createDirectories(fleet.dir.resolve("states"));
        Path pillar = Files.createDirectories(fleet.dir.resolve("pillar"));
        fs = Files.createDirectories(fleet.dir.resolve("fs"));
        Files.writeString(tree.resolve("app.sls"), String.join("\n",
                "conf:",
                "  file.managed:",
                "    - name: " + fs + "/{{ grains['id'] }}.conf",
                "    - contents: host={{ pillar['app']['db_host'] }} port={{ pillar['app']['db_port'] }}",
                ""));
        Files.writeString(pillar.resolve("top.sls"), "base:\n  '*':\n    - app\n");
        Files.writeString(pillar.resolve("app.sls"), "app:\n  db_host: 10.88.0.40\n  db_port: 3306\n");
        fleet.startMaster("state_tree:", "  dir: " + tree, "pillar_tree:", "  dir: " + pillar);
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.close();
    }

    private MinionResult apply(Map<String, Object> override) throws Exception {
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        fleet.master.states().apply(new StateService.ApplyRequest("app1", List.of("app"), false, null, false, 30, "test", override), e -> {
            if (e instanceof JobEvent.Done d) done.complete(d.results());
        });
        return done.get(60, TimeUnit.SECONDS).get(0);
    }

    private String conf() throws Exception {
        return Files.readString(fs.resolve("app1.conf")).strip();
    }

    @Test
    void overrideMergesOverThePillarForThatRunOnly() throws Exception {
        assertEquals(MinionStatus.RETURNED, apply(Map.of()).status());
        assertEquals("host=10.88.0.40 port=3306", conf());

        // deep merge: db_host replaced, db_port (a sibling key) kept
        assertEquals(MinionStatus.RETURNED, apply(PillarOption.parse("{app: {db_host: 10.88.0.41}}")).status());
        assertEquals("host=10.88.0.41 port=3306", conf());

        // the pillar tree itself is unchanged: the next plain run puts the old value back
        apply(Map.of());
        assertEquals("host=10.88.0.40 port=3306", conf());
    }

    @Test
    void orchestrateStepPillarReachesTheCompiler() throws Exception {
        String book = String.join("\n",
                "to-new:",
                "  salt.state:",
                "    - tgt: app1",
                "    - sls: app",
                "    - pillar: {app: {db_host: '{{ pillar.target }}'}}",
                "");
        Orchestrator orch = new Orchestrator(fleet.master.states(), fleet.master.publisher(), fleet.master.tracker(),
                fleet.master.mine()::get, fleet.master.keys());
        List<OrchestrateEvent> events = new ArrayList<>();
        OrchestrateEvent.RunFinished done = orch.run(new Orchestrator.Request("t.sls", book, false, Map.of("target", "10.88.0.41"), "test"),
                events::add);
        assertTrue(done.success(), events.toString());
        assertEquals("host=10.88.0.41 port=3306", conf());
    }

    @Test
    void theCliSendsItThroughTheApi() throws Exception {
        // jsalt apply app1 app --pillar '{...}' -c MASTER_DIR: the CLI parses the YAML, POST /v1/apply carries it
        int code = new picocli.CommandLine(new dev.jsalt.cli.ApplyCommand()).execute("app1", "app", "--pillar",
                "{app: {db_port: 3307}}", "-c", fleet.masterDir().toString());
        assertEquals(0, code);
        assertEquals("host=10.88.0.40 port=3307", conf());
        dev.jsalt.cli.ApiClient api = dev.jsalt.cli.ApiClient.forConfigDir(fleet.masterDir());
        assertThrows(dev.jsalt.cli.ApiClient.ApiException.class, () -> api.stream("/v1/apply",
                Map.of("target", "app1", "sls", List.of("app"), "pillar", "not a map"), e -> { }));
    }

    @Test
    void badOverridesAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> PillarOption.parse("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> PillarOption.parse("{a: !secret x}"));
    }
}
