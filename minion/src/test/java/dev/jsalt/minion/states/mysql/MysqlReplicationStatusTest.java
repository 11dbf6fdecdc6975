package dev.jsalt.minion.states.mysql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MysqlReplicationStatusTest {

    /** MariaDB 10.11.19, db2 replicating from db1 in the lab (trimmed). */
    static final String MARIADB_HEALTHY = """
            *************************** 1. row ***************************
                            Slave_IO_State: Waiting for master to send event
                               Master_Host: 10.77.0.11
                               Master_User: repl
                               Master_Port: 3306
                             Connect_Retry: 1
                          Slave_IO_Running: Yes
                         Slave_SQL_Running: Yes
                     Seconds_Behind_Master: 0
                             Last_IO_Errno: 0
                             Last_IO_Error:\s
                            Last_SQL_Errno: 0
                            Last_SQL_Error:\s
                                Using_Gtid: Slave_Pos
                               Gtid_IO_Pos: 1-1-10,2-2-2
                   Slave_SQL_Running_State: Slave has read all relay log; waiting for more updates
            """;

    /** MariaDB, replication account lacking REPLICATION SLAVE on the source. */
    static final String MARIADB_DENIED = """
            *************************** 1. row ***************************
                               Master_Host: 10.77.0.12
                               Master_User: repl
                               Master_Port: 3306
                          Slave_IO_Running: Connecting
                         Slave_SQL_Running: Yes
                     Seconds_Behind_Master: NULL
                             Last_IO_Errno: 1597
                             Last_IO_Error: Master command COM_REGISTER_SLAVE failed: Access denied for user 'repl'@'10.77.0.%' (using password: YES) (Errno: 1045)
                            Last_SQL_Errno: 0
                            Last_SQL_Error:\s
                                Using_Gtid: Slave_Pos
                               Gtid_IO_Pos: 1-1-8
            """;

    /** MySQL 8.0.36 SHOW REPLICA STATUS\\G, SQL thread stopped on a duplicate key; the GTID set wraps. */
    static final String MYSQL8_SQL_ERROR = """
            *************************** 1. row ***************************
                         Replica_IO_State: Waiting for source to send event
                              Source_Host: 10.0.0.5
                              Source_User: repl
                              Source_Port: 3306
                       Replica_IO_Running: Yes
                      Replica_SQL_Running: No
                    Seconds_Behind_Source: NULL
                            Last_IO_Errno: 0
                            Last_IO_Error:\s
                           Last_SQL_Errno: 1062
                           Last_SQL_Error: Could not execute Write_rows event on table shop.t; Duplicate entry '5' for key 't.PRIMARY'
                       Retrieved_Gtid_Set: 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,
            7a0d3f66-71ca-11e1-9e33-c80aa9429562:1-2
                            Auto_Position: 1
            *************************** 2. row ***************************
                              Source_Host: other
            """;

    @Test
    void healthyMariaDbReplica() {
        ReplicationStatus s = ReplicationStatus.fromRow(ReplicationStatus.parseVertical(MARIADB_HEALTHY),
                Map.of("gtid_binlog_pos", "1-1-10,2-2-2", "gtid_slave_pos", "1-1-10", "gtid_current_pos", "1-1-10,2-2-2"), 0);
        assertTrue(s.configured());
        assertTrue(s.healthy(0));
        assertEquals(0L, s.lagSeconds());
        assertEquals("10.77.0.11", s.sourceHost());
        assertEquals(3306, s.sourcePort());
        assertEquals("repl", s.sourceUser());
        assertEquals("Slave_Pos", s.usingGtid());
        assertEquals("1-1-10,2-2-2", s.gtidIoPos());
        assertEquals("1-1-10", s.gtidSlavePos());
        assertEquals(ReplicationStatus.Role.REPLICA, s.role());
        assertEquals("", s.lastError());
        assertEquals("io=Yes sql=Yes lag=0 source=10.77.0.11:3306", s.summary());
    }

    @Test
    void ioErrorIsReportedInTheServersWords() {
        ReplicationStatus s = ReplicationStatus.fromRow(ReplicationStatus.parseVertical(MARIADB_DENIED), Map.of(), 1);
        assertFalse(s.healthy(1000));
        assertNull(s.lagSeconds());
        assertEquals(1597, s.lastIoErrno());
        assertTrue(s.lastError().startsWith("IO thread error 1597: Master command COM_REGISTER_SLAVE failed: Access denied"));
        assertEquals(ReplicationStatus.Role.BOTH, s.role());
        Map<String, Object> m = s.toMap();
        assertEquals("both", m.get("role"));
        assertEquals(false, m.get("healthy"));
        assertEquals("Connecting", m.get("io_running"));
    }

    @Test
    void mysql8ReplicaColumnsAndWrappedGtidSet() {
        Map<String, String> row = ReplicationStatus.parseVertical(MYSQL8_SQL_ERROR);
        assertEquals("10.0.0.5", row.get("Source_Host"), "only the first row (default channel) is read");
        ReplicationStatus s = ReplicationStatus.fromRow(row, Map.of("gtid_executed", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-4"), 0);
        assertTrue(s.ioYes());
        assertFalse(s.sqlYes());
        assertEquals(1062, s.lastSqlErrno());
        assertTrue(s.lastError().contains("Duplicate entry '5'"));
        assertEquals("Yes", s.usingGtid());
        assertEquals("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,7a0d3f66-71ca-11e1-9e33-c80aa9429562:1-2", s.gtidIoPos());
        assertEquals("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-4", s.gtidBinlogPos());
    }

    @Test
    void notAReplica() {
        ReplicationStatus s = ReplicationStatus.fromRow(Map.of(), Map.of("gtid_binlog_pos", "1-1-3"), 2);
        assertFalse(s.configured());
        assertEquals(ReplicationStatus.Role.SOURCE, s.role());
        assertEquals(true, s.toMap().get("healthy"));
        assertEquals("not a replica", s.summary());
        assertEquals(ReplicationStatus.Role.NONE, ReplicationStatus.NONE.role());
    }

    @Test
    void statusFromABatchOfThreeResultSets() {
        List<Rows> batch = MysqlClient.parse(String.join("\n",
                "jsalt_marker", "--jsalt-n1-0--",
                "Slave_IO_State\tMaster_Host\tMaster_Port\tMaster_User\tSlave_IO_Running\tSlave_SQL_Running\tSeconds_Behind_Master\tLast_IO_Errno\tLast_IO_Error\tUsing_Gtid",
                "Waiting\t10.77.0.11\t3306\trepl\tYes\tYes\t3\t0\t\tSlave_Pos",
                "jsalt_marker", "--jsalt-n1-1--",
                "gtid_binlog_pos\tgtid_slave_pos\tgtid_current_pos", "\t1-1-4\t1-1-4",
                "jsalt_marker", "--jsalt-n1-2--",
                "n", "1", ""), "n1", 3);
        ReplicationStatus s = Server.status(batch);
        assertEquals(3L, s.lagSeconds());
        assertTrue(s.healthy(3));
        assertFalse(s.healthy(2));
        assertEquals(ReplicationStatus.Role.BOTH, s.role());
        assertEquals("", s.gtidBinlogPos());
    }

    @Test
    void flavorPicksTheRightSql() {
        ServerFlavor maria = ServerFlavor.detect("10.11.19-MariaDB-0+deb12u1-log", "Debian 12");
        assertTrue(maria.mariadb());
        assertEquals("SHOW SLAVE STATUS", maria.showReplicaStatus());
        assertEquals("CHANGE MASTER TO", maria.changeSourceTo());
        assertEquals("MASTER_HOST", maria.option("HOST"));
        ServerFlavor mysql84 = ServerFlavor.detect("8.4.2", "MySQL Community Server - GPL");
        assertFalse(mysql84.mariadb());
        assertEquals("SHOW REPLICA STATUS", mysql84.showReplicaStatus());
        assertEquals("CHANGE REPLICATION SOURCE TO", mysql84.changeSourceTo());
        assertEquals("RESET REPLICA ALL", mysql84.resetReplicaAll());
        ServerFlavor mysql8022 = ServerFlavor.detect("8.0.22", "MySQL Community Server - GPL");
        assertEquals("START REPLICA", mysql8022.startReplica());
        assertEquals("CHANGE MASTER TO", mysql8022.changeSourceTo(), "CHANGE REPLICATION SOURCE arrived in 8.0.23");
        ServerFlavor mysql57 = ServerFlavor.detect("5.7.44-log", "MySQL Community Server (GPL)");
        assertEquals("SHOW SLAVE STATUS", mysql57.showReplicaStatus());
    }
}
