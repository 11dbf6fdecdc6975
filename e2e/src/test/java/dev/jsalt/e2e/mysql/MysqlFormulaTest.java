package dev.jsalt.e2e.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example formula (states/tree/mysql) compiles for both db hosts in every phase, with the password sealed. */
class MysqlFormulaTest {
    @TempDir
    Path scratch;

    private StateDocument compile(String minion, String phase) throws IOException {
        Path pillar = Files.createDirectories(scratch.resolve("pillar-" + phase));
        Files.writeString(pillar.resolve("top.sls"), "base:\n  '*':\n    - mysql\n");
        String example = Files.readString(repo().resolve("states/pillar/mysql/init.sls"));
        Files.writeString(pillar.resolve("mysql.sls"), example.replace("phase: replica", "phase: " + phase));
        StateCompiler c = new StateCompiler(new DirStateTree(repo().resolve("states/tree")), new DirStateTree(pillar),
                FunctionCatalog.standard(), MineView.EMPTY);
        return c.compile(minion, Map.of("role", "db"), List.of("mysql"));
    }

    private static Resource byId(StateDocument d, String id) {
        return d.resources().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + d.resources().stream().map(Resource::id).toList()));
    }

    @Test
    void replicaPhase() throws IOException {
        StateDocument db2 = compile("db2", "replica");
        Resource rep = byId(db2, "mysql-replication");
        assertEquals("replica", rep.function());
        assertEquals("10.88.0.40", rep.args().get("source_host"));
        assertEquals(true, rep.args().get("seed"));
        assertSealed(rep.args().get("source_password"));
        assertSealed(byId(db2, "mysql-repl-user").args().get("password"));
        assertEquals(2, ((Number) byId(db2, "mysql-server-config").args().get("server_id")).intValue());
        // db1 is the source in phase 1: no replication resource
        assertTrue(compile("db1", "replica").resources().stream().noneMatch(r -> r.id().equals("mysql-replication")));
    }

    @Test
    void multiSourceAndDecommission() throws IOException {
        Resource db1 = byId(compile("db1", "multi-source"), "mysql-replication");
        assertEquals("10.88.0.41", db1.args().get("source_host"));
        assertEquals(true, db1.args().get("start_at_current"));
        Resource db2 = byId(compile("db2", "multi-source"), "mysql-replication");
        assertEquals(false, db2.args().get("start_at_current"));
        assertEquals("replication_stopped", byId(compile("db1", "decommission"), "mysql-replication").function());
    }

    private static void assertSealed(Object v) {
        assertTrue(v instanceof Map<?, ?>, "secret argument must not be plain: " + v);
        assertFalse(String.valueOf(v).isEmpty());
    }

    static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("states/tree"))) return p;
        }
        throw new IllegalStateException("no states/tree above " + Path.of("").toAbsolutePath());
    }
}
