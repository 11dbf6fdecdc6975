package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Plan;

import java.util.Map;

/** {@code mysql.replication_stopped}: no replication configured (STOP + RESET ... ALL), for decommissioning. */
final class ReplicationStoppedState {
    private ReplicationStoppedState() {
    }

    static Plan apply(Resource resource, RunContext ctx, Sessions sessions) {
        Args a = MysqlModule.args(resource);
        Server server = sessions.server(ctx, Connection.fromArgs(a));
        ReplicationStatus s = server.status();
        if (!s.configured()) return Plan.inSync("no replication configured");
        String old = s.sourceHost() + ":" + s.sourcePort();
        Map<String, Object> changes = Map.of("source", Map.of("old", old, "new", ""));
        return Plan.change(changes, "would stop and reset replication from " + old, () -> {
            server.client().execute(server.flavor().stopReplica(), server.flavor().resetReplicaAll());
            return Plan.Done.ok("replication from " + old + " stopped and reset (was " + s.summary() + ")");
        });
    }
}
