package dev.jsalt.master.it;

import dev.jsalt.common.json.Json;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import dev.jsalt.master.states.StateService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** State runs through the real master and minions: compile per minion, push signed, apply, report; test mode; bad input. */
class StateRunTest {
    private Fleet fleet;
    private Path tree;
    private Path fs;

    @BeforeEach
    void setUp() throws Exception {
        fleet = new Fleet();
        tree = Files.createDirectories(fleet.dir.resolve("states"));
        fs = Files.createDirectories(fleet.dir.resolve("fs"));
        Files.writeString(tree.resolve("top.sls"), "base:\n  'role=app':\n    - web\n");
        Files.writeString(tree.resolve("web.sls"), String.join("\n",
                "conf:",
                "  file.managed:",
                "    - name: " + fs + "/{{ grains['id'] }}.conf",
                "    - contents: |",
                "        id={{ grains['id'] }}",
                "        role={{ grains['role'] }}",
                "    - mode: '0640'",
                "marker:",
                "  cmd.run:",
                "    - name: touch " + fs + "/{{ grains['id'] }}.marker",
                "    - onchanges:",
                "      - file: conf",
                ""));
        Files.writeString(tree.resolve("broken.sls"), "x:\n  file.managed:\n    - name: /tmp/x\n    - require:\n      - file: nope\n");
        fleet.startMaster("state_tree:", "  dir: " + tree);
        fleet.startMinion("app1", "app");
        fleet.startMinion("app2", "app");
        fleet.acceptAndAwaitConnected("app1", "app2");
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.close();
    }

    private Map<String, MinionResult> apply(boolean test, List<String> sls) throws Exception {
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        fleet.master.states().apply(new StateService.ApplyRequest("role=app", sls, test, null, false, 30, "test"), e -> {
            if (e instanceof JobEvent.Done d) done.complete(d.results());
        });
        Map<String, MinionResult> out = new java.util.LinkedHashMap<>();
        for (MinionResult r : done.get(60, TimeUnit.SECONDS)) out.put(r.minion(), r);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(MinionResult r) {
        return (List<Map<String, Object>>) r.result();
    }

    @Test
    void highstateAppliesThenTestModeAndSecondRunChangeNothing() throws Exception {
        Map<String, MinionResult> dry = apply(true, List.of());
        assertEquals(MinionStatus.RETURNED, dry.get("app1").status(), String.valueOf(dry.get("app1")));
        assertEquals("WOULD_CHANGE", results(dry.get("app1")).get(0).get("outcome"));
        assertFalse(Files.exists(fs.resolve("app1.conf")), "test mode changed nothing");

        Map<String, MinionResult> first = apply(false, List.of());
        for (String m : List.of("app1", "app2")) {
            assertEquals(MinionStatus.RETURNED, first.get(m).status(), String.valueOf(first.get(m)));
            assertEquals(List.of("CHANGED", "CHANGED"), results(first.get(m)).stream().map(x -> x.get("outcome")).toList());
        }
        assertEquals("id=app2\nrole=app\n", Files.readString(fs.resolve("app2.conf")));
        assertTrue(Files.exists(fs.resolve("app1.marker")), "onchanges ran after the file changed");

        Map<String, MinionResult> second = apply(false, List.of("web"));
        assertEquals(List.of("UNCHANGED", "SKIPPED"), results(second.get("app1")).stream().map(x -> x.get("outcome")).toList());
        // The job cache records where the states came from, and never the document.
        var job = fleet.tracker().list(1).get(0);
        assertEquals("dir:" + tree.toRealPath(), job.source().replace("dir:" + tree, "dir:" + tree.toRealPath()));
        assertFalse(Json.string(job).contains("id={{"), "no document in the cache");
    }

    @Test
    void aCompileErrorPushesNothing() {
        int before = fleet.tracker().list(100).size();
        CompileException e = assertThrows(CompileException.class, () -> apply(false, List.of("broken")));
        assertTrue(e.getMessage().startsWith("broken.sls:"), e.getMessage());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertEquals(before, fleet.tracker().list(100).size(), "no job was created");
    }

    @Test
    void showPrintsTheCompiledDocumentPerMinion() {
        Map<String, Object> docs = fleet.master.states().show("app1", List.of(), null);
        assertEquals(List.of("app1"), List.copyOf(docs.keySet()));
        String json = Json.string(docs.get("app1"));
        assertTrue(json.contains(fs + "/app1.conf"), json);
        assertTrue(json.contains("\"mode\":\"0640\""), json);
    }

    @Test
    void templatesAskTheMinionTheyAreCompiledForInOneRoundTrip() throws Exception {
        // only app1 has the flag file: the answer must come from each minion, not from the master's own disk
        Files.writeString(fs.resolve("flag-app1"), "x");
        Files.writeString(tree.resolve("probe.sls"), String.join("\n",
                "probe:",
                "  file.managed:",
                "    - name: " + fs + "/{{ grains['id'] }}.probe",
                "    - contents: flag={{ salt['file.file_exists']('" + fs + "/flag-' ~ grains['id']) }}"
                        + " dir={{ salt.file.directory_exists('" + fs + "') }}",
                ""));
        Map<String, MinionResult> r = apply(false, List.of("probe"));
        assertEquals(MinionStatus.RETURNED, r.get("app1").status(), String.valueOf(r.get("app1")));
        assertEquals("flag=True dir=True\n", Files.readString(fs.resolve("app1.probe")));
        assertEquals("flag=False dir=True\n", Files.readString(fs.resolve("app2.probe")));
        // the question was a job of its own to each minion, and it kept no paths in the job cache
        List<dev.jsalt.master.jobs.JobRecord> jobs = fleet.master.tracker().list(50).stream()
                .filter(j -> "jsalt.render_calls".equals(j.fun())).toList();
        assertEquals(2, jobs.size(), jobs.toString());
        assertFalse(jobs.toString().contains("flag-"), jobs.toString());

        // jsalt show says which values came from the minion: each call and its answer
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = (Map<String, Object>) fleet.master.states().show("app2", List.of("probe"), null).get("app2");
        assertEquals(List.of(Map.of("call", "file.file_exists(\"" + fs + "/flag-app2\")", "ok", false),
                Map.of("call", "file.directory_exists(\"" + fs + "\")", "ok", true)), shown.get("minion_answers"));
    }
}
