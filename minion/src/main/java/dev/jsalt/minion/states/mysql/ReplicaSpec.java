package dev.jsalt.minion.states.mysql;

import dev.jsalt.minion.state.Args;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The arguments of {@code mysql.replica}. {@code source_*} names are the primary ones; {@code master_*} are
 * accepted as aliases because most existing formulas and runbooks use them.
 */
record ReplicaSpec(String host, int port, String user, String password, String useGtid, String logFile, Long logPos,
                   int connectRetry, Double heartbeatPeriod, Duration timeout, long maxLag, boolean startAtCurrent,
                   boolean seed, String seedUser, String seedPassword, List<String> seedDatabases, Duration seedTimeout) {

    static ReplicaSpec from(Args a) {
        String host = alias(a, "source_host", "master_host").orElseThrow(() -> a.bad("source_host", "is required"));
        int port = (int) (long) a.number("source_port").or(() -> a.number("master_port")).orElse(3306L);
        String user = alias(a, "source_user", "master_user").orElseThrow(() -> a.bad("source_user", "is required"));
        String password = alias(a, "source_password", "master_password")
                .orElseThrow(() -> a.bad("source_password", "is required"));
        String useGtid = a.string("use_gtid", "slave_pos").toLowerCase(Locale.ROOT);
        if (!List.of("slave_pos", "current_pos", "no").contains(useGtid)) {
            throw a.bad("use_gtid", "must be slave_pos, current_pos or no");
        }
        String logFile = alias(a, "log_file", "master_log_file").orElse(null);
        Long logPos = a.number("log_pos").or(() -> a.number("master_log_pos")).orElse(null);
        if ((logFile != null || logPos != null) && !useGtid.equals("no")) {
            throw a.bad("log_file", "needs use_gtid: no (file/position replication)");
        }
        Double heartbeat = null;
        if (a.has("heartbeat_period")) {
            try {
                heartbeat = Double.parseDouble(a.required("heartbeat_period"));
            } catch (NumberFormatException e) {
                throw a.bad("heartbeat_period", "must be a number of seconds");
            }
        }
        List<String> seedDbs = new ArrayList<>(a.strings("seed_databases"));
        return new ReplicaSpec(host, port, user, password, useGtid, logFile, logPos,
                (int) (long) a.number("connect_retry").orElse(10L), heartbeat,
                Duration.ofSeconds(a.number("timeout").orElse(60L)), a.number("max_lag").orElse(10L),
                a.bool("start_at_current", false), a.bool("seed", false),
                a.string("seed_user", user), a.string("seed_password", password), seedDbs,
                Duration.ofSeconds(a.number("seed_timeout").orElse(6 * 3600L)));
    }

    private static Optional<String> alias(Args a, String name, String alias) {
        return a.string(name).or(() -> a.string(alias));
    }

    boolean gtid() { return !useGtid.equals("no"); }

    String source() { return host + ":" + port; }

    /** Does the server's configured GTID mode match? MariaDB prints Slave_Pos/Current_Pos/No, MySQL Yes/No. */
    boolean gtidMatches(ServerFlavor flavor, String usingGtid) {
        String u = usingGtid == null ? "no" : usingGtid.toLowerCase(Locale.ROOT);
        if (!flavor.mariadb()) return gtid() == u.equals("yes");
        return u.equals(useGtid);
    }

    @Override
    public String toString() {
        // keep the password out of any accidental print
        return "ReplicaSpec[" + user + "@" + source() + ", use_gtid=" + useGtid + "]";
    }
}
