package dev.jsalt.minion.states.mysql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MysqlClientTest {

    @Test
    void splitsBatchOutputAtMarkersAndUnescapes() {
        // what `mariadb --batch` printed for: marker; SELECT 'a\tb\nc' AS x, NULL AS y; marker; empty SELECT; marker; SHOW ...
        String out = String.join("\n",
                "jsalt_marker", "--jsalt-ab12-0--",
                "x\ty", "a\\tb\\nc\\\\\tNULL",
                "jsalt_marker", "--jsalt-ab12-1--",
                "jsalt_marker", "--jsalt-ab12-2--",
                "Variable_name\tValue", "server_id\t2", "log_bin\tON", "");
        List<Rows> r = MysqlClient.parse(out, "ab12", 3);
        assertEquals(3, r.size());
        assertEquals("a\tb\nc\\", r.get(0).scalar());
        assertNull(r.get(0).rows().get(0).get("y"));
        assertTrue(r.get(1).isEmpty());
        assertEquals(List.of("Variable_name", "Value"), r.get(2).columns());
        assertEquals("ON", r.get(2).rows().get(1).get("Value"));
    }

    @Test
    void aMarkerOfAnotherBatchIsData() {
        String out = String.join("\n", "jsalt_marker", "--jsalt-zz-0--", "v", "jsalt_marker", "--jsalt-other-1--");
        List<Rows> r = MysqlClient.parse(out, "zz", 1);
        assertEquals(2, r.get(0).rows().size());
    }

    @Test
    void serverErrorsAreParsed() {
        MysqlException e = MysqlException.fromStderr(
                "ERROR 1045 (28000): Access denied for user 'repl'@'10.77.0.12' (using password: YES)\n", 1);
        assertEquals(1045, e.errno());
        assertEquals("ERROR 1045: Access denied for user 'repl'@'10.77.0.12' (using password: YES)", e.getMessage());
        MysqlException down = MysqlException.fromStderr(
                "ERROR 2002 (HY000) at line 1: Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)", 1);
        assertTrue(down.cannotConnect());
    }

    @Test
    void grantsParsing() {
        ServerFlavor maria = ServerFlavor.detect("10.11.19-MariaDB", "");
        List<GrantsState.Granted> g = GrantsState.parse(List.of(
                "GRANT REPLICATION SLAVE, SELECT, SHOW VIEW ON *.* TO `repl`@`10.77.0.%` IDENTIFIED BY PASSWORD '*6C8989366EAF75BB670AD8EA7A7FC1176A95CEF4'",
                "GRANT SELECT (a, b), INSERT ON `shop\\_db`.`t` TO `app`@`%` WITH GRANT OPTION",
                "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION",
                "GRANT `role1`@`%` TO `app`@`%`"), maria);
        assertEquals(2, g.size());
        assertEquals("*.*", g.get(0).target());
        assertEquals(List.of("REPLICATION SLAVE", "SELECT", "SHOW VIEW"), List.copyOf(g.get(0).privileges()));
        assertTrue(g.get(1).grantOption());
        assertTrue(g.get(1).privileges().contains("SELECT (A, B)"));
        assertTrue(GrantsState.sameTarget(g.get(1).target(), SqlQuote.GrantTarget.parse("shop_db.t")));
        assertEquals("BINLOG MONITOR", GrantsState.normalize("replication client", maria));
        assertEquals("REPLICATION SLAVE", GrantsState.normalize("REPLICATION  REPLICA", maria));
        assertEquals("ALL PRIVILEGES", GrantsState.normalize("all", maria));
        assertTrue(ReplicaState.canReplicate(List.of("GRANT REPLICATION SLAVE ON *.* TO `repl`@`%`"), maria));
        assertTrue(!ReplicaState.canReplicate(List.of("GRANT USAGE ON *.* TO `repl`@`%`"), maria));
    }
}
