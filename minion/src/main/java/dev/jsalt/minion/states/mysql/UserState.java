package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mysql.user} / {@code mysql.user_absent}. The password is compared as a {@code mysql_native_password}
 * hash computed here, so an unchanged password costs one SELECT and no write; on MariaDB it is also set as that
 * hash ({@code IDENTIFIED BY PASSWORD '*...'}), so the clear text never reaches the server at all.
 */
final class UserState {
    static final String NATIVE = "mysql_native_password";

    private UserState() {
    }

    static Plan present(Resource resource, RunContext ctx, Sessions sessions) {
        Args a = MysqlModule.args(resource);
        String user = resource.name();
        String host = a.string("host", "localhost");
        Optional<String> password = a.string("password");
        Optional<String> hash = a.string("password_hash").map(h -> h.toUpperCase(Locale.ROOT));
        if (password.isPresent() && hash.isPresent()) throw a.bad("password_hash", "cannot be combined with password");
        if (hash.isPresent() && !hash.get().matches("\\*[0-9A-F]{40}")) {
            throw a.bad("password_hash", "must be a mysql_native_password hash (*40 hex digits)");
        }
        boolean passwordless = a.bool("allow_passwordless", false);
        if (password.isEmpty() && hash.isEmpty() && !passwordless) {
            throw a.bad("password", "is required (or password_hash, or allow_passwordless: true)");
        }
        Optional<String> wantHash = password.map(NativePassword::hash).or(() -> hash);

        Server server = sessions.server(ctx, Connection.fromArgs(a));
        MysqlClient client = server.client().redacting(password.map(List::of).orElse(List.of()));
        Optional<Map<String, String>> row = client.query(
                "SELECT plugin, authentication_string AS auth FROM mysql.user WHERE User = " + SqlQuote.literal(user)
                        + " AND Host = " + SqlQuote.literal(host)).first();
        String account = SqlQuote.account(user, host);
        String shown = user + "@" + host;
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("user", shown);
        List<String> sql = new ArrayList<>(Statements.binlog(a));
        String identified = identifiedBy(server.flavor(), password, wantHash);
        if (row.isEmpty()) {
            changes.put("old", null);
            changes.put("new", "present");
            if (wantHash.isPresent()) changes.put("password", "set");
            // IF NOT EXISTS so that the same statement arriving through replication on a peer is harmless
            sql.add("CREATE USER IF NOT EXISTS " + account + identified);
        } else {
            if (wantHash.isEmpty()) return Plan.inSync("user " + shown + " is present");
            String plugin = row.get().get("plugin") == null ? "" : row.get().get("plugin");
            String auth = row.get().get("auth") == null ? "" : row.get().get("auth");
            boolean native_ = plugin.isEmpty() || plugin.equals(NATIVE);
            if (native_ && auth.equalsIgnoreCase(wantHash.get())) {
                return Plan.inSync("user " + shown + " is present with the wanted password");
            }
            if (!native_ && !server.flavor().mariadb() && password.isPresent() && !a.bool("force_password", false)) {
                // MySQL 8's caching_sha2_password hash is salted; it cannot be compared without logging in
                return Plan.inSync("user " + shown + " is present (" + plugin
                        + " password not compared; force_password: true resets it every run)");
            }
            changes.put("password", native_ ? "changed" : "changed (was " + plugin + ")");
            sql.add("ALTER USER " + account + identified);
        }
        return Plan.change(changes, "user " + shown + " would be " + (row.isEmpty() ? "created" : "updated"), () -> {
            client.execute(sql);
            return Plan.Done.ok("user " + shown + (row.isEmpty() ? " created" : " password changed"));
        });
    }

    /**
     * The IDENTIFIED clause. MariaDB takes the native hash. MySQL 8 is given the clear text (on the client's stdin)
     * so it uses its own default plugin, unless only a hash was supplied.
     */
    static String identifiedBy(ServerFlavor flavor, Optional<String> password, Optional<String> hash) {
        if (hash.isEmpty()) return "";
        if (flavor.mariadb()) return " IDENTIFIED BY PASSWORD " + SqlQuote.literal(hash.get());
        if (password.isPresent()) return " IDENTIFIED BY " + SqlQuote.literal(password.get());
        return " IDENTIFIED WITH " + NATIVE + " AS " + SqlQuote.literal(hash.get());
    }

    static Plan absent(Resource resource, RunContext ctx, Sessions sessions) {
        Args a = MysqlModule.args(resource);
        String user = resource.name();
        String host = a.string("host", "localhost");
        Server server = sessions.server(ctx, Connection.fromArgs(a));
        boolean exists = !server.client().query("SELECT 1 AS x FROM mysql.user WHERE User = " + SqlQuote.literal(user)
                + " AND Host = " + SqlQuote.literal(host)).isEmpty();
        String shown = user + "@" + host;
        if (!exists) return Plan.inSync("user " + shown + " is absent");
        Map<String, Object> changes = Map.of("user", shown, "old", "present", "new", "absent");
        List<String> sql = new ArrayList<>(Statements.binlog(a));
        sql.add("DROP USER IF EXISTS " + SqlQuote.account(user, host));
        return Plan.change(changes, "user " + shown + " would be dropped", () -> {
            server.client().execute(sql);
            return Plan.Done.ok("user " + shown + " dropped");
        });
    }
}
