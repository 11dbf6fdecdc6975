package dev.jsalt.minion.states.mysql;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Replication health of one server, from {@code SHOW SLAVE STATUS} / {@code SHOW REPLICA STATUS}, the GTID
 * positions and the number of replicas streaming from it.
 *
 * @param ioRunning     {@code Yes}, {@code No} or {@code Connecting}; null when no replication is configured
 * @param sqlRunning    {@code Yes} or {@code No}; null when no replication is configured
 * @param lagSeconds    Seconds_Behind_Master, null when unknown (a thread stopped) or not a replica
 * @param sourceHost    the configured source, or null
 * @param sourcePort    its port, or 0
 * @param sourceUser    the replication account, or null
 * @param usingGtid     {@code Slave_Pos}, {@code Current_Pos}, {@code No} (MariaDB) or {@code Yes}/{@code No}
 *                      (MySQL auto-position)
 * @param lastIoErrno   0 when none
 * @param lastIoError   the server's text, empty when none
 * @param lastSqlErrno  0 when none
 * @param lastSqlError  the server's text, empty when none
 * @param gtidIoPos     GTID position received from the source (MariaDB) or retrieved set (MySQL)
 * @param gtidBinlogPos {@code @@gtid_binlog_pos} (MariaDB) or {@code @@gtid_executed} (MySQL)
 * @param gtidSlavePos  {@code @@gtid_slave_pos} (MariaDB), null on MySQL
 * @param gtidCurrentPos {@code @@gtid_current_pos} (MariaDB), null on MySQL
 * @param replicas      binlog dump threads, i.e. replicas streaming from this server now
 */
