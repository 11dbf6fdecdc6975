package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mysql.replica}: this server replicates from a source, both threads run and the lag is within bounds.
 *
 * <p>Before anything on this server is touched, the replication account is tried against the source, so a wrong
 * password or an unreachable source fails with the server's own error and leaves the replica as it was.
 */
final class ReplicaState {
    private static final Logger log = LoggerFactory.getLogger(ReplicaState.class);
    static final String USER_TABLES = "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN"
            + " ('mysql', 'information_schema', 'performance_schema', 'sys')";

    private ReplicaState() {
    }

    static Plan apply(Resource resource, RunContext ctx, Sessions sessions) throws InterruptedException {
        Args a = MysqlModule.args(resource);
        ReplicaSpec spec = ReplicaSpec.from(a);
        Server server = sessions.server(ctx, Connection.fromArgs(a));
        MysqlClient client = server.client().redacting(List.of(spec.password(), spec.seedPassword()));
        ServerFlavor flavor = server.flavor();

        // one client process for everything we need to decide
        List<String> batch = new ArrayList<>(server.statusQueries());
        batch.add(USER_TABLES);
        batch.add("SELECT @@server_id AS id");
        if (spec.heartbeatPeriod() != null) batch.add(heartbeatQuery(flavor));
        List<Rows> res = client.query(batch);
        ReplicationStatus before = Server.status(res);
        boolean empty = "0".equals(res.get(3).scalar());
        String localId = res.get(4).scalar();
        Double heartbeat = spec.heartbeatPeriod() == null ? null : parseDouble(res.get(5).scalar());

        boolean sameSource = before.configured() && before.sourceHost().equals(spec.host())
                && before.sourcePort() == spec.port();
        boolean sameConfig = sameSource && spec.user().equals(before.sourceUser())
                && spec.gtidMatches(flavor, before.usingGtid())
                && (spec.heartbeatPeriod() == null || (heartbeat != null && Math.abs(heartbeat - spec.heartbeatPeriod()) < 0.001));

        if (sameConfig && before.ioYes() && before.sqlYes()) {
            ReplicationStatus now = waitHealthy(client, server, spec, before);
            if (now.healthy(spec.maxLag())) return Plan.inSync("replicating from " + spec.source() + ": " + now.summary());
            return Plan.failed("replication from " + spec.source() + " is not healthy within "
                    + spec.timeout().toSeconds() + " s: " + now.summary());
        }

        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("source", Map.of("old", before.configured() ? before.sourceHost() + ":" + before.sourcePort() : "",
                "new", spec.source()));
        if (!sameSource || !sameConfig) changes.put("use_gtid", spec.gtid() ? spec.useGtid() : "no");
        boolean seed = spec.seed() && empty && !sameSource;
        if (spec.seed() && !flavor.mariadb() && seed) {
            return Plan.failed("seed: true is implemented for MariaDB (mariadb-dump --gtid); on MySQL 8 seed with"
                    + " the CLONE plugin or mysqldump first (docs/states/mysql.md)");
        }
        if (seed && !spec.gtid()) return Plan.failed("seed: true needs use_gtid (the dump carries a GTID position)");

        // pre-flight: the account works against the source (and it is not this very server)
        String sourceId;
        try {
            MysqlClient source = new MysqlClient(ctx.commands(), Connection.tcp(spec.host(), spec.port(), spec.user(),
                    spec.password()), Duration.ofSeconds(20));
            List<Rows> pre = source.query(List.of("SELECT @@server_id AS id", "SHOW GRANTS"));
            sourceId = pre.get(0).scalar();
            List<String> grants = pre.get(1).rows().stream().map(r -> r.values().iterator().next()).toList();
            if (!canReplicate(grants, flavor)) {
                return Plan.failed(spec.user() + " can log in to source " + spec.source()
                        + " but lacks REPLICATION SLAVE on *.* there; replica left as it was");
            }
        } catch (MysqlException e) {
            return Plan.failed("cannot log in to source " + spec.source() + " as " + spec.user()
                    + ", replica left as it was: " + e.getMessage());
        }
        if (sourceId != null && sourceId.equals(localId)) {
            return Plan.failed("source " + spec.source() + " has the same server_id (" + localId
                    + ") as this server; replication would ignore every event");
        }
        if (seed) changes.put("seeded", true);
        if (sameSource && sameConfig) changes = new LinkedHashMap<>(Map.of("started", true));
        Map<String, Object> planned = changes;
        return Plan.change(planned, "would " + (seed ? "seed from and " : "") + "replicate from "
                + spec.source() + " (now: " + before.summary() + ")", () -> {
            List<String> sql = new ArrayList<>();
            if (before.configured()) sql.add(flavor.stopReplica());
            if (seed) {
                client.execute(sql);
                sql.clear();
                Seeder.seed(ctx.commands(), server, client.connection(), spec);
            } else if (spec.startAtCurrent() && flavor.mariadb() && !sameSource) {
                // master<->master: everything already in this server's binlog (its own writes and what it received
                // from the peer) counts as applied, so the peer only sends what this server has not seen
                sql.add("SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_binlog_pos");
            }
            sql.add(ChangeSource.statement(flavor, spec, !sameSource));
            sql.add(flavor.startReplica());
            client.execute(sql);
            log.info("replication from {} configured ({})", spec.source(), seed ? "seeded" : "no seed");

            ReplicationStatus now = waitHealthy(client, server, spec, null);
            if (!now.healthy(spec.maxLag())) {
                return Plan.Done.failed(planned, "replication from " + spec.source() + " configured but not healthy within "
                        + spec.timeout().toSeconds() + " s: " + now.summary());
            }
            return Plan.Done.ok(planned, (seed ? "seeded from and " : "") + "replicating from " + spec.source()
                    + ": " + now.summary());
        });
    }

