package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.StateOutcome;

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

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> functions() {
        return Set.of("server_config", "database", "database_absent", "user", "user_absent", "grants", "replica",
                "replication_stopped");
    }

    @Override
    public StateOutcome apply(Resource resource, RunContext ctx) throws Exception {
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
                default -> StateOutcome.failed("mysql has no function '" + resource.function() + "'");
            };
        } catch (MysqlException e) {
            // the server's own words are the most useful comment
            return StateOutcome.failed(resource.fun() + ": " + e.getMessage());
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
