package dev.jsalt.e2e.migration;

import dev.jsalt.e2e.lab.LabHost;

import java.time.Duration;
import java.util.List;

/**
 * The application's write path, for real: a loop in an app host that every 0.2 s INSERTs one row with the
 * {@code mariadb} client into the database its config file names ({@code host=} in {@link MigrationStory#APP_CONFIG}),
 * over the VPN, and counts successes and failures. It re-reads the file before every write, as an application that
 * reconnects on config change would, so a cut-over is seen by the next write. Bounded in time ({@code limit}).
 */
public final class WriteClient {
    private static final String SCRIPT = """
            #!/bin/bash
            name=$1; limit=$2; d=/srv/app; ok=0; fail=0; end=$((SECONDS + limit))
            while [ ! -e $d/stop-$name ] && [ $SECONDS -lt $end ]; do
              host=$(sed -n 's/^host=//p' $d/database.conf 2>/dev/null)
              # a config file being rewritten is not a write attempt: read it again
              [ -n "$host" ] || { sleep 0.05; continue; }
              if mariadb --defaults-extra-file=$d/client.cnf --connect-timeout=5 -h "$host" shop \\
                   -e "INSERT INTO orders (src, db) VALUES ('$name', '$host')" 2>>$d/writer-$name.err; then
                ok=$((ok + 1))
              else
                fail=$((fail + 1)); echo "$(date +%T.%N) write $((ok + fail)) to $host failed" >>$d/writer-$name.err
              fi
              echo "$ok $fail" >$d/writer-$name.tmp && mv $d/writer-$name.tmp $d/writer-$name.count
              sleep 0.2
            done
            echo "$ok $fail" >$d/writer-$name.done
            """;

    /** What the client saw. */
    public record Counts(int ok, int failed) {
        static Counts parse(String s) {
            String[] p = s.strip().split("\\s+");
            return new Counts(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        }
    }

    private final LabHost host;

    private WriteClient(LabHost host) {
        this.host = host;
    }

    /** Starts the loop in {@code host} with the app's credentials; returns once its first write succeeded. */
    public static WriteClient start(LabHost host, String user, String password, Duration limit) {
        host.exec("mkdir", "-p", "/srv/app").orThrow(host.name() + ": mkdir /srv/app");
        host.writeFile("/srv/app/client.cnf", "[client]\nuser=" + user + "\npassword=\"" + password + "\"\n");
        host.exec("chmod", "600", "/srv/app/client.cnf").orThrow("chmod client.cnf");
        host.writeFile("/srv/app/writer.sh", SCRIPT);
        host.spawnDaemon("writer", List.of("bash", "/srv/app/writer.sh", host.name(), Long.toString(limit.toSeconds())));
        WriteClient c = new WriteClient(host);
        Poll.until(host.name() + "'s first write", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> c.counts().ok() > 0 || c.counts().failed() > 0);
        return c;
    }

    public LabHost host() {
        return host;
    }

    /** The counts so far. */
    public Counts counts() {
        String f = "/srv/app/writer-" + host.name() + ".count";
        return host.exists(f) ? Counts.parse(host.readFile(f)) : new Counts(0, 0);
    }

    /** Waits until at least {@code n} more writes succeeded: the application is still writing. */
    public void awaitMoreWrites(int n) {
        int target = counts().ok() + n;
        Poll.until(host.name() + " to write " + n + " more rows", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> counts().ok() >= target);
    }

    /** Stops the loop after its current write and returns the final counts. */
    public Counts stop() {
        host.exec("touch", "/srv/app/stop-" + host.name());
        String done = "/srv/app/writer-" + host.name() + ".done";
        Poll.until(host.name() + "'s writer to stop", Duration.ofSeconds(30), Duration.ofMillis(200), () -> host.exists(done));
        return Counts.parse(host.readFile(done));
    }

    /** The failed writes' log lines (empty when none failed). */
    public String errors() {
        String f = "/srv/app/writer-" + host.name() + ".err";
        return host.exists(f) ? host.readFile(f) : "";
    }
}
