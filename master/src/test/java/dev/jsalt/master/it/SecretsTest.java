package dev.jsalt.master.it;

import dev.jsalt.common.json.Json;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import dev.jsalt.master.states.StateService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A `!secret` pillar value reaches only its minion, sealed, and never lands in the job cache, results or show output. */
class SecretsTest {
    private static final String SECRET = "s3cr3t-Pa55";
    private Fleet fleet;

    @AfterEach
    void tearDown() throws Exception {
        if (fleet != null) fleet.close();
    }

    @Test
    void secretsTravelSealedAndAreStoredNowhere() throws Exception {
        fleet = new Fleet();
        Path tree = Files.createDirectories(fleet.dir.resolve("states"));
        Path pillar = Files.createDirectories(fleet.dir.resolve("pillar"));
        Path out = Files.createDirectories(fleet.dir.resolve("out"));
        Files.writeString(tree.resolve("top.sls"), "base:\n  '*':\n    - creds\n");
        Files.writeString(tree.resolve("creds.sls"), String.join("\n",
                "creds:",
                "  file.managed:",
                "    - name: " + out + "/{{ grains['id'] }}.cnf",
                "    - mode: '0600'",
                "    - contents: |",
                "        [client]",
                "        password={{ pillar['db']['password'] }}",
                ""));
        Files.writeString(pillar.resolve("top.sls"), "base:\n  '*':\n    - db\n");
        Files.writeString(pillar.resolve("db.sls"), "db:\n  password: !secret " + SECRET + "\n");
        fleet.startMaster("state_tree:", "  dir: " + tree, "pillar_tree:", "  dir: " + pillar);
        fleet.startMinion("db1", "db");
        fleet.acceptAndAwaitConnected("db1");

        assertFalse(Json.string(fleet.master.states().show("db1", List.of(), null)).contains(SECRET), "show masks secrets");

        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        fleet.master.states().apply(new StateService.ApplyRequest("db1", List.of(), false, null, false, 30, "test"), e -> {
            if (e instanceof JobEvent.Done d) done.complete(d.results());
        });
        MinionResult r = done.get(60, TimeUnit.SECONDS).get(0);
        assertEquals(MinionStatus.RETURNED, r.status(), String.valueOf(r));
        assertEquals("[client]\npassword=" + SECRET + "\n", Files.readString(out.resolve("db1.cnf")));
        assertFalse(Json.string(r.result()).contains(SECRET), "results carry no secret: " + Json.string(r.result()));

        // Nothing under the master's root (job cache, mine, grains cache) holds the secret in clear.
        List<String> scanned = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(fleet.masterDir().resolve("root"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(SECRET), f.toString());
                scanned.add(f.getFileName().toString());
            }
        }
        assertTrue(Files.exists(fleet.masterDir().resolve("root/jobs")));
        // the scan did read the job's record and its returned results, where a leak would be
        assertTrue(scanned.contains("job.json") && scanned.contains("results.jsonl"), scanned.toString());
    }
}
