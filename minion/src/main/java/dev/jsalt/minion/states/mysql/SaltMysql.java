package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;

import java.util.Set;

/**
 * Salt's own mysql state modules ({@code mysql_database}, {@code mysql_user}, {@code mysql_grants}) on jsalt's mysql
 * client: Salt's argument names, comments and changes ({@code {name: Present}}, ...), so formulas written for Salt
 * (mysql-formula) apply. Connection arguments are Salt's too: {@code connection_host: localhost} means the unix socket,
 * as it does for Salt's MySQLdb. Reference: docs/states/mysql_database.md, mysql_user.md, mysql_grants.md.
 */
abstract class SaltMysql implements StateModule {
    final Sessions sessions = new Sessions();

    /** Salt's connection: localhost (or no host) is the unix socket, any other host TCP. */
    static Connection connection(Args a) {
        Connection c = Connection.fromArgs(a);
        if (c.host() != null && c.host().equals("localhost")) {
            return new Connection(c.user(), c.password(), null, null, c.socket(), c.defaultsFile());
        }
        return c;
    }

    Server server(RunContext ctx, Args a) { return sessions.server(ctx, connection(a)); }

    abstract Plan plan(Resource r, Args a, RunContext ctx);

    abstract Args args(Resource r);

    @Override
    public Set<String> functions() { return Set.of("present", "absent"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        Args a = args(r);
        try {
            return plan(r, a, ctx);
        } catch (MysqlException e) {
            return Plan.failed(e.getMessage());
        }
    }
}
