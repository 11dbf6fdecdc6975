package dev.jsalt.minion.states.mysql;

import dev.jsalt.minion.exec.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Initial copy for {@code mysql.replica seed: true}: {@code mariadb-dump --single-transaction --gtid
 * --master-data=1} on the source's data, piped straight into this server's client. On MariaDB the dump reads a
 * consistent snapshot together with its binlog GTID position (no FLUSH TABLES WITH READ LOCK), so the source keeps
 * taking writes. The dump ends with {@code SET GLOBAL gtid_slave_pos='...'}, which is where replication starts.
 *
 * <p>The two programs are joined with {@link ProcessBuilder#startPipeline}: the data flows from one process to the
 * other through a kernel pipe, never through the JVM and never through a shell. The load runs with
 * {@code sql_log_bin=0} so the copy is not written to this server's binlog (a master↔master peer would otherwise
 * replay it).
 */
final class Seeder {
    private static final Logger log = LoggerFactory.getLogger(Seeder.class);
    static final List<String> SYSTEM_SCHEMAS = List.of("mysql", "information_schema", "performance_schema", "sys");

    private Seeder() {
    }

    static void seed(CommandRunner runner, Server local, Connection localConn, ReplicaSpec spec) throws InterruptedException {
        Connection sourceConn = Connection.tcp(spec.host(), spec.port(), spec.seedUser(), spec.seedPassword());
        List<String> dbs = spec.seedDatabases().isEmpty() ? sourceDatabases(runner, sourceConn) : spec.seedDatabases();
        if (dbs.isEmpty()) {
            log.info("seed: source {} has no user databases; replication alone will copy what comes", spec.source());
            return;
        }
        Path dumpCnf = null, loadCnf = null, dumpErr = null, loadErr = null;
        try {
            dumpCnf = OptionFile.write(sourceConn);
            loadCnf = OptionFile.write(localConn);
            dumpErr = Files.createTempFile("jsalt-seed-dump-", ".err");
            loadErr = Files.createTempFile("jsalt-seed-load-", ".err");
            List<String> dump = dumpArgv(Clients.dump(local.flavor()), dumpCnf, spec, dbs);
            List<String> load = MysqlClient.argv(Clients.client(), localConn, loadCnf);
            load.add("--binary-mode");
            load.add("--init-command=SET SESSION sql_log_bin=0");
            ProcessBuilder d = new ProcessBuilder(dump).redirectError(dumpErr.toFile());
            ProcessBuilder l = new ProcessBuilder(load).redirectError(loadErr.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            d.environment().put("LC_ALL", "C");
            long t0 = System.nanoTime();
            List<Process> ps = ProcessBuilder.startPipeline(List.of(d, l));
            ps.get(0).getOutputStream().close();
            boolean done = waitAll(ps, spec.seedTimeout());
            if (!done) {
                ps.forEach(Process::destroyForcibly);
                throw new MysqlException(0, "seeding from " + spec.source() + " did not finish within "
                        + spec.seedTimeout().toSeconds() + " s (see docs/states/mysql.md for large data sets)");
            }
            int dumpRc = ps.get(0).exitValue(), loadRc = ps.get(1).exitValue();
            if (dumpRc != 0) throw failure("dump from " + spec.source(), dumpErr, dumpRc);
            if (loadRc != 0) throw failure("loading the dump", loadErr, loadRc);
            log.info("seeded {} database(s) from {} in {} ms", dbs.size(), spec.source(), (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new MysqlException(0, "seeding from " + spec.source() + " failed: " + e.getMessage());
        } finally {
            OptionFile.delete(dumpCnf);
            OptionFile.delete(loadCnf);
            OptionFile.delete(dumpErr);
            OptionFile.delete(loadErr);
        }
    }

    static List<String> dumpArgv(String program, Path optionFile, ReplicaSpec spec, List<String> dbs) {
        List<String> argv = new ArrayList<>(List.of(program, "--defaults-extra-file=" + optionFile,
                "--protocol=TCP", "--host=" + spec.host(), "--port=" + spec.port(),
                "--single-transaction", "--gtid", "--master-data=1",
                "--routines", "--events", "--triggers", "--hex-blob", "--databases"));
        // "--" would end the options; a database name is never taken as an option after --databases anyway,
        // but one starting with '-' would be, so those are refused
        for (String db : dbs) {
            if (db.startsWith("-")) throw new IllegalArgumentException("refusing to seed database named '" + db + "'");
            argv.add(db);
        }
        return argv;
    }

    private static List<String> sourceDatabases(CommandRunner runner, Connection sourceConn) {
        String notIn = String.join(", ", SYSTEM_SCHEMAS.stream().map(SqlQuote::literal).toList());
        Rows rows = new MysqlClient(runner, sourceConn).query(
                "SELECT SCHEMA_NAME AS db FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (" + notIn + ")");
        return rows.rows().stream().map(r -> r.get("db")).toList();
    }

    private static boolean waitAll(List<Process> ps, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Process p : ps) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) return false;
        }
        return true;
    }

    private static MysqlException failure(String what, Path errFile, int rc) throws IOException {
        String err = Files.readString(errFile, StandardCharsets.UTF_8);
        if (err.length() > 4000) err = err.substring(err.length() - 4000);
        MysqlException e = MysqlException.fromStderr(err, rc);
        return new MysqlException(e.errno(), what + " failed: " + e.getMessage());
    }
}