    /**
     * Polls until both threads run and the lag is within {@code max_lag}, the deadline passes, or a thread stopped
     * with an error (retrying cannot fix that; the server's text is the answer).
     */
    static ReplicationStatus waitHealthy(MysqlClient client, Server server, ReplicaSpec spec, ReplicationStatus first)
            throws InterruptedException {
        long deadline = System.nanoTime() + spec.timeout().toNanos();
        long pause = 50;
        ReplicationStatus s = first;
        while (true) {
            if (s != null) {
                if (s.healthy(spec.maxLag())) return s;
                boolean ioDead = "No".equalsIgnoreCase(s.ioRunning()) && s.lastIoErrno() != 0;
                boolean sqlDead = "No".equalsIgnoreCase(s.sqlRunning()) && s.lastSqlErrno() != 0;
                if (ioDead || sqlDead) return s;
            }
            if (s != null && System.nanoTime() > deadline) return s;
            if (s != null) {
                Thread.sleep(pause);
                pause = Math.min(1000, pause * 2);
            }
            s = Server.status(client.query(server.statusQueries()));
        }
    }

    /** The account's own grants (SHOW GRANTS as itself) allow streaming the binlog. */
    static boolean canReplicate(List<String> grants, ServerFlavor flavor) {
        for (GrantsState.Granted g : GrantsState.parse(grants, flavor)) {
            if (g.target().equals("*.*") && (g.privileges().contains("REPLICATION SLAVE")
                    || g.privileges().contains("ALL PRIVILEGES"))) {
                return true;
            }
        }
        return false;
    }

    static String heartbeatQuery(ServerFlavor flavor) {
        return flavor.mariadb()
                ? "SELECT VARIABLE_VALUE AS v FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'SLAVE_HEARTBEAT_PERIOD'"
                : "SELECT HEARTBEAT_INTERVAL AS v FROM performance_schema.replication_connection_configuration"
                  + " WHERE CHANNEL_NAME = ''";
    }

    private static Double parseDouble(String s) {
        try {
            return s == null ? null : Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
