package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Salt's {@code mysql_database.present / absent}. */
public final class MysqlDatabaseModule extends SaltMysql {
    private static final List<String> CONNECTION = List.of("connection_user", "connection_pass", "connection_host",
            "connection_port", "connection_unix_socket", "connection_default_file");
    static final Params PRESENT = Params.of("mysql_database.present", "name", "character_set", "collate", CONNECTION);
    static final Params ABSENT = Params.of("mysql_database.absent", "name", CONNECTION);

    @Override
    public String name() { return "mysql_database"; }

    @Override
    Args args(Resource r) { return Args.of(r, r.function().equals("absent") ? ABSENT : PRESENT); }

    @Override
    Plan plan(Resource r, Args a, RunContext ctx) {
        String name = r.name();
        Server server = server(ctx, a);
        Optional<Map<String, String>> row = server.client().query(
                "SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA"
                        + " WHERE SCHEMA_NAME = " + SqlQuote.literal(name)).first();
        if (r.function().equals("absent")) {
            if (row.isEmpty()) return Plan.inSync("Database " + name + " is not present, so it cannot be removed");
            return Plan.change(Map.of(name, "Absent"), "Database " + name + " is present and needs to be removed", () -> {
                server.client().execute("DROP DATABASE IF EXISTS " + SqlQuote.identifier(name));
                return Plan.Done.ok("Database " + name + " has been removed");
            });
        }
        // '' is what formulas render for "not given" (mysql-formula: character_set: {{ db.get('character_set', '') }})
        Optional<String> charset = a.string("character_set").filter(s -> !s.isBlank());
        Optional<String> collate = a.string("collate").filter(s -> !s.isBlank());
        String spec = charset.map(c -> " CHARACTER SET " + SqlQuote.literal(c)).orElse("")
                + collate.map(c -> " COLLATE " + SqlQuote.literal(c)).orElse("");
        if (row.isEmpty()) {
            return Plan.change(Map.of(name, "Present"), "Database " + name + " is not present and needs to be created", () -> {
                server.client().execute("CREATE DATABASE IF NOT EXISTS " + SqlQuote.identifier(name) + spec);
                return Plan.Done.ok("The database " + name + " has been created");
            });
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        String cs = row.get().get("cs");
        String co = row.get().get("co");
        // MariaDB 10.6+ calls utf8 utf8mb3: the same character set
        if (charset.isPresent() && !sameCharset(charset.get(), cs)) changes.put("character_set", beforeNow(cs, charset.get()));
        if (collate.isPresent() && !sameCharset(collate.get(), co)) changes.put("collate", beforeNow(co, collate.get()));
        if (changes.isEmpty()) return Plan.inSync("Database " + name + " is already present");
        return Plan.change(changes, "Database " + name + " is going to be updated", () -> {
            server.client().execute("ALTER DATABASE " + SqlQuote.identifier(name) + spec);
            return Plan.Done.ok("Database " + name + " has been updated");
        });
    }

    static boolean sameCharset(String want, String have) {
        if (have == null) return false;
        String w = want.toLowerCase(java.util.Locale.ROOT).replace("utf8mb3", "utf8");
        String h = have.toLowerCase(java.util.Locale.ROOT).replace("utf8mb3", "utf8");
        return w.equals(h);
    }

    private static Map<String, Object> beforeNow(String before, String now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("before", before);
        m.put("now", now);
        return m;
    }
}