public record ReplicationStatus(
        String ioRunning, String sqlRunning, Long lagSeconds,
        String sourceHost, int sourcePort, String sourceUser, String usingGtid,
        int lastIoErrno, String lastIoError, int lastSqlErrno, String lastSqlError,
        String gtidIoPos, String gtidBinlogPos, String gtidSlavePos, String gtidCurrentPos,
        int replicas) {

    public enum Role { NONE, SOURCE, REPLICA, BOTH }

    /** No replication configured here, nothing streaming from here. */
    public static final ReplicationStatus NONE = new ReplicationStatus(null, null, null, null, 0, null, null,
            0, "", 0, "", null, null, null, null, 0);

    /** True when a source is configured (a RESET SLAVE ALL'd server has none). */
    public boolean configured() { return sourceHost != null && !sourceHost.isEmpty(); }

    public boolean ioYes() { return "Yes".equalsIgnoreCase(ioRunning); }

    public boolean sqlYes() { return "Yes".equalsIgnoreCase(sqlRunning); }

    /** Both threads run and the lag is known and within {@code maxLag} seconds. */
    public boolean healthy(long maxLag) { return ioYes() && sqlYes() && lagSeconds != null && lagSeconds <= maxLag; }

    public Role role() {
        boolean replica = configured();
        boolean source = replicas > 0;
        if (replica && source) return Role.BOTH;
        if (replica) return Role.REPLICA;
        if (source) return Role.SOURCE;
        return Role.NONE;
    }

    /** The server's own error text, IO thread first, or empty. */
    public String lastError() {
        if (lastIoErrno != 0 || !lastIoError.isEmpty()) return "IO thread error " + lastIoErrno + ": " + lastIoError;
        if (lastSqlErrno != 0 || !lastSqlError.isEmpty()) return "SQL thread error " + lastSqlErrno + ": " + lastSqlError;
        return "";
    }

    /** One line for comments: {@code io=Yes sql=Yes lag=0 source=10.77.0.11:3306}. */
    public String summary() {
        if (!configured()) return "not a replica";
        String s = "io=" + ioRunning + " sql=" + sqlRunning + " lag=" + (lagSeconds == null ? "NULL" : lagSeconds)
                + " source=" + sourceHost + ":" + sourcePort;
        String err = lastError();
        return err.isEmpty() ? s : s + " (" + err + ")";
    }

    /**
     * From one row of SHOW SLAVE STATUS / SHOW REPLICA STATUS (an empty map when not a replica). Column names
     * differ between MariaDB/MySQL &lt; 8.0.22 (Slave_IO_Running, Master_Host) and MySQL 8.0.22+ (Replica_IO_Running,
     * Source_Host); both are read.
     */
    public static ReplicationStatus fromRow(Map<String, String> row, Map<String, String> vars, int replicas) {
        Map<String, String> r = canonical(row);
        Map<String, String> v = vars == null ? Map.of() : vars;
        String binlog = v.containsKey("gtid_binlog_pos") ? v.get("gtid_binlog_pos") : v.get("gtid_executed");
        if (r.isEmpty()) {
            return new ReplicationStatus(null, null, null, null, 0, null, null, 0, "", 0, "",
                    null, binlog, v.get("gtid_slave_pos"), v.get("gtid_current_pos"), replicas);
        }
        String gtid = r.get("using_gtid");
        if (gtid == null && r.containsKey("auto_position")) gtid = "1".equals(r.get("auto_position")) ? "Yes" : "No";
        String ioPos = r.containsKey("gtid_io_pos") ? r.get("gtid_io_pos") : r.get("retrieved_gtid_set");
        return new ReplicationStatus(
                r.get("slave_io_running"), r.get("slave_sql_running"), longOrNull(r.get("seconds_behind_master")),
                emptyToNull(r.get("master_host")), (int) longOr(r.get("master_port"), 0), emptyToNull(r.get("master_user")),
                gtid,
                (int) longOr(r.get("last_io_errno"), 0), nz(r.get("last_io_error")),
                (int) longOr(r.get("last_sql_errno"), 0), nz(r.get("last_sql_error")),
                ioPos, binlog, v.get("gtid_slave_pos"), v.get("gtid_current_pos"), replicas);
    }

    /**
     * Parses the vertical {@code \G} form an operator pastes ({@code *** 1. row ***} then {@code Key: value}
     * lines). Only the first row is read: the default replication connection.
     */
    public static Map<String, String> parseVertical(String text) {
        Map<String, String> row = new LinkedHashMap<>();
        boolean seenRow = false;
        String lastKey = null;
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.startsWith("***")) {
                if (seenRow) break;
                seenRow = true;
                continue;
            }
            int colon = t.indexOf(':');
            // a key is a bare word; a continuation line of a multi-line value (e.g. a GTID set) is not
            if (colon > 0 && t.substring(0, colon).matches("[A-Za-z_]+")) {
                lastKey = t.substring(0, colon);
                row.put(lastKey, t.substring(colon + 1).strip());
            } else if (lastKey != null && !t.isEmpty()) {
                row.put(lastKey, row.get(lastKey) + t);
            }
        }
        return row;
    }

    /** This status as a plain map for {@code mysql.replication_status} returns (JSON). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role().name().toLowerCase(Locale.ROOT));
        m.put("healthy", !configured() || (ioYes() && sqlYes()));
        m.put("io_running", ioRunning);
        m.put("sql_running", sqlRunning);
        m.put("lag_seconds", lagSeconds);
        m.put("source", configured() ? sourceHost + ":" + sourcePort : null);
        m.put("source_user", sourceUser);
        m.put("using_gtid", usingGtid);
        m.put("last_io_errno", lastIoErrno);
        m.put("last_io_error", lastIoError);
        m.put("last_sql_errno", lastSqlErrno);
        m.put("last_sql_error", lastSqlError);
        m.put("gtid_io_pos", gtidIoPos);
        m.put("gtid_binlog_pos", gtidBinlogPos);
        m.put("gtid_slave_pos", gtidSlavePos);
        m.put("gtid_current_pos", gtidCurrentPos);
        m.put("replicas", replicas);
        return m;
    }

    /** Lower-cases names and maps MySQL 8's Replica_/Source_ spellings onto the Slave_/Master_ ones. */
    private static Map<String, String> canonical(Map<String, String> row) {
        Map<String, String> out = new LinkedHashMap<>();
        if (row == null) return out;
        row.forEach((k, val) -> {
            String key = k.toLowerCase(Locale.ROOT)
                    .replace("replica_", "slave_")
                    .replace("source_", "master_")
                    .replace("seconds_behind_source", "seconds_behind_master");
            out.put(key, val);
        });
        return out;
    }

    private static String nz(String s) { return s == null ? "" : s; }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }

    private static Long longOrNull(String s) {
        if (s == null || s.isEmpty() || s.equalsIgnoreCase("NULL")) return null;
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long longOr(String s, long dflt) {
        Long v = longOrNull(s);
        return v == null ? dflt : v;
    }
}
