package dev.jsalt.master.it;

import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import dev.jsalt.master.states.StateService;
import dev.jsalt.minion.MinionDaemon;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.ScopedCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A minion that stops while a job runs a command (its own upgrade restarts it from the package's postinst) hands the
 * job over: the command runs on in its systemd scope, and the next minion process collects how it ended, finishes
 * the job and returns it; the master takes that return for the job that is still open (issue 17). systemd-run and
 * systemctl are stand-ins here (no systemd on the build machines); SelfUpgradeIT does it for real in a booted host.
 */
class MinionRestartTest {
    private Fleet fleet;
    private Path fs;
    private Path scopesDir;
    private Path standIns;

    @BeforeEach
    void setUp() throws Exception {
        fleet = new Fleet();
        fs = Files.createDirectories(fleet.dir.resolve("fs"));
        standIns = Files.createDirectories(fleet.dir.resolve("bin"));
        scopesDir = fleet.dir.resolve("scopes");
        Path state = Files.createDirectories(fleet.dir.resolve("scope-state"));
        script("systemd-run", """
                #!/bin/sh
                unit=
                while [ "$1" != "--" ]; do case "$1" in --unit=*) unit=${1#--unit=};; esac; shift; done
                shift
                echo $$ > "%s/$unit"
                exec "$@"
                """.formatted(state));
        script("systemctl", """
                #!/bin/sh
                pid=$(cat "%s/$3" 2>/dev/null) || exit 3
                case "$1" in
                  is-active) kill -0 "$pid" 2>/dev/null ;;
                  kill) kill -KILL "$pid" ;;
                esac
                """.formatted(state));
        Path tree = Files.createDirectories(fleet.dir.resolve("states"));
        Files.writeString(tree.resolve("top.sls"), "base:\n  'role=app':\n    - upgrade\n");
        Files.writeString(tree.resolve("upgrade.sls"), String.join("\n",
                "first:",
                "  file.managed:",
                "    - name: " + fs + "/first",
                "    - contents: one",
                "slow:",
                "  cmd.run:",
                "    - name: sh -c 'while [ ! -e " + fs + "/go ]; do sleep 0.05; done; echo ran >> " + fs + "/ran'",
                "after:",
                "  file.managed:",
                "    - name: " + fs + "/after",
                "    - contents: two",
                "    - require:",
                "      - cmd: slow",
                ""));
        fleet.startMaster("state_tree:", "  dir: " + tree);
        fleet.startMinion("app1", "app", runner());
        fleet.acceptAndAwaitConnected("app1");
    }

    private void script(String name, String text) throws Exception {
        Path p = standIns.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Each minion process gets its own runner, as a restarted one would; they share the scopes' directory. */
    private CommandRunner runner() {
        return new CommandRunner(new ScopedCommands(scopesDir, true, standIns.resolve("systemd-run").toString(),
                standIns.resolve("systemctl").toString()));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fleet != null) {
            Files.writeString(fs.resolve("go"), ""); // never leave the stand-in command waiting
            fleet.close();
        }
    }

    private long files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStateRunCutByARestartIsFinishedAndReturnedByTheNextProcess() throws Exception {
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        fleet.master.states().apply(new StateService.ApplyRequest("app1", List.of(), false, null, false, 120, "test"), e -> {
            if (e instanceof JobEvent.Done d) done.complete(d.results());
        });
        // The command of 'slow' runs in its scope: stop the minion now, as the postinst of its own upgrade would.
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(fs.resolve("first")) && files(scopesDir) > 0);
        MinionDaemon old = fleet.minions.get("app1");
        old.stopGrace(Duration.ofMillis(200));
        fleet.stopMinion("app1");
        Path handover = fleet.minionDir("app1").resolve("root/jobs/handover");
        assertEquals(1, files(handover), "the running job was handed over");
        assertFalse(done.isDone(), "no return from the stopped process");

        // The command finishes while no minion runs; then the new process starts.
        Files.writeString(fs.resolve("go"), "");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(fs.resolve("ran")));
        fleet.startMinion("app1", "app", runner());

        MinionResult r = done.get(60, TimeUnit.SECONDS).get(0);
        assertEquals(MinionStatus.RETURNED, r.status(), String.valueOf(r.result()));
        List<Map<String, Object>> results = (List<Map<String, Object>>) r.result();
        assertEquals(List.of("CHANGED", "CHANGED", "CHANGED"), results.stream().map(x -> String.valueOf(x.get("outcome"))).toList(),
                results.toString());
        assertTrue(String.valueOf(results.get(1).get("comment")).contains("continued across a minion restart"), results.get(1).toString());
        assertEquals(List.of("ran"), Files.readAllLines(fs.resolve("ran")), "the command ran once: never again by the new process");
        assertTrue(Files.exists(fs.resolve("after")));
        assertEquals(0, files(handover));
        // Acknowledged by the master: nothing left to resend.
        await().atMost(Duration.ofSeconds(10)).until(() -> files(fleet.minionDir("app1").resolve("root/jobs/returns")) == 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCommandJobCutByARestartIsReturnedWithItsOutputByTheNextProcess() throws Exception {
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        var p = fleet.master.publisher();
        p.publish(new dev.jsalt.master.jobs.JobPublisher.Request("app1", "cmd.run",
                List.of("sh", "-c", "while [ ! -e " + fs + "/go ]; do sleep 0.05; done; echo upgraded; exit 0"),
                Map.of(), 120, null, "test"), p.resolve("app1"), null, e -> {
                    if (e instanceof JobEvent.Done d) done.complete(d.results());
                });
        await().atMost(Duration.ofSeconds(20)).until(() -> files(scopesDir) > 0);
        fleet.minions.get("app1").stopGrace(Duration.ofMillis(200));
        fleet.stopMinion("app1");
        Files.writeString(fs.resolve("go"), "");
        fleet.startMinion("app1", "app", runner());

        MinionResult r = done.get(60, TimeUnit.SECONDS).get(0);
        assertEquals(MinionStatus.RETURNED, r.status(), String.valueOf(r.result()));
        assertEquals("upgraded\n", ((Map<String, Object>) r.result()).get("stdout"));
    }
}
