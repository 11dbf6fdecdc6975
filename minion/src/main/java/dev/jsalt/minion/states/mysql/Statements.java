package dev.jsalt.minion.states.mysql;

import dev.jsalt.minion.state.Args;

import java.util.List;

/** Small statement helpers shared by the account and database states. */
final class Statements {
    private Statements() {
    }

    /**
     * {@code binlog: false} keeps the change out of the binary log, so it stays on this server and is not
     * replicated: for accounts every server of a pair manages for itself (e.g. the replication user).
     */
    static List<String> binlog(Args a) {
        return a.bool("binlog", true) ? List.of() : List.of("SET SESSION sql_log_bin = 0");
    }
}
