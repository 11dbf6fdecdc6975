package dev.jsalt.minion.states.mysql;

import dev.jsalt.minion.state.Args;

/**
 * How to reach a server. The default is root over the local unix socket, which MariaDB authenticates with
 * {@code unix_socket} (no password anywhere). Argument names follow Salt's mysql states
 * ({@code connection_user}, {@code connection_pass}, ...), so existing SLS keeps working.
 *
 * @param user         account name, or null for the OS user (root)
 * @param password     password (a secret: only ever written to a 0600 defaults file), or null
 * @param host         TCP host, or null for the unix socket
 * @param port         TCP port, or null for the default
 * @param socket       unix socket path, or null for the client's default ({@code /run/mysqld/mysqld.sock})
 * @param defaultsFile an existing option file (e.g. {@code /etc/mysql/debian.cnf}), or null
 */
public record Connection(String user, String password, String host, Integer port, String socket, String defaultsFile) {

    public static Connection local() { return new Connection(null, null, null, null, null, null); }

    public static Connection fromArgs(Args a) {
        Connection c = new Connection(
                a.string("connection_user").orElse(null),
                a.string("connection_pass").orElse(null),
                a.string("connection_host").orElse(null),
                a.number("connection_port").map(Long::intValue).orElse(null),
                a.string("connection_unix_socket").orElse(null),
                a.string("connection_default_file").orElse(null));
        if (c.defaultsFile != null && (c.user != null || c.password != null)) {
            throw a.bad("connection_default_file", "cannot be combined with connection_user/connection_pass");
        }
        return c;
    }

    /** A TCP connection to a source server with the given account, for pre-flight checks and seeding. */
    public static Connection tcp(String host, int port, String user, String password) {
        return new Connection(user, password, host, port, null, null);
    }

    /** Identifies the server for per-run caches; never contains the password. */
    public String cacheKey() {
        return (host == null ? "socket:" + (socket == null ? "" : socket) : "tcp:" + host + ":" + port)
                + "/" + (user == null ? "" : user) + "/" + (defaultsFile == null ? "" : defaultsFile);
    }

    @Override
    public String toString() {
        // records print every component; this one must never print the password
        return "Connection[" + cacheKey() + "]";
    }
}
