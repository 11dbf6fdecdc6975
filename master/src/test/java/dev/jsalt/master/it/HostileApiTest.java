package dev.jsalt.master.it;

import dev.jsalt.common.json.Json;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16 through the API, as raw HTTP: bodies bounded before they are read, slow compiles cannot starve the rest. */
class HostileApiTest {
    private final Fleet fleet;

    HostileApiTest() throws Exception {
        fleet = new Fleet();
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.close();
    }

    /** Finding: 30 unauthenticated requests each holding an 8 MB body were buffered. */
    @Test
    void aRequestWithoutTheTokenIsRefusedFromItsHeadAlone() throws Exception {
        fleet.startMaster();
        List<Socket> holders = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                Socket s = new Socket("127.0.0.1", fleet.apiPort);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 8388608\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[4096]); // and then it holds the rest
                out.flush();
                holders.add(s);
            }
            for (Socket s : holders) assertEquals(401, Api.read(s.getInputStream()).status());
        } finally {
            for (Socket s : holders) s.close();
        }
        // With the token, a declared body over the limit is 413 before it is sent.
        try (Socket s = new Socket("127.0.0.1", fleet.apiPort)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("POST /v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Api.token(fleet)
                    + "\r\nContent-Length: 104857600\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(413, Api.read(s.getInputStream()).status());
        }
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        assertEquals(200, Api.post(fleet, "/v1/jobs", "{\"target\":\"app1\",\"fun\":\"test.ping\"}").status());
    }

    /** Finding: four slow compiles took every API worker: /v1/health and jsalt run hung. */
    @Test
    void slowCompilesDoNotStarveHealthKeysOrPublishing() throws Exception {
        Path tree = Files.createDirectories(fleet.dir.resolve("tree"));
        // A compile that takes seconds (the old template engine has no bounds of its own yet: the new one does).
        Files.writeString(tree.resolve("slow.sls"), "{% for i in range(1000) %}{% for j in range(400) %}{% endfor %}{% endfor %}"
                + "slow:\n  cmd.run:\n    - name: echo\n");
        fleet.startMaster("state_tree:", "  dir: " + tree, "limits:", "  compile_workers: 1");
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<Api.Response>> slow = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                slow.add(clients.submit(() -> Api.post(fleet, "/v1/show", "{\"target\":\"app1\",\"sls\":[\"slow\"]}")));
            }
            Thread.sleep(300);
            long t0 = System.nanoTime();
            assertEquals(200, Api.get(fleet, "/v1/health").status());
            assertEquals(200, Api.get(fleet, "/v1/keys").status());
            Api.Response ping = Api.post(fleet, "/v1/jobs", "{\"target\":\"app1\",\"fun\":\"test.ping\"}");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, ping.status(), ping.body());
            assertTrue(ping.body().contains("RETURNED"), ping.body());
            assertTrue(ms < 5000, "health, keys and a ping took " + ms + " ms behind six slow compiles");
            int busy = 0;
            for (Future<Api.Response> f : slow) {
                int st = f.get(120, TimeUnit.SECONDS).status();
                assertTrue(st == 200 || st == 503, "status " + st);
                if (st == 503) busy++;
            }
            assertTrue(busy >= 1, "with one compile worker and a queue of four, six compiles at once: some are told to come back");
        } finally {
            clients.shutdownNow();
        }
        Map<String, MinionResult> r = fleet.run("*", "test.ping", List.of(), Map.of(), 10);
        assertEquals(MinionStatus.RETURNED, r.get("app1").status());
    }

    /** Finding: on a full disk jobs failed with an internal error and left empty job folders. */
    @Test
    void belowTheFreeDiskFloorNewJobsAreRefusedClearly() throws Exception {
        fleet.startMaster("limits:", "  min_free_disk_mb: 1048576");
        fleet.startMinion("app1", "app");
        fleet.acceptAndAwaitConnected("app1");
        Api.Response r = Api.post(fleet, "/v1/jobs", "{\"target\":\"app1\",\"fun\":\"test.ping\"}");
        assertEquals(507, r.status(), r.body());
        assertTrue(Json.read(r.body(), Map.class).get("error").toString().contains("min_free_disk_mb"), r.body());
        try (var s = Files.list(fleet.master.config().jobsDir())) {
            assertEquals(0, s.count(), "a refused job left a folder behind");
        }
    }
}
