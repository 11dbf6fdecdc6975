package dev.jsalt.minion.states.mysql;

import java.util.ArrayList;
import java.util.List;

/** Builds the CHANGE MASTER TO / CHANGE REPLICATION SOURCE TO statement for the server's flavor. */
final class ChangeSource {
    private ChangeSource() {
    }

    /**
     * @param withPosition send log_file/log_pos (only when the source changes: re-sending them for the same source
     *                     would rewind a running replica)
     */
    static String statement(ServerFlavor f, ReplicaSpec s, boolean withPosition) {
        List<String> opts = new ArrayList<>();
        opts.add(f.option("HOST") + " = " + SqlQuote.literal(s.host()));
        opts.add(f.option("PORT") + " = " + s.port());
        opts.add(f.option("USER") + " = " + SqlQuote.literal(s.user()));
        opts.add(f.option("PASSWORD") + " = " + SqlQuote.literal(s.password()));
        opts.add(f.option("CONNECT_RETRY") + " = " + s.connectRetry());
        if (s.heartbeatPeriod() != null) opts.add(f.option("HEARTBEAT_PERIOD") + " = " + s.heartbeatPeriod());
        if (f.mariadb()) {
            opts.add("MASTER_USE_GTID = " + s.useGtid());
        } else {
            opts.add(f.option("AUTO_POSITION") + " = " + (s.gtid() ? 1 : 0));
            // caching_sha2_password over a plain connection needs the server's RSA key
            opts.add((f.sourceSyntax() ? "GET_SOURCE_PUBLIC_KEY" : "GET_MASTER_PUBLIC_KEY") + " = 1");
        }
        if (withPosition && s.logFile() != null) opts.add(f.option("LOG_FILE") + " = " + SqlQuote.literal(s.logFile()));
        if (withPosition && s.logPos() != null) opts.add(f.option("LOG_POS") + " = " + s.logPos());
        return f.changeSourceTo() + " " + String.join(", ", opts);
    }
}
