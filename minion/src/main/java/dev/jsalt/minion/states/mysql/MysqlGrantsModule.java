package dev.jsalt.minion.states.mysql;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Salt's {@code mysql_grants.present / absent}: compared with SHOW GRANTS like Salt's grant_exists (the account holds
 * at least these privileges on the target; ALL PRIVILEGES covers any). absent revokes those of the listed privileges
 * the account holds.
 */
public final class MysqlGrantsModule extends SaltMysql {
    private static final List<String> CONNECTION = List.of("connection_user", "connection_pass", "connection_host",
            "connection_port", "connection_unix_socket", "connection_default_file");
    static final Params PRESENT = Params.of("mysql_grants.present", "name", "grant", "database", "user", "host",
            "grant_option", "escape", "revoke_first", CONNECTION);
    static final Params ABSENT = Params.of("mysql_grants.absent", "name", "grant", "database", "user", "host",
            "grant_option", "escape", CONNECTION);
    private static final Pattern PRIVILEGE = Pattern.compile("[A-Z][A-Z ]*[A-Z]");
    /** escape: false passes the target as written (wildcards like foo\_%.*): only what a target can hold. */
    private static final Pattern RAW_TARGET = Pattern.compile("[A-Za-z0-9_$%\\\\`*.-]+");

    @Override
    public String name() { return "mysql_grants"; }

    @Override
    Args args(Resource r) { return Args.of(r, r.function().equals("absent") ? ABSENT : PRESENT); }

    @Override
    Plan plan(Resource r, Args a, RunContext ctx) {
        boolean present = r.function().equals("present");
        String user = a.string("user", r.name());
        String host = a.string("host", "localhost");
        String grantText = a.string("grant").orElseThrow(() -> a.bad("grant", "is required (e.g. select,insert)"));
        String database = a.string("database").orElseThrow(() -> a.bad("database", "is required (e.g. foo.* or *.*)"));
        boolean escape = a.bool("escape", true);
        boolean grantOption = a.bool("grant_option", false);
        String target;
        if (escape) {
            target = SqlQuote.grantTarget(database);
        } else {
            if (!RAW_TARGET.matcher(database).matches()) throw a.bad("database", "has characters a grant target cannot hold (with escape: false)");
            target = database;
        }
        SqlQuote.GrantTarget wantedTarget = SqlQuote.GrantTarget.parse(database);
        Server server = server(ctx, a);
        Set<String> wanted = new LinkedHashSet<>();
        for (String p : grantText.split(",")) {
            if (p.isBlank()) continue;
            String n = GrantsState.normalize(p, server.flavor());
            if (!PRIVILEGE.matcher(n).matches()) throw a.bad("grant", "has an invalid privilege '" + p.strip() + "'");
            wanted.add(n);
        }
        if (wanted.isEmpty()) throw a.bad("grant", "names no privilege");
        String account = SqlQuote.account(user, host);
        String shown = user + "@" + host;
        List<String> lines;
        try {
            lines = server.client().query("SHOW GRANTS FOR " + account).rows().stream().map(row -> row.values().iterator().next()).toList();
        } catch (MysqlException e) {
            if (e.errno() != 1141) throw e;
            if (!present) return Plan.inSync("Grant " + grantText + " on " + database + " to " + shown + " is not present, so it cannot be revoked");
            return Plan.change(Map.of(r.name(), "Present"), "MySQL grant " + r.name() + " is set to be created",
                    () -> Plan.Done.failed("User " + shown + " does not exist"))
                    .assuming("User " + shown + " does not exist (an earlier mysql_user state may create it)");
        }
        Set<String> have = new LinkedHashSet<>();
        boolean haveOption = false;
        for (GrantsState.Granted g : GrantsState.parse(lines, server.flavor())) {
            if (GrantsState.sameTarget(g.target(), wantedTarget)) {
                have.addAll(g.privileges());
                haveOption |= g.grantOption();
            }
        }
        if (present) {
            boolean all = have.contains("ALL PRIVILEGES");
            Set<String> missing = new LinkedHashSet<>(wanted);
            if (all) missing.removeIf(p -> !p.equals("GRANT OPTION"));
            missing.removeAll(have);
            if (missing.isEmpty() && (!grantOption || haveOption)) {
                return Plan.inSync("Grant " + grantText + " on " + database + " to " + shown + " is already present");
            }
            List<String> sql = new ArrayList<>();
            if (a.bool("revoke_first", false)) {
                if (!have.isEmpty() || haveOption) sql.add("REVOKE ALL PRIVILEGES, GRANT OPTION ON " + target + " FROM " + account);
            }
            sql.add("GRANT " + String.join(", ", wanted) + " ON " + target + " TO " + account + (grantOption ? " WITH GRANT OPTION" : ""));
            return Plan.change(Map.of(r.name(), "Present"), "MySQL grant " + r.name() + " is set to be created", () -> {
                server.client().execute(sql);
                return Plan.Done.ok("Grant " + grantText + " on " + database + " to " + shown + " has been added");
            });
        }
        Set<String> held = new LinkedHashSet<>(wanted);
        if (!have.contains("ALL PRIVILEGES")) held.retainAll(have);
        boolean revokeOption = grantOption && haveOption;
        if (held.isEmpty() && !revokeOption) {
            return Plan.inSync("Grant " + grantText + " on " + database + " to " + shown + " is not present, so it cannot be revoked");
        }
        List<String> privs = new ArrayList<>(held);
        if (revokeOption && !privs.contains("GRANT OPTION")) privs.add("GRANT OPTION");
        String sql = "REVOKE " + String.join(", ", privs) + " ON " + target + " FROM " + account;
        return Plan.change(Map.of(r.name(), "Absent"), "MySQL grant " + r.name() + " is set to be revoked", () -> {
            server.client().execute(sql);
            return Plan.Done.ok("Grant " + grantText + " on " + database + " for " + shown + " has been revoked");
        });
    }
}
