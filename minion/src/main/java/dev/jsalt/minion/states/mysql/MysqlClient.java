package dev.jsalt.minion.states.mysql;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Talks to a server through the {@code mariadb}/{@code mysql} command-line client: one process per batch of
 * statements, SQL on stdin (never on the command line, where {@code ps} would show it), credentials in a 0600
 * option file. The client is what every MariaDB/MySQL host already has, it speaks unix_socket auth as root
 * without a password, and it keeps a JDBC driver (and its memory) out of the minion.
 *
 * <p>Several result sets come back from one process: each statement is preceded by a marker query whose value
 * carries a per-batch nonce, and the batch-mode output is split at the markers.
 */
public final class MysqlClient {
    private static final Logger log = LoggerFactory.getLogger(MysqlClient.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final String MARKER_COLUMN = "jsalt_marker";
    /** Our literals are escaped with backslashes, so make sure the session honours them whatever the server's mode. */
    static final String SESSION_SETUP = "SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '');";

    private final CommandRunner runner;
    private final Connection conn;
    private final Duration timeout;
    private final List<String> redact;

    public MysqlClient(CommandRunner runner, Connection conn) { this(runner, conn, DEFAULT_TIMEOUT); }

    public MysqlClient(CommandRunner runner, Connection conn, Duration timeout) {
        this(runner, conn, timeout, conn.password() == null ? List.of() : List.of(conn.password()));
    }

    private MysqlClient(CommandRunner runner, Connection conn, Duration timeout, List<String> redact) {
        this.runner = runner;
        this.conn = conn;
        this.timeout = timeout;
        this.redact = List.copyOf(redact);
    }

    /**
     * A client that also removes {@code secrets} from any error text it reports: a syntax error echoes the SQL
     * near it, which may hold a password literal.
     */
    public MysqlClient redacting(Collection<String> secrets) {
        List<String> all = new ArrayList<>(redact);
        for (String s : secrets) if (s != null && !s.isEmpty()) all.add(s);
        return new MysqlClient(runner, conn, timeout, all);
    }

    /** The same server with a different per-batch time limit (replication waits, seeding). */
    public MysqlClient withTimeout(Duration t) { return new MysqlClient(runner, conn, t, redact); }

    public Connection connection() { return conn; }

    /** Runs statements that return nothing of interest (DDL, CHANGE MASTER, SET). */
    public void execute(List<String> statements) { query(statements); }

    public void execute(String... statements) { query(List.of(statements)); }

    /** Runs {@code statements} in one client process and returns one {@link Rows} per statement. */
    public List<Rows> query(List<String> statements) {
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder sql = new StringBuilder(SESSION_SETUP).append('\n');
        for (int i = 0; i < statements.size(); i++) {
            sql.append("SELECT '").append(marker(nonce, i)).append("' AS ").append(MARKER_COLUMN).append(";\n");
            String st = statements.get(i).strip();
            sql.append(st.endsWith(";") ? st : st + ";").append('\n');
        }
        CommandResult r = run(sql.toString(), List.of("--batch"));
        if (!r.ok()) {
            if (r.timedOut()) throw new MysqlException(0, "mysql client timed out after " + timeout.toSeconds() + " s");
            throw scrub(MysqlException.fromStderr(r.stderr(), r.exitCode()));
        }
        return parse(r.stdout(), nonce, statements.size());
    }

    /** One statement, one result set. */
    public Rows query(String statement) { return query(List.of(statement)).get(0); }

    private MysqlException scrub(MysqlException e) {
        String msg = e.getMessage();
        for (String s : redact) msg = msg.replace(s, "<secret>");
        return msg.equals(e.getMessage()) ? e : new MysqlException(e.errno(), msg);
    }

    private CommandResult run(String stdin, List<String> extra) {
        Path optionFile = null;
        try {
            optionFile = OptionFile.write(conn);
            List<String> argv = argv(Clients.client(), conn, optionFile);
            argv.addAll(extra);
            long t0 = System.nanoTime();
            CommandResult r = runner.run(new CommandSpec(argv, null, null, timeout, stdin));
            log.debug("{}: batch of {} bytes in {} ms, exit {}", conn.cacheKey(), stdin.length(),
                    (System.nanoTime() - t0) / 1_000_000, r.exitCode());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the mysql client: " + e.getMessage(), e);
        } finally {
            OptionFile.delete(optionFile);
        }
    }

    /**
     * The client's argv for {@code conn}. The option file must come first (the client insists); host, port and
     * socket are not secret and go on the command line.
     */
    static List<String> argv(String program, Connection conn, Path optionFile) {
        List<String> argv = new ArrayList<>();
        argv.add(program);
        if (optionFile != null) argv.add("--defaults-extra-file=" + optionFile);
        else if (conn.defaultsFile() != null) argv.add("--defaults-extra-file=" + conn.defaultsFile());
        argv.add("--connect-timeout=10");
        if (conn.host() != null) {
            argv.add("--protocol=TCP");
            argv.add("--host=" + conn.host());
            if (conn.port() != null) argv.add("--port=" + conn.port());
        } else if (conn.socket() != null) {
            argv.add("--socket=" + conn.socket());
        }
        return argv;
    }

    static String marker(String nonce, int i) { return "--jsalt-" + nonce + "-" + i + "--"; }

    /** Splits batch-mode output at the markers; a statement with no rows yields {@link Rows#EMPTY}. */
    static List<Rows> parse(String stdout, String nonce, int count) {
        List<Rows> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(Rows.EMPTY);
        String[] lines = stdout.split("\n", -1);
        int current = -1;
        List<String> block = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.equals(MARKER_COLUMN) && i + 1 < lines.length && lines[i + 1].startsWith("--jsalt-" + nonce + "-")) {
                if (current >= 0) out.set(current, rows(block));
                String n = lines[i + 1].substring(("--jsalt-" + nonce + "-").length()).replace("--", "");
                current = Integer.parseInt(n);
                block = new ArrayList<>();
                i++;
                continue;
            }
            if (current >= 0 && !line.isEmpty()) block.add(line);
        }
        if (current >= 0) out.set(current, rows(block));
        return out;
    }

    /**
     * One batch-mode result set: a header line then rows, tab separated. Several result sets from one statement
     * (rare) are not told apart; callers send statements that return one.
     */
    static Rows rows(List<String> block) {
        if (block.isEmpty()) return Rows.EMPTY;
        List<String> columns = new ArrayList<>();
        for (String c : block.get(0).split("\t", -1)) columns.add(unescape(c));
        List<Map<String, String>> rows = new ArrayList<>();
        for (int r = 1; r < block.size(); r++) {
            String[] cells = block.get(r).split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                String v = c < cells.length ? cells[c] : "";
                row.put(columns.get(c), v.equals("NULL") ? null : unescape(v));
            }
            rows.add(row);
        }
        return new Rows(columns, rows);
    }

    /** Batch mode escapes tab, newline, backslash and NUL in values; undo it. */
    static String unescape(String v) {
        if (v.indexOf('\\') < 0) return v;
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '0' -> sb.append('\0');
                    case '\\' -> sb.append('\\');
                    default -> sb.append('\\').append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
