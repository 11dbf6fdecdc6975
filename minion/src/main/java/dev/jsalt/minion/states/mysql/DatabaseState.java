package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code mysql.database}: the database exists, with the given character set and collation if named. */
final class DatabaseState {
    private DatabaseState() {
    }

    static Plan apply(Resource resource, RunContext ctx, Sessions sessions) {
        Args a = MysqlModule.args(resource);
        String name = resource.name();
        Optional<String> charset = a.string("character_set");
        Optional<String> collate = a.string("collate");
        Server server = sessions.server(ctx, Connection.fromArgs(a));
        Optional<Map<String, String>> row = server.client().query(
                "SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA"
                        + " WHERE SCHEMA_NAME = " + SqlQuote.literal(name)).first();
        String spec = (charset.map(c -> " CHARACTER SET " + SqlQuote.literal(c)).orElse(""))
                + (collate.map(c -> " COLLATE " + SqlQuote.literal(c)).orElse(""));
        List<String> sql = new ArrayList<>(Statements.binlog(a));
        Map<String, Object> changes = new LinkedHashMap<>();
        if (row.isEmpty()) {
            changes.put("database", name);
            changes.put("old", null);
            changes.put("new", "present");
            // IF NOT EXISTS: the statement may reach a peer that has it already (master<->master); it must not stop
            // that peer's SQL thread
            sql.add("CREATE DATABASE IF NOT EXISTS " + SqlQuote.identifier(name) + spec);
        } else {
            Map<String, String> r = row.get();
            if (charset.isPresent() && !charset.get().equalsIgnoreCase(r.get("cs"))) {
                changes.put("character_set", Map.of("old", r.get("cs"), "new", charset.get()));
            }
            if (collate.isPresent() && !collate.get().equalsIgnoreCase(r.get("co"))) {
                changes.put("collate", Map.of("old", r.get("co"), "new", collate.get()));
            }
            if (changes.isEmpty()) return Plan.inSync("database " + name + " is present");
            sql.add("ALTER DATABASE " + SqlQuote.identifier(name) + spec);
        }
        return Plan.change(changes, "database " + name + " would be " + (row.isEmpty() ? "created" : "altered"), () -> {
            server.client().execute(sql);
            return Plan.Done.ok("database " + name + (row.isEmpty() ? " created" : " altered"));
        });
    }

    static Plan absent(Resource resource, RunContext ctx, Sessions sessions) {
        Args a = MysqlModule.args(resource);
        String name = resource.name();
        Server server = sessions.server(ctx, Connection.fromArgs(a));
        boolean exists = !server.client().query("SELECT 1 AS x FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = "
                + SqlQuote.literal(name)).isEmpty();
        if (!exists) return Plan.inSync("database " + name + " is absent");
        Map<String, Object> changes = Map.of("database", name, "old", "present", "new", "absent");
        List<String> sql = new ArrayList<>(Statements.binlog(a));
        sql.add("DROP DATABASE IF EXISTS " + SqlQuote.identifier(name));
        return Plan.change(changes, "database " + name + " would be dropped", () -> {
            server.client().execute(sql);
            return Plan.Done.ok("database " + name + " dropped");
        });
    }
}
