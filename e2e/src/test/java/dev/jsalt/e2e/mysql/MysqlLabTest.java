package dev.jsalt.e2e.mysql;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ApplyResult;
import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real mariadbd in two lab hosts. db1 takes writes for the whole test; db2 is seeded from it and follows it
 * (phase 1), then db1 also follows db2 (master↔master, phase 2); a second apply changes nothing; a wrong password
 * fails with the server's error and leaves the replica as it was; decommission stops replication. At the end no
 * write is lost: both sides hold every row either side inserted, and auto-increment ids never collided.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MysqlLabTest {
    /** Quotes, a backslash and a '#' to prove SQL and option-file quoting on the real server. */
    private static final String REPL_PASSWORD = "re\"pl'\\ #pw";
    private static final Duration SQL_TIMEOUT = Duration.ofSeconds(20);

    /** A random lab name (parallel runs never collide), teardown after the class and the hosts' logs on failure. */
    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("db1", 11, "db").host("db2", 12, "db"));

    private static Lab lab;
    private static LabHost db1;
    private static LabHost db2;
    private static final List<Writer> writers = new ArrayList<>();

    @BeforeAll
    static void up() {
        String[] mariadb = {"mariadbd", "mariadb-install-db", "mariadb", "mariadb-dump"};
        assumeTrue(Requirements.missingCommands(mariadb).isEmpty(), () -> "no MariaDB: " + Requirements.missingCommands(mariadb).orElse(""));
        lab = LAB.lab();
        db1 = lab.host("db1");
        db2 = lab.host("db2");
    }

    /** Runs before the extension tears the lab down. */
    @AfterAll
    static void down() {
        writers.forEach(Writer::stop);
        if (lab == null) return;
        for (LabHost h : List.of(db1, db2)) h.exec(List.of("service", "mariadb", "stop"), Duration.ofSeconds(30));
    }

    @Test
    @Order(1)
    void serverConfigThenServersStart() {
        for (LabHost h : List.of(db1, db2)) {
            ApplyResult r = lab.apply(h, List.of(serverConfig(h)), false);
            StateResult cfg = r.get("server");
            assertEquals(Outcome.CHANGED, cfg.outcome(), cfg.comment());
            assertTrue(cfg.comment().contains("server not running"), cfg.comment());
            assertTrue(String.valueOf(cfg.changes().get("diff")).contains("+server_id = " + h.index()));
            // installing and starting the server is the pkg/service formula's job; in the lab it is done by hand
            ok(h, "mariadb-install-db", "--user=mysql", "--datadir=/var/lib/mysql", "--skip-test-db");
            ok(h, "service", "mariadb", "start");
        }
        sql(db1, "CREATE DATABASE labdb; CREATE TABLE labdb.w (id INT AUTO_INCREMENT PRIMARY KEY, src VARCHAR(8),"
                + " at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6)); INSERT INTO labdb.w (src) VALUES ('db1'), ('db1')");
        writers.add(Writer.start(db1));
        for (LabHost h : List.of(db1, db2)) {
            ApplyResult r = lab.apply(h, accounts(h), false);
            assertTrue(r.ok(), r.results() + r.stderr());
            assertTrue(r.get("server").comment().contains("running server matches"), r.get("server").comment());
            assertEquals(Outcome.CHANGED, r.get("repl-user").outcome());
            assertEquals(Outcome.CHANGED, r.get("repl-grants").outcome());
        }
        assertEquals("2", sql(db1, "SELECT @@auto_increment_increment").strip());
    }

    @Test
    @Order(2)
    void phase1SeedsDb2AndFollowsDb1WhileDb1TakesWrites() {
        String ownBefore = ownGtid(db2);
        ApplyResult r = lab.apply(db2, List.of(replica(db1, REPL_PASSWORD, true, false)), false);
        StateResult rep = r.get("replica");
        assertEquals(Outcome.CHANGED, rep.outcome(), rep.comment());
        assertEquals(true, rep.changes().get("seeded"));
        assertTrue(rep.comment().contains("io=Yes sql=Yes"), rep.comment());
        assertFalse(rep.comment().contains(REPL_PASSWORD) || rep.changes().toString().contains(REPL_PASSWORD));

        sql(db1, "INSERT INTO labdb.w (src) VALUES ('marker1')");
        await().atMost(Duration.ofSeconds(10)).until(() -> sql(db2, "SELECT COUNT(*) FROM labdb.w WHERE src = 'marker1'").strip().equals("1"));
        // the seed went in with sql_log_bin=0: it added nothing to db2's own binlog domain that db1 could replay later
        assertEquals(ownBefore, ownGtid(db2));
    }

    @Test
    @Order(3)
    void wrongPasswordFailsWithTheServersErrorAndLeavesTheReplicaAsItWas() {
        Resource bad = replica(db2, "not-the-password", false, true);
        StateResult r = lab.apply(db1, List.of(bad), false).get("replica");
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.comment().contains("Access denied"), r.comment());
        assertTrue(r.comment().contains("left as it was"), r.comment());
        assertEquals("", sql(db1, "SHOW SLAVE STATUS").strip(), "db1 must not have been made a replica");
        // and db2 (already a replica) keeps following db1 when pointed elsewhere with a bad password
        StateResult r2 = lab.apply(db2, List.of(replica(db1, "wrong", false, false)), false).get("replica");
        assertEquals(Outcome.UNCHANGED, r2.outcome(), "same source, running: the password is not re-sent; " + r2.comment());
    }

    @Test
    @Order(4)
    void phase2MasterMasterBothSidesReplicate() {
        StateResult r = lab.apply(db1, List.of(replica(db2, REPL_PASSWORD, false, true)), false).get("replica");
        assertEquals(Outcome.CHANGED, r.outcome(), r.comment());
        writers.add(Writer.start(db2));
        sql(db2, "INSERT INTO labdb.w (src) VALUES ('marker2')");
        await().atMost(Duration.ofSeconds(10)).until(() -> sql(db1, "SELECT COUNT(*) FROM labdb.w WHERE src = 'marker2'").strip().equals("1"));
        sql(db1, "INSERT INTO labdb.w (src) VALUES ('marker3')");
        await().atMost(Duration.ofSeconds(10)).until(() -> sql(db2, "SELECT COUNT(*) FROM labdb.w WHERE src = 'marker3'").strip().equals("1"));
    }

    @Test
    @Order(5)
    void secondApplyChangesNothing() {
        for (LabHost h : List.of(db1, db2)) {
            List<Resource> all = new ArrayList<>(accounts(h));
            all.add(replica(h == db1 ? db2 : db1, REPL_PASSWORD, h == db2, h == db1));
            ApplyResult r = lab.apply(h, all, false);
            for (StateResult s : r.results()) assertEquals(Outcome.UNCHANGED, s.outcome(), h + " " + s.id() + ": " + s.comment());
            ApplyResult t = lab.apply(h, all, true);
            for (StateResult s : t.results()) assertEquals(Outcome.UNCHANGED, s.outcome(), "test mode " + h + " " + s.id());
        }
    }

    @Test
    @Order(6)
    void noWriteLostAndIdsNeverCollided() {
        int written = 5; // 2 seed rows + 3 markers
        for (Writer w : writers) written += w.stop();
        assertTrue(writers.get(0).ok.get() > 0 && writers.get(1).ok.get() > 0, "both sides took writes");
        int expected = written;
        for (LabHost h : List.of(db1, db2)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> Integer.parseInt(sql(h, "SELECT COUNT(*) FROM labdb.w").strip()) == expected);
        }
        // interleaved ids: db1 odd (offset 1), db2 even (offset 2)
        assertEquals("0", sql(db1, "SELECT COUNT(*) FROM labdb.w WHERE src = 'db1' AND id % 2 = 0").strip());
        assertEquals("0", sql(db1, "SELECT COUNT(*) FROM labdb.w WHERE src = 'db2' AND id % 2 = 1").strip());
        String checksum = "SELECT CONCAT(COUNT(*), '/', SUM(id), '/', BIT_XOR(CRC32(CONCAT(id, src, at)))) FROM labdb.w";
        assertEquals(sql(db1, checksum), sql(db2, checksum));
    }

    @Test
    @Order(7)
    void decommissionStopsReplication() {
        for (LabHost h : List.of(db1, db2)) {
            Resource stop = res("replication_stopped", "stop", "stop", Map.of());
            StateResult first = lab.apply(h, List.of(stop), false).get("stop");
            assertEquals(Outcome.CHANGED, first.outcome(), first.comment());
            assertEquals(Outcome.UNCHANGED, lab.apply(h, List.of(stop), false).get("stop").outcome());
            assertEquals("", sql(h, "SHOW SLAVE STATUS").strip());
        }
    }

    // --- documents --------------------------------------------------------------------------------------------

    private static Resource serverConfig(LabHost h) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("server_id", h.index());
        a.put("gtid_domain_id", h.index());
        a.put("log_bin", "mysql-bin");
        a.put("binlog_format", "ROW");
        a.put("relay_log", "relay-bin");
        a.put("log_slave_updates", true);
        a.put("auto_increment_increment", 2);
        a.put("auto_increment_offset", h.index() - 10);
        a.put("bind_address", "0.0.0.0");
        a.put("skip_name_resolve", true);
        return res("server_config", "server", "server", a);
    }

    /** The replication account exists on both servers, kept out of the binlog so each side owns its own. */
    private static List<Resource> accounts(LabHost h) {
        return List.of(serverConfig(h),
                res("database", "labdb", "labdb", Map.of()),
                res("user", "repl-user", "repl", Map.of("host", "10.77.0.%", "password", REPL_PASSWORD, "binlog", false)),
                res("grants", "repl-grants", "repl", Map.of("host", "10.77.0.%", "binlog", false,
                        "grant", List.of("REPLICATION SLAVE", "SELECT, SHOW VIEW, TRIGGER, EVENT"))));
    }

    private static Resource replica(LabHost source, String password, boolean seed, boolean startAtCurrent) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("source_host", source.address());
        a.put("source_user", "repl");
        a.put("source_password", password);
        a.put("use_gtid", "slave_pos");
        a.put("connect_retry", 1);
        a.put("heartbeat_period", 1);
        a.put("timeout", 20);
        a.put("max_lag", 5);
        a.put("seed", seed);
        a.put("start_at_current", startAtCurrent);
        return res("replica", "replica", "replica", a);
    }

    private static Resource res(String function, String id, String name, Map<String, Object> args) {
        return new Resource(Resource.keyOf("mysql", id, name, function), id, "mysql", function, name, args, List.of(),
                "mysql.lab", "mysql/lab.sls", 0, false);
    }

    /** The part of {@code @@gtid_binlog_pos} in the host's own domain (its writes), e.g. {@code 12-12-1}. */
    private static String ownGtid(LabHost h) {
        for (String p : sql(h, "SELECT @@gtid_binlog_pos").strip().split(",")) {
            if (p.startsWith(h.index() + "-")) return p;
        }
        return "";
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static void ok(LabHost h, String... argv) {
        h.exec(List.of(argv), Duration.ofSeconds(60)).orThrow(h.name());
    }

    /** Runs SQL as root over the host's socket; returns batch output without column names. */
    static String sql(LabHost h, String statements) {
        ExecResult r = h.exec(List.of("mariadb", "-N", "-B"), SQL_TIMEOUT, statements.getBytes());
        return r.orThrow(h.name() + ": " + statements).stdout();
    }

    /** Inserts rows one by one on a host until stopped; counts only inserts the server confirmed. */
    static final class Writer {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger ok = new AtomicInteger();
        Thread thread;

        static Writer start(LabHost h) {
            Writer w = new Writer();
            w.thread = new Thread(() -> {
                while (w.running.get()) {
                    ExecResult r = h.exec(List.of("mariadb", "-e", "INSERT INTO labdb.w (src) VALUES ('" + h.name() + "')"),
                            SQL_TIMEOUT, null);
                    if (r.ok()) w.ok.incrementAndGet();
                }
            }, "writer-" + h.name());
            w.thread.setDaemon(true);
            w.thread.start();
            return w;
        }

        int stop() {
            running.set(false);
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ok.get();
        }
    }
}
