package dev.jsalt.e2e.migration;

import dev.jsalt.e2e.lab.LabHost;

import java.util.List;

/**
 * The story's application, as small as it can be and still real: an HTTP server on port 80 of an app host (socat,
 * one process per connection) that records every request as an order in the database its config file names
 * ({@code host=} in {@link MigrationStory#APP_CONFIG}, written by the app formula), over the VPN, and answers 200 with
 * {@code "HOST DB"} once the row is committed, 503 when it is not. Like an application's connection pool, it tries
 * again for up to about 12 s while the database does not answer (a restart) and re-reads the config file between
 * tries (a move). Each order carries an idempotency key, so a retry after a commit whose answer was lost writes no
 * second row. {@code GET /health} only asks the database ({@code SELECT 1}) and answers {@code "HOST ok"}: the
 * runbook's probes write nothing.
 */
final class AppServer {
    static final int PORT = 80;
    private static final String SCRIPT = """
            #!/bin/bash
            read -r method path proto || exit 0
            while IFS= read -r line && [ -n "${line%$'\\r'}" ]; do :; done
            me=$(hostname)
            db=$(sed -n 's/^host=//p' /srv/app/database.conf 2>/dev/null)
            if [ "$path" = /health ]; then sql="SELECT 1"; body="$me ok"
            else
              # the order's idempotency key: a retry after a commit whose answer was lost (a restart) is a no-op
              ref=$(cat /proc/sys/kernel/random/uuid)
              sql="INSERT INTO orders (ref, src, db) VALUES ('$ref', '$me', '$db') ON DUPLICATE KEY UPDATE ref = ref"; body="$me $db"
            fi
            # like an application's connection pool: a database that is restarting gets a few seconds to come back,
            # well inside the users' 30 s, so no order is written after its user gave up on it
            ok=""; deadline=$((SECONDS + 12))
            while [ $SECONDS -lt $deadline ]; do
              [ -n "$db" ] || break
              if timeout 8 mariadb --defaults-extra-file=/srv/app/client.cnf --connect-timeout=3 -h "$db" shop -e "$sql" >/dev/null 2>>/srv/app/retries.log; then ok=1; break; fi
              sleep 0.5; db=$(sed -n 's/^host=//p' /srv/app/database.conf 2>/dev/null)
            done
            if [ -n "$ok" ]; then
              status="200 OK"
            else
              status="503 Service Unavailable"; body="$me: no answer from database ${db:-(none)}"
              echo "$(date +%T.%N) $method $path: database ${db:-(none)} failed" >>/srv/app/http.err
            fi
            printf 'HTTP/1.0 %s\\r\\nContent-Type: text/plain\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n%s' "$status" ${#body} "$body"
            """;

    private AppServer() {
    }

    /** Installs and starts the server on {@code host} with the application's database account. */
    static void start(LabHost host, String user, String password) {
        host.check("mkdir", "-p", "/srv/app");
        host.writeFile("/srv/app/client.cnf", "[client]\nuser=" + user + "\npassword=\"" + password + "\"\n");
        host.check("chmod", "600", "/srv/app/client.cnf");
        host.writeFile("/srv/app/http.sh", SCRIPT);
        host.check("chmod", "755", "/srv/app/http.sh");
        host.spawnDaemon("http", List.of("socat", "TCP-LISTEN:" + PORT + ",fork,reuseaddr", "EXEC:/srv/app/http.sh"));
    }

    /** The server's failed requests (empty when none failed). */
    static String errors(LabHost host) {
        return host.exists("/srv/app/http.err") ? host.readFile("/srv/app/http.err") : "";
    }
}
