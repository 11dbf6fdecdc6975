package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mysql.grants}: the account holds at least the named privileges on a target. Compared with
 * {@code SHOW GRANTS} (whose lines may carry the password hash, so they are never reported); only missing
 * privileges are granted, nothing is revoked.
 */
final class GrantsState {
    private static final Pattern GRANT_LINE = Pattern.compile("GRANT (.+?) ON (.+?) TO .+?( WITH GRANT OPTION)?");
    /** Privilege names are keywords, not values: anything else is refused rather than quoted. */
    private static final Pattern PRIVILEGE = Pattern.compile("[A-Z][A-Z ]*[A-Z]");

    private GrantsState() {
    }

    /** What one SHOW GRANTS line grants. */
    record Granted(String target, Set<String> privileges, boolean grantOption) {
    }

    static Plan apply(Resource resource, RunContext ctx, Sessions sessions) {
        Args a = MysqlModule.args(resource);
        String user = a.string("user", resource.name());
        String host = a.string("host", "localhost");
        String targetArg = a.string("database", "*.*");
        SqlQuote.GrantTarget target = SqlQuote.GrantTarget.parse(targetArg);
        boolean grantOption = a.bool("grant_option", false);
        Server server = sessions.server(ctx, Connection.fromArgs(a));
        Set<String> wanted = new LinkedHashSet<>();
        List<String> listed = a.strings("grant");
        if (listed.isEmpty()) throw a.bad("grant", "is required, e.g. 'REPLICATION SLAVE'");
        for (String item : listed) {
            for (String p : item.split(",")) {
                String n = normalize(p, server.flavor());
                if (!PRIVILEGE.matcher(n).matches()) throw a.bad("grant", "has an invalid privilege '" + p.strip() + "'");
                wanted.add(n);
            }
        }
        String account = SqlQuote.account(user, host);
        String shown = user + "@" + host;
        List<String> lines;
        try {
            lines = server.client().query("SHOW GRANTS FOR " + account).rows().stream()
                    .map(r -> r.values().iterator().next()).toList();
        } catch (MysqlException e) {
            if (e.errno() == 1141) return Plan.failed("user " + shown + " does not exist (add a mysql.user state and require it)");
            throw e;
        }
        Set<String> have = new LinkedHashSet<>();
        boolean haveOption = false;
        for (Granted g : parse(lines, server.flavor())) {
            if (sameTarget(g.target(), target)) {
                have.addAll(g.privileges());
                haveOption |= g.grantOption();
            }
        }
        Set<String> missing = new LinkedHashSet<>(wanted);
        if (!have.contains("ALL PRIVILEGES") || wanted.contains("GRANT OPTION")) missing.removeAll(have);
        else missing.clear();
        boolean optionMissing = grantOption && !haveOption;
        if (missing.isEmpty() && !optionMissing) {
            return Plan.inSync(shown + " has " + String.join(", ", wanted) + " on " + target);
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("user", shown);
        changes.put("on", target.toString());
        changes.put("granted", new ArrayList<>(missing.isEmpty() ? wanted : missing));
        if (optionMissing) changes.put("grant_option", true);
        List<String> sql = new ArrayList<>(Statements.binlog(a));
        sql.add("GRANT " + String.join(", ", missing.isEmpty() ? wanted : missing) + " ON "
                + SqlQuote.grantTarget(targetArg) + " TO " + account + (grantOption ? " WITH GRANT OPTION" : ""));
        return Plan.change(changes, "would grant " + String.join(", ", missing) + " on " + target + " to " + shown, () -> {
            server.client().execute(sql);
            return Plan.Done.ok("granted " + String.join(", ", missing.isEmpty() ? wanted : missing)
                    + " on " + target + " to " + shown);
        });
    }

    /** Parses SHOW GRANTS lines; role and proxy grants are skipped. */
    static List<Granted> parse(List<String> lines, ServerFlavor flavor) {
        List<Granted> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = GRANT_LINE.matcher(line.strip());
            if (!m.matches() || m.group(1).startsWith("PROXY")) continue;
            Set<String> privs = new LinkedHashSet<>();
            for (String p : splitPrivileges(m.group(1))) privs.add(normalize(p, flavor));
            boolean option = m.group(3) != null || line.contains(" WITH GRANT OPTION");
            out.add(new Granted(m.group(2).strip(), privs, option));
        }
        return out;
    }

    /** Splits on commas outside parentheses (column privileges: {@code SELECT (a, b)}). */
    static List<String> splitPrivileges(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(text.substring(start, i));
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }

    /** Upper case, single spaces, and the synonyms servers print differently from what was granted. */
    static String normalize(String privilege, ServerFlavor flavor) {
        String p = privilege.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        if (p.equals("ALL")) return "ALL PRIVILEGES";
        if (p.equals("REPLICATION REPLICA")) return "REPLICATION SLAVE";
        // MariaDB 10.5 renamed REPLICATION CLIENT; SHOW GRANTS prints the new name
        if (p.equals("REPLICATION CLIENT") && flavor.mariadb() && (flavor.major() > 10 || flavor.minor() >= 5)) {
            return "BINLOG MONITOR";
        }
        return p;
    }

    static boolean sameTarget(String shown, SqlQuote.GrantTarget wanted) {
        SqlQuote.GrantTarget t = SqlQuote.GrantTarget.parse(shown);
        // SHOW GRANTS escapes wildcards in database names (shop\_db); compare the plain names
        return t.database().replace("\\_", "_").replace("\\%", "%").equals(wanted.database())
                && t.table().equals(wanted.table());
    }
}
