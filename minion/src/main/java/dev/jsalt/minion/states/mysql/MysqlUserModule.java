package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Salt's {@code mysql_user.present / absent}. Passwords are compared as mysql_native_password hashes (so an unchanged
 * password costs one SELECT); on MariaDB they are set as that hash, so the clear text never reaches the server.
 */
public final class MysqlUserModule extends SaltMysql {
    private static final List<String> CONNECTION = List.of("connection_user", "connection_pass", "connection_host",
            "connection_port", "connection_unix_socket", "connection_default_file");
    static final Params PRESENT = Params.of("mysql_user.present", "name", "host", "password", "password_hash",
            "allow_passwordless", "unix_socket", "auth_plugin", CONNECTION);
    static final Params ABSENT = Params.of("mysql_user.absent", "name", "host", CONNECTION);

    @Override
    public String name() { return "mysql_user"; }

    @Override
    Args args(Resource r) { return Args.of(r, r.function().equals("absent") ? ABSENT : PRESENT); }

    @Override
    Plan plan(Resource r, Args a, RunContext ctx) {
        String name = r.name();
        String host = a.string("host", "localhost");
        String shown = name + "@" + host;
        String account = SqlQuote.account(name, host);
        if (r.function().equals("absent")) {
            Server server = server(ctx, a);
            if (row(server.client(), name, host).isEmpty()) return Plan.inSync("User " + shown + " is not present, so it cannot be removed");
            return Plan.change(Map.of(name, "Absent"), "User " + shown + " is set to be removed", () -> {
                server.client().execute("DROP USER IF EXISTS " + account);
                return Plan.Done.ok("User " + shown + " has been removed");
            });
        }
        Optional<String> password = a.string("password").filter(s -> !s.isEmpty());
        Optional<String> hash = a.string("password_hash").filter(s -> !s.isEmpty()).map(h -> h.toUpperCase(Locale.ROOT));
        boolean allowPasswordless = a.bool("allow_passwordless", false);
        boolean unixSocket = a.bool("unix_socket", false);
        String plugin = a.string("auth_plugin", UserState.NATIVE);
        if (!plugin.equals(UserState.NATIVE)) {
            throw a.bad("auth_plugin", "other than mysql_native_password is not supported (got '" + plugin + "')");
        }
        if (hash.isPresent() && !hash.get().matches("\\*[0-9A-F]{40}")) throw a.bad("password_hash", "must be a mysql_native_password hash (*40 hex digits)");
        boolean passwordless = password.isEmpty() && hash.isEmpty();
        if (passwordless && !allowPasswordless && !unixSocket) {
            return Plan.failed("Either password or password_hash must be specified, unless allow_passwordless is True");
        }
        Optional<String> wantHash = password.isPresent() ? password.map(NativePassword::hash) : hash;

        Server server = server(ctx, a);
        MysqlClient client = server.client().redacting(password.map(List::of).orElse(List.of()));
        Optional<Map<String, String>> row = row(client, name, host);
        boolean mariadb = server.flavor().mariadb();
        String socketPlugin = mariadb ? "unix_socket" : "auth_socket";
        if (row.isPresent()) {
            String havePlugin = nz(row.get().get("plugin"));
            String auth = nz(row.get().get("auth"));
            boolean nativeOrNone = havePlugin.isEmpty() || havePlugin.equals(UserState.NATIVE);
            if (passwordless) {
                boolean ok = unixSocket ? havePlugin.equals(socketPlugin) || havePlugin.equals("unix_socket")
                        : nativeOrNone && auth.isEmpty();
                if (ok) return Plan.inSync("User " + shown + " is already present" + (allowPasswordless ? " with passwordless login" : ""));
            } else if (nativeOrNone && auth.equalsIgnoreCase(wantHash.get())) {
                return Plan.inSync("User " + shown + " is already present with the desired password" + (hash.isPresent() && password.isEmpty() ? " hash" : ""));
            }
            String sql = "ALTER USER " + account + (passwordless
                    ? (unixSocket ? (mariadb ? " IDENTIFIED VIA unix_socket" : " IDENTIFIED WITH auth_socket") : (mariadb ? " IDENTIFIED BY ''" : " IDENTIFIED WITH " + UserState.NATIVE + " BY ''"))
                    : identified(server, password, wantHash));
            String how = passwordless ? "cleared" : "changed";
            return Plan.change(Map.of(name, "Updated"), "Password for user " + shown + " is set to be " + how, () -> {
                client.execute(sql);
                return Plan.Done.ok("Password for user " + shown + " has been " + how);
            });
        }
        String sql = "CREATE USER IF NOT EXISTS " + account + (passwordless
                ? (unixSocket ? (mariadb ? " IDENTIFIED VIA unix_socket" : " IDENTIFIED WITH auth_socket") : "")
                : identified(server, password, wantHash));
        String suffix = (passwordless ? " with passwordless login" : "") + (unixSocket ? " using unix_socket" : "");
        return Plan.change(Map.of(name, "Present"), "User " + shown + " is set to be added" + suffix, () -> {
            client.execute(sql);
            return Plan.Done.ok("The user " + shown + " has been added" + suffix);
        });
    }

    private static String identified(Server server, Optional<String> password, Optional<String> hash) {
        if (!server.flavor().mariadb() && password.isEmpty()) return " IDENTIFIED WITH " + UserState.NATIVE + " AS " + SqlQuote.literal(hash.get());
        if (!server.flavor().mariadb()) return " IDENTIFIED WITH " + UserState.NATIVE + " BY " + SqlQuote.literal(password.get());
        return UserState.identifiedBy(server.flavor(), password, hash);
    }

    static Optional<Map<String, String>> row(MysqlClient client, String user, String host) {
        return client.query("SELECT plugin, authentication_string AS auth FROM mysql.user WHERE User = " + SqlQuote.literal(user)
                + " AND Host = " + SqlQuote.literal(host)).first();
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
