package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.Plan;

import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code mysql} state module for MariaDB 10.x and MySQL 8.x: server settings, databases, accounts, grants and
 * replication (source→replica, master↔master, decommission). Every function talks to the server through the
 * command-line client ({@link MysqlClient}); reference: docs/states/mysql.md.
 */
public final class MysqlModule implements StateModule {
    public static final String NAME = "mysql";
    private final Sessions sessions = new Sessions();
    private static final List<String> CONNECTION = List.of("connection_user", "connection_pass", "connection_host",
            "connection_port", "connection_unix_socket", "connection_default_file");
    private static final Map<String, Params> PARAMS = Map.of(
            "server_config", Params.of("mysql.server_config", "name", "path", "section", "options", ConfigFile.NAMED, CONNECTION),
            "database", Params.of("mysql.database", "name", "character_set", "collate", "binlog", CONNECTION),
            "database_absent", Params.of("mysql.database_absent", "name", "binlog", CONNECTION),
            "user", Params.of("mysql.user", "name", "host", "password", "password_hash", "allow_passwordless",
                    "force_password", "binlog", CONNECTION),
            "user_absent", Params.of("mysql.user_absent", "name", "host", "binlog", CONNECTION),
            "grants", Params.of("mysql.grants", "name", "user", "host", "database", "grant", "grant_option", "binlog",
                    CONNECTION),
            "replica", Params.of("mysql.replica", "name", "source_host", "master_host", "source_port", "master_port",
                    "source_user", "master_user", "source_password", "master_password", "use_gtid", "log_file",
                    "master_log_file", "log_pos", "master_log_pos", "connect_retry", "heartbeat_period", "timeout",
                    "max_lag", "start_at_current", "seed", "seed_user", "seed_password", "seed_databases", "seed_timeout",
                    CONNECTION),
            "replication_stopped", Params.of("mysql.replication_stopped", "name", CONNECTION));

    /** The arguments of a mysql resource, as its function declares them. */
    static Args args(Resource r) {
        Params p = PARAMS.get(r.function());
        if (p == null) throw new IllegalArgumentException("mysql has no function '" + r.function() + "'");
        return Args.of(r, p);
    }

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> functions() {
        return Set.of("server_config", "database", "database_absent", "user", "user_absent", "grants", "replica",
                "replication_stopped");
    }

    @Override
    public Plan plan(Resource resource, RunContext ctx) throws Exception {
        try {
            return switch (resource.function()) {
                case "server_config" -> ServerConfigState.apply(resource, ctx, sessions);
                case "database" -> DatabaseState.apply(resource, ctx, sessions);
                case "database_absent" -> DatabaseState.absent(resource, ctx, sessions);
                case "user" -> UserState.present(resource, ctx, sessions);
                case "user_absent" -> UserState.absent(resource, ctx, sessions);
                case "grants" -> GrantsState.apply(resource, ctx, sessions);
                case "replica" -> ReplicaState.apply(resource, ctx, sessions);
                case "replication_stopped" -> ReplicationStoppedState.apply(resource, ctx, sessions);
                default -> Plan.failed("mysql has no function '" + resource.function() + "'");
            };
        } catch (MysqlException e) {
            // the server's own words are the most useful comment
            return Plan.failed(resource.fun() + ": " + e.getMessage());
        }
    }

    /**
     * The {@code mysql.replication_status} execution function: this minion's local server, as root over the
     * unix socket, in two client processes (version, then status).
     */
    public static Map<String, Object> replicationStatus(CommandRunner runner) {
        return Server.open(new MysqlClient(runner, Connection.local())).status().toMap();
    }
}
