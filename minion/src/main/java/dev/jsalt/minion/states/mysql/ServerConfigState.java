package dev.jsalt.minion.states.mysql;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.states.file.AtomicWrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code mysql.server_config}: writes the replication-relevant server settings to a conf.d file. The server reads
 * the file only at start, so the comment says which running values differ; a {@code service.running} that
 * watches this resource restarts the server when the file changed.
 */
final class ServerConfigState {
    static final String DEFAULT_PATH = "/etc/mysql/mariadb.conf.d/60-jsalt.cnf";
    private static final Set<String> OWN_ARGS = Set.of("path", "section", "options");

    private ServerConfigState() {
    }

    static Plan apply(Resource resource, RunContext ctx, Sessions sessions) throws IOException {
        Args a = MysqlModule.args(resource);
        Path path = Path.of(a.string("path", DEFAULT_PATH));
        String section = a.string("section", "mysqld");
        List<ConfigFile.Setting> settings = settings(resource, a);
        String want = ConfigFile.render(section, settings);
        String have = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : null;

        Map<String, String> pending;
        String serverNote;
        try {
            Server server = sessions.server(ctx, Connection.fromArgs(a));
            Map<String, String> running = runningValues(server, settings);
            pending = ConfigFile.differences(settings, running);
            serverNote = pending.isEmpty() ? "running server matches"
                    : "restart needed: " + pending.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining("; "));
        } catch (MysqlException e) {
            if (!e.cannotConnect()) throw e;
            pending = Map.of();
            serverNote = "server not running; settings apply when it starts";
        }

        if (want.equals(have)) {
            // The file is right; a difference only means nobody restarted yet. Reporting CHANGED here would make
            // every run non-idempotent until a restart, so it stays UNCHANGED and says so.
            return Plan.inSync(path + " is up to date; " + serverNote);
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("diff", diff(path, have, want));
        if (!pending.isEmpty()) changes.put("restart_needed", new LinkedHashMap<>(pending));
        String note = serverNote;
        return Plan.change(changes, path + " would be written; " + serverNote, () -> {
            write(path, want);
            return Plan.Done.ok("wrote " + path + "; " + note);
        });
    }

    /** Named settings in their fixed order, then {@code options:} as given; unknown top-level args are refused. */
    static List<ConfigFile.Setting> settings(Resource resource, Args a) {
        for (String key : resource.args().keySet()) {
            if (!ConfigFile.NAMED.contains(key) && !OWN_ARGS.contains(key) && !key.startsWith("connection_")) {
                throw a.bad(key, "is not a server_config setting (put free settings under 'options:')");
            }
        }
        List<ConfigFile.Setting> out = new ArrayList<>();
        for (String key : ConfigFile.NAMED) {
            if (resource.args().containsKey(key)) out.add(ConfigFile.setting(key, resource.args().get(key)));
        }
        Object options = a.raw("options");
        if (options != null) {
            if (!(options instanceof Map<?, ?> m)) throw a.bad("options", "must be a map of option: value");
            m.forEach((k, v) -> out.add(ConfigFile.setting(k.toString(), v)));
        }
        return out;
    }

    private static Map<String, String> runningValues(Server server, List<ConfigFile.Setting> settings) {
        List<String> names = ConfigFile.variablesToRead(settings);
        if (names.isEmpty()) return Map.of();
        String in = names.stream().map(SqlQuote::literal).collect(Collectors.joining(", "));
        Rows rows = server.client().query("SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + in + ")");
        Map<String, String> out = new HashMap<>();
        for (Map<String, String> r : rows.rows()) out.put(r.get("Variable_name").toLowerCase(), r.get("Value"));
        return out;
    }

    static String diff(Path path, String before, String after) {
        List<String> a = before == null ? List.of() : List.of(before.split("\n", -1));
        List<String> b = List.of(after.split("\n", -1));
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(
                before == null ? "/dev/null" : path.toString(), path.toString(), a, DiffUtils.diff(a, b), 3);
        return String.join("\n", lines);
    }

    /** Atomic replace, world-readable like the rest of /etc/mysql (no secrets belong in this file). */
    private static void write(Path path, String text) throws IOException {
        if (path.getParent() != null) Files.createDirectories(path.getParent());
        AtomicWrite.write(path, text.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
    }
}
