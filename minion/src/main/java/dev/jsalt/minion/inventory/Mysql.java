package dev.jsalt.minion.inventory;

import dev.jsalt.minion.states.mysql.MysqlModule;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MySQL/MariaDB: whether a server is installed, whether it runs (its socket exists), and when it does, its
 * replication role and health from the mysql module's own {@code replication_status} (root over the unix socket).
 */
final class Mysql implements Section {
    private static final String SOCKET = "/run/mysqld/mysqld.sock";

    @Override
    public String name() { return "mysql"; }

    @Override
    public Object collect(Host host) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        String server = host.hasProgram("mariadbd") ? "mariadb" : host.hasProgram("mysqld") ? "mysql" : null;
        m.put("installed", server != null);
        if (server == null) return m;
        m.put("server", server);
        boolean running = Files.exists(host.path(SOCKET));
        m.put("running", running);
        if (!running) return m;
        try {
            Map<String, Object> status = MysqlModule.replicationStatus(host.commands());
            m.put("role", status.get("role"));
            m.put("replication", status);
        } catch (RuntimeException e) {
            // a socket left by a crashed server, or no root access: say so, the rest of the inventory stands
            m.put("error", e.getMessage());
        }
        return m;
    }
}
