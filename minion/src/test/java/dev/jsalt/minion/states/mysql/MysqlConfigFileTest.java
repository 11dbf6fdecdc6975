package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Res;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MysqlConfigFileTest {

    private static Resource resource(Map<String, Object> args) {
        return new Resource("mysql_|-cfg_|-cfg_|-server_config", "cfg", "mysql", "server_config", "cfg", args,
                List.of(), "mysql.server", "mysql/server.sls", 1, false);
    }

    private static List<ConfigFile.Setting> settings(Map<String, Object> args) {
        Resource r = resource(args);
        return ServerConfigState.settings(r, MysqlModule.args(r));
    }

    @Test
    void rendersNamedSettingsInFixedOrderThenOptions() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("options", Map.of("innodb_buffer_pool_size", "1G"));
        args.put("skip_name_resolve", true);
        args.put("auto_increment_offset", 2);
        args.put("server_id", 2);
        args.put("log_bin", "mysql-bin");
        args.put("auto_increment_increment", 2);
        args.put("log_slave_updates", true);
        String text = ConfigFile.render("mysqld", settings(args));
        assertEquals("""
                # Managed by jsalt (mysql.server_config). Local edits are overwritten.
                [mysqld]
                server_id = 2
                log_bin = mysql-bin
                log_slave_updates = 1
                auto_increment_increment = 2
                auto_increment_offset = 2
                skip_name_resolve = 1
                innodb_buffer_pool_size = 1G
                """, text);
    }

    @Test
    void booleansAndFlags() {
        assertEquals("log_bin", ConfigFile.setting("log_bin", true).line());
        assertEquals("skip_log_bin", ConfigFile.setting("log_bin", false).line());
        assertEquals("read_only = 0", ConfigFile.setting("read_only", false).line());
        assertEquals("skip_slave_start", ConfigFile.setting("skip_slave_start", null).line());
    }

    @Test
    void refusesTyposAndInjection() {
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("server-idd", 1)));
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("options", Map.of("a b", 1))));
        assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("options", Map.of("init_file", "x\n[client]\npassword=1"))));
        // connection arguments belong to every mysql function and are not settings
        assertEquals(1, settings(Map.of("server_id", 1, "connection_user", "root")).size());
    }

    @Test
    void comparesWithRunningValuesAcrossSpellings() {
        List<ConfigFile.Setting> s = settings(Map.of("server_id", 2, "log_bin", "mysql-bin", "relay_log", "relay-bin",
                "skip_name_resolve", true, "binlog_format", "ROW", "options", Map.of("max_connections", 500,
                        "innodb_buffer_pool_size", "1G", "skip_slave_start", "")));
        assertTrue(ConfigFile.variablesToRead(s).contains("log_bin_basename"));
        Map<String, String> running = new LinkedHashMap<>();
        running.put("server_id", "2");
        running.put("log_bin", "ON");
        running.put("log_bin_basename", "/var/lib/mysql/mysql-bin");
        running.put("relay_log", "relay-bin");
        running.put("skip_name_resolve", "ON");
        running.put("binlog_format", "ROW");
        running.put("max_connections", "500");
        running.put("innodb_buffer_pool_size", "1073741824");
        assertEquals(Map.of(), ConfigFile.differences(s, running));

        running.put("server_id", "1");
        running.put("log_bin", "OFF");
        running.put("binlog_format", "MIXED");
        assertEquals(Map.of("server_id", "running 1, configured 2", "log_bin", "running OFF, configured mysql-bin",
                "binlog_format", "running MIXED, configured ROW"), ConfigFile.differences(s, running));
    }

    @Test
    void diffIsUnified() {
        String d = ServerConfigState.diff(Path.of("/etc/mysql/x.cnf"), "[mysqld]\nserver_id = 1\n", "[mysqld]\nserver_id = 2\n");
        assertTrue(d.contains("-server_id = 1"), d);
        assertTrue(d.contains("+server_id = 2"), d);
        assertTrue(ServerConfigState.diff(Path.of("/x.cnf"), null, "a\n").startsWith("--- /dev/null"));
    }

    @Test
    void writesTheFileWorldReadableOnceWithNoServerRunning(@TempDir Path dir) throws Exception {
        Path cnf = dir.resolve("conf.d/60-jsalt.cnf");
        Map<String, Object> args = Map.of("path", cnf.toString(), "server_id", 3,
                "connection_unix_socket", dir.resolve("no-server.sock").toString());
        RunContext ctx = new RunContext(false, new CommandRunner(), Map.of(), dir);
        StateOutcome wrote = Res.realize(ServerConfigState.apply(resource(args), ctx, new Sessions()), ctx);
        assertEquals(Outcome.CHANGED, wrote.outcome(), wrote.comment());
        assertTrue(wrote.comment().contains("server not running"), wrote.comment());
        assertTrue(Files.readString(cnf).contains("\nserver_id = 3\n"), Files.readString(cnf));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cnf)));
        assertEquals(List.of("60-jsalt.cnf"), Files.list(cnf.getParent()).map(p -> p.getFileName().toString()).toList());
        StateOutcome again = Res.realize(ServerConfigState.apply(resource(args), ctx, new Sessions()), ctx);
        assertEquals(Outcome.UNCHANGED, again.outcome(), again.comment());
    }
}
