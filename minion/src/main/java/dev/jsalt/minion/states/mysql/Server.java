package dev.jsalt.minion.states.mysql;

import java.util.List;
import java.util.Map;

/** A client plus the flavor of the server behind it: the place that knows which SQL to send. */
public record Server(MysqlClient client, ServerFlavor flavor) {

    static final String FLAVOR_QUERY = "SELECT VERSION() AS version, @@version_comment AS comment";
    static final String REPLICAS_QUERY =
            "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'";

    /** Connects once to learn the version. */
    public static Server open(MysqlClient client) {
        Map<String, String> row = client.query(FLAVOR_QUERY).first()
                .orElseThrow(() -> new MysqlException(0, "SELECT VERSION() returned nothing"));
        return new Server(client, ServerFlavor.detect(row.get("version"), row.get("comment")));
    }

    /** Variables that hold the GTID state, per flavor. */
    String gtidQuery() {
        return flavor.mariadb()
                ? "SELECT @@GLOBAL.gtid_binlog_pos AS gtid_binlog_pos, @@GLOBAL.gtid_slave_pos AS gtid_slave_pos,"
                  + " @@GLOBAL.gtid_current_pos AS gtid_current_pos"
                : "SELECT @@GLOBAL.gtid_executed AS gtid_executed";
    }

    /** The statements {@link #status(List)} reads, to be put at the front of a larger check batch. */
    List<String> statusQueries() { return List.of(flavor.showReplicaStatus(), gtidQuery(), REPLICAS_QUERY); }

    /** Builds the status from the first three result sets of a batch that began with {@link #statusQueries()}. */
    static ReplicationStatus status(List<Rows> results) {
        Map<String, String> row = results.get(0).first().orElse(Map.of());
        Map<String, String> vars = results.get(1).first().orElse(Map.of());
        String n = results.get(2).scalar();
        return ReplicationStatus.fromRow(row, vars, n == null ? 0 : Integer.parseInt(n.strip()));
    }

    /** Replication status in one client process. */
    public ReplicationStatus status() { return status(client.query(statusQueries())); }
}
