package dev.jsalt.minion.states.mysql;

import dev.jsalt.minion.state.RunContext;

/**
 * One {@link Server} per connection per run: the version is asked once, not by every resource. Kept in the run's
 * memo, so nothing outlives the run (a server may be upgraded between runs).
 */
final class Sessions {
    Server server(RunContext ctx, Connection c) {
        // the password is part of the identity (two resources may use different ones) but only as a hash code
        String key = "mysql.server|" + c.cacheKey() + "|" + (c.password() == null ? 0 : c.password().hashCode());
        return ctx.memo(key, () -> Server.open(new MysqlClient(ctx.commands(), c)));
    }
}
