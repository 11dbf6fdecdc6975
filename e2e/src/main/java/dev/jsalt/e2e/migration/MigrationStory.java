package dev.jsalt.e2e.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.LabSpec;
import dev.jsalt.e2e.lab.TcpProbe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The migration of docs/migration.md, run for real in a lab fleet and checked after every phase. The old fleet is
 * app1 + db1 (db1 holds data), the new one app2 + db2 (the new primary) + db3 (its replica); the master is
 * {@code salt}. Addresses are those of the example pillar (states/pillar): public 10.77.0.N on eth1, VPN 10.88.0.N on
 * tun0. {@code ns1} is the public DNS (BIND behind a Cloudflare API stand-in, {@link PublicDns}) and the minion that
 * changes its records; {@code users} is where the users are.
 *
 * <p>Every phase is one {@code jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: ...}'} in the master
 * host; the checks look at the hosts directly (TCP probes, the app's config file, SQL, DNS answers) or through
 * {@code jsalt run}. The users ({@link Users}) send requests to {@code core.example.test} and {@code blog.example.test}
 * from the end of prepare to the end: to app1 (which writes to db1) until the cut-over moves the names to app2 (which
 * writes to db2), back with the revert, and forward again. Used by {@code MigrationLabTest} and {@code jsalt demo --lab}.
 */
public final class MigrationStory {
    public static final String APP_CONFIG = "/srv/app/database.conf";
    /** As in states/pillar/mysql (mysql:users:shop): the application's account on every database server. */
    static final String APP_USER = "shop";
    static final String APP_PASSWORD = "change-me: the application password";
    /** A lab-only port opened on tun0 (pillar firewall:extra_rules) with a listener on every host: VPN reachability. */
    static final int PROBE_PORT = 7000;
    static final int OLD_ROWS = 50;
    static final Duration PROBE = Duration.ofSeconds(2);

    /** One server of the story. */
    public record Server(String name, int index, String role, boolean old) {
        public String vpn() { return "10.88.0." + index; }
        public String publicAddress() { return "10.77.0." + index; }
    }

    public static final Server APP1 = new Server("app1", 10, "app", true);
    public static final Server DB1 = new Server("db1", 40, "db", true);
    public static final Server APP2 = new Server("app2", 11, "app", false);
    public static final Server DB2 = new Server("db2", 41, "db", false);
    public static final Server DB3 = new Server("db3", 42, "db", false);
    public static final List<Server> SERVERS = List.of(APP1, DB1, APP2, DB2, DB3);

    public static final String USERS = "users";
    static final List<String> PUBLIC_NAMES = List.of("core." + PublicDns.ZONE, "blog." + PublicDns.ZONE);
    /** The public names' TTL from the prepare phase on (migrate.sls low_ttl): users follow a move within it. */
    static final int LOW_TTL = 60;

    /**
     * What the run ends with, for the caller to judge (the story has checked it already): the requests each name's
     * users made, how many of them app1 and app2 served, the rows on the new primary, and per name how long after the
     * final cut-over's DNS change the last request still reached the old server (seconds).
     */
    public record Outcome(List<Users.Counts> users, long servedByOld, long servedByNew, long rowsOnNewPrimary, long oldRows,
                          Map<String, Double> followedWithin) {
        public long requests() { return users.stream().mapToLong(Users.Counts::ok).sum(); }
        public long failedRequests() { return users.stream().mapToLong(Users.Counts::failed).sum(); }
    }

    private final Lab lab;
    private final Path repo;
    private final Consumer<String> say;
    private final Map<String, Object> runbookPillar = new LinkedHashMap<>();

    public MigrationStory(Lab lab, Path repo, Consumer<String> say) {
        this.lab = lab;
        this.repo = repo;
        this.say = say;
        runbookPillar.put("low_ttl", LOW_TTL);
    }

    /** The lab fleet: master {@code salt}, the four servers, the repo's state tree and a lab copy of its pillar. */
    public static LabSpec.Builder fleet(LabSpec.Builder b, Path repo) {
        b.host("salt", 2);
        b.host(PublicDns.HOST, 3, "dns");
        b.host(USERS, 5, "users");
        for (Server s : SERVERS) b.host(s.name(), s.index(), s.role());
        return b.master("salt")
                .masterConfig("state_tree", Map.of("dir", repo.resolve("states/tree").toString()))
                .masterConfig("pillar_tree", Map.of("dir", labPillar(repo).toString()))
                .minionConfig("mine_functions", Map.of("tinc.host", Map.of("mine_function", "tinc.host", "net", "vpn")));
    }

    /**
     * The example pillar as it is, plus three lab files: the probe port on tun0; the app's config file under the
     * host's private /srv (lab hosts share the rest of the machine's /etc, docs/lab.md) and HTTP open on the app
     * servers' public side; the Cloudflare stand-in's address and token for the dns formula, and DNS open on ns1.
     */
    static Path labPillar(Path repo) {
        try {
            Path dir = dev.jsalt.e2e.lab.ScratchDirs.create("jsalt-migration-pillar-");
            for (String f : List.of("firewall/init.sls", "vpn/init.sls", "mysql/init.sls", "app/init.sls", "app/new.sls", "dns/init.sls")) {
                Files.createDirectories(dir.resolve(f).getParent());
                Files.copy(repo.resolve("states/pillar/" + f), dir.resolve(f));
            }
            Files.writeString(dir.resolve("lab.sls"), String.join("\n",
                    "firewall:",
                    "  extra_rules:",
                    "    vpn-probe: {interface: tun0, from: 10.88.0.0/24, port: " + PROBE_PORT + ", proto: tcp, comment: lab probe}",
                    ""));
            Files.writeString(dir.resolve("lab_app.sls"), String.join("\n",
                    "app:",
                    "  config_path: " + APP_CONFIG,
                    "firewall:",
                    "  extra_rules:",
                    "    http: {interface: eth1, port: " + AppServer.PORT + ", proto: tcp, comment: http}",
                    ""));
            Files.writeString(dir.resolve("lab_dns.sls"), String.join("\n",
                    "dns:",
                    "  provider_args:",
                    "    api_url: " + PublicDns.apiUrl(),
                    "    api_token: !secret '" + PublicDns.API_TOKEN + "'",
                    "  verify_servers: ['10.77.0.3']",
                    "firewall:",
                    "  extra_rules:",
                    "    dns-udp: {interface: eth1, port: 53, proto: udp, comment: dns}",
                    "    dns-tcp: {interface: eth1, port: 53, proto: tcp, comment: dns}",
                    ""));
            Files.writeString(dir.resolve("top.sls"), String.join("\n",
                    "base:", "  '*':", "    - firewall", "    - vpn", "    - lab",
                    "  'role=db':", "    - mysql", "  'role=app':", "    - app", "    - lab_app",
                    "  'app2':", "    - app.new", "  'role=dns':", "    - dns", "    - lab_dns", ""));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs every phase with its checks; throws {@link StoryFailure} at the first check that does not hold. */
    public Outcome run() {
        oldFleet();
        checkNames(APP1, LOW_TTL);
        Users users = Users.start(lab.host(USERS), PUBLIC_NAMES, lab.host(PublicDns.HOST).address(), Duration.ofMinutes(20));
        say.accept("  users started on host " + USERS + ": an order every 0.25 s to each of " + String.join(" and ", PUBLIC_NAMES)
                + ", resolving through ns1 and keeping each answer for its TTL; app1 writes to db1 over the public network");

        phase("prepare");
        checkFirewall();
        checkVpn(SERVERS);
        checkEndpoint(APP1, DB1);
        checkEndpoint(APP2, DB2);
        checkNames(APP1, LOW_TTL);
        users.awaitMoreRequests(3);

        phase("replicate");
        checkReplication(Map.of(DB2, DB1, DB3, DB2));
        users.awaitMoreRequests(3);

        phase("multi-source");
        checkReplication(Map.of(DB1, DB2, DB2, DB1, DB3, DB2));
        users.awaitMoreRequests(3);

        phase("cutover");
        checkNames(APP2, LOW_TTL);
        users.awaitMoreRequests(3);

        phase("revert");
        checkNames(APP1, LOW_TTL);
        checkReplication(Map.of(DB1, DB2, DB2, DB1, DB3, DB2));
        users.awaitMoreRequests(3);

        phase("cutover");
        checkNames(APP2, LOW_TTL);
        Map<String, Double> followed = usersFollow(users, APP2);

        // app1 takes no more requests now; its last orders must have reached db2 before db1 goes away. Replication
        // first (db2 holds what db1 holds), then the orders themselves (one row per order the users were answered),
        // so a failure says which of the two went wrong.
        long byOld = served(users, APP1);
        try {
            Poll.until("db2 to hold every order of app1 that db1 holds", Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> {
                        long onDb1 = count(DB1, "src = 'app1'"); // -1: db1 did not answer
                        return onDb1 >= 0 && count(DB2, "src = 'app1'") == onDb1;
                    });
        } catch (RuntimeException e) {
            throw new StoryFailure(e.getMessage() + ": db1 holds " + count(DB1, "src = 'app1'") + " orders from app1, db2 "
                    + count(DB2, "src = 'app1'") + "; the users got " + byOld + " answers from app1");
        }
        long onDb2 = count(DB2, "src = 'app1'");
        if (onDb2 != byOld) {
            throw new StoryFailure("db2 holds " + onDb2 + " orders from app1, the users got " + byOld + " answers from app1\n"
                    + users.failures() + AppServer.errors(host(APP1)));
        }
        decommission();
        checkVpn(List.of(APP2, DB2, DB3));
        checkOldHostsOut();
        checkReplication(Map.of(DB3, DB2));
        checkOldNamesGone();

        users.awaitMoreRequests(3);
        checkTokenNowhere();
        List<Users.Counts> counts = users.stop();
        for (Users.Counts c : counts) say.accept("  users of " + c.name() + ": " + c.ok() + " requests served, " + c.failed() + " failed");
        for (Server s : List.of(APP1, APP2)) {
            String retries = host(s).exists("/srv/app/retries.log") ? host(s).readFile("/srv/app/retries.log") : "";
            long n = retries.lines().filter(l -> !l.isBlank()).count();
            if (n > 0) say.accept("  " + s.name() + " retried its database " + n + " time(s) (e.g. while db1 restarted in prepare); no request failed for it");
        }
        long byNew = served(users, APP2);
        long rows = count(DB2, "1 = 1");
        Poll.until("db3 to hold db2's " + rows + " rows", Duration.ofSeconds(30), Duration.ofMillis(200), () -> count(DB3, "1 = 1") == rows);
        say.accept("  db3 (replica of db2) holds the same " + rows + " rows");
        Outcome o = new Outcome(counts, byOld, byNew, rows, OLD_ROWS, followed);
        say.accept("rows on db2: " + rows + " = " + OLD_ROWS + " old + " + byOld + " orders taken by app1 + " + byNew + " by app2");
        if (o.failedRequests() > 0) throw new StoryFailure("the users saw failed requests:\n" + users.failures()
                + AppServer.errors(host(APP1)) + AppServer.errors(host(APP2)));
        if (byOld + byNew != o.requests()) throw new StoryFailure(o.requests() + " requests served, but app1 and app2 answered " + (byOld + byNew));
        if (count(DB2, "src = 'app2'") != byNew) throw new StoryFailure("db2 holds " + count(DB2, "src = 'app2'") + " orders from app2, the users got " + byNew);
        if (rows != OLD_ROWS + o.requests()) {
            throw new StoryFailure("db2 holds " + rows + " rows, expected " + OLD_ROWS + " + " + o.requests() + " served requests");
        }
        return o;
    }

    /**
     * After the final cut-over: waits until every name's users reach {@code to}, then measures, per name, how long
     * after the authoritative server first answered the new address the users' last request to the old one went
     * (bounded by the TTL: they keep an answer that long), and checks it is within TTL + 2 s.
     */
    private Map<String, Double> usersFollow(Users users, Server to) {
        Map<String, Double> out = new LinkedHashMap<>();
        Poll.until("the users of " + String.join(" and ", PUBLIC_NAMES) + " to reach " + to.name(), Duration.ofSeconds(LOW_TTL + 30),
                Duration.ofSeconds(1), () -> PUBLIC_NAMES.stream().allMatch(n -> {
                    List<Users.Request> r = users.requests(n);
                    return !r.isEmpty() && r.get(r.size() - 1).address().equals(to.publicAddress());
                }));
        for (String name : PUBLIC_NAMES) {
            long changed = users.changedAt(name, to.publicAddress());
            if (changed < 0) throw new StoryFailure("the name server's answer for " + name + " never became " + to.publicAddress());
            List<Users.Request> requests = users.requests(name);
            long lastOld = requests.stream().filter(r -> r.micros() >= changed && !r.address().equals(to.publicAddress()))
                    .mapToLong(Users.Request::micros).max().orElse(changed);
            // the TTL of the answer the users held when the record changed: they may keep it that long, not longer
            int held = requests.stream().filter(r -> r.micros() < changed).reduce((a, b) -> b).map(Users.Request::ttl).orElse(LOW_TTL);
            double seconds = (lastOld - changed) / 1e6;
            out.put(name, seconds);
            say.accept(String.format(java.util.Locale.ROOT, "  %s: the users' last request to the old server went %.1f s after ns1 answered %s"
                    + " (their answer's TTL: %d s); every later one reached %s", name, seconds, to.publicAddress(), held, to.name()));
            if (held > LOW_TTL) throw new StoryFailure("users of " + name + " held an answer with TTL " + held + " s at the cut-over, more than " + LOW_TTL);
            if (seconds > held + 2) throw new StoryFailure("users of " + name + " still reached the old server " + seconds + " s after the change (TTL " + held + " s)");
        }
        return out;
    }

    /** How many of the users' requests {@code s} served (its name is the first word of its answer). */
    private static long served(Users users, Server s) {
        return users.names().stream().flatMap(n -> users.requests(n).stream()).filter(r -> r.ok() && r.server().equals(s.name())).count();
    }

    /** Every public name resolves, on the users' host, to {@code front}'s public address with at most {@code ttl}. */
    private void checkNames(Server front, int ttl) {
        LabHost from = lab.host(USERS);
        for (String name : PUBLIC_NAMES) {
            ExecResult r = from.exec(List.of("dig", "+noall", "+answer", "+time=2", "+tries=1", name, "A"), Duration.ofSeconds(10));
            List<String[]> answers = r.stdout().lines().map(l -> l.trim().split("\\s+")).filter(p -> p.length == 5 && p[3].equals("A")).toList();
            if (answers.size() != 1 || !answers.get(0)[4].equals(front.publicAddress()) || Integer.parseInt(answers.get(0)[1]) > ttl) {
                throw new StoryFailure(name + " does not resolve to " + front.publicAddress() + " (" + front.name() + ") with TTL <= " + ttl + ": " + r.stdout() + r.stderr());
            }
        }
        say.accept("  dns: " + String.join(" and ", PUBLIC_NAMES) + " resolve to " + front.publicAddress() + " (" + front.name() + "), TTL " + ttl + " s");
    }

    /**
     * The Cloudflare token is where it must be — the lab's pillar source, and the stand-in's own token file on ns1 —
     * and nowhere else: no log of any host, no job record or cache of the master, no file a minion wrote.
     */
    private void checkTokenNowhere() {
        List<String> argv = new ArrayList<>(List.of("grep", "-rlF", "--exclude-dir=var-lib-mysql", "-e", PublicDns.API_TOKEN));
        for (LabHost h : lab.hosts()) argv.add(h.dir().toString());
        ExecResult r = dev.jsalt.e2e.lab.Cmd.run(argv, Duration.ofSeconds(120));
        List<String> found = r.stdout().lines().filter(f -> !f.equals(lab.host(PublicDns.HOST).hostSide(PublicDns.TOKEN_FILE).toString())).toList();
        if (r.exit() > 1 || !found.isEmpty()) throw new StoryFailure("the Cloudflare API token is in " + (found.isEmpty() ? r.stderr() : found));
        say.accept("  the Cloudflare API token is in no log, job record or file of any host but the stand-in's token file");
    }

    /** After decommission: the old servers' own names are gone from the zone. */
    private void checkOldNamesGone() {
        for (Server s : List.of(APP1, DB1)) {
            String name = s.name() + "." + PublicDns.ZONE;
            if (!PublicDns.resolve(lab.host(USERS), name).isEmpty()) throw new StoryFailure(name + " still resolves after decommission");
        }
        say.accept("  dns: app1." + PublicDns.ZONE + " and db1." + PublicDns.ZONE + " are gone from the zone");
    }

    /**
     * The old fleet as it was before jsalt: db1 is a hand-installed MariaDB with data; db2 is a new machine with the
     * package installed (its datadir initialised, as the package's postinst does) and nothing else. Every host gets a
     * listener on the probe port.
     */
    private void oldFleet() {
        say.accept("== old fleet: db1 holds " + OLD_ROWS + " orders; db2 and db3 are fresh MariaDB installs; "
                + "ns1 serves " + PublicDns.ZONE + " (blog, core -> app1) behind a Cloudflare API stand-in");
        for (Server s : List.of(DB1, DB2, DB3)) {
            exec(s, "mariadb-install-db", "--user=mysql", "--datadir=/var/lib/mysql", "--skip-test-db");
        }
        // the old fleet's way: db1 listens on every address, and app1 writes to it over the public network
        host(DB1).writeFile("/etc/mysql/mariadb.conf.d/99-old-fleet.cnf", "[mysqld]\nbind-address = 0.0.0.0\n");
        exec(DB1, "service", "mariadb", "start");
        exec(DB1, "mariadb", "-e", "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY,"
                + " ref CHAR(36) NULL UNIQUE, src VARCHAR(16) NOT NULL, db VARCHAR(16) NOT NULL, at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6));"
                + " INSERT INTO shop.orders (src, db) SELECT 'old', 'db1' FROM shop.seq_1_to_" + OLD_ROWS
                + "; CREATE USER '" + APP_USER + "'@'10.77.0.%' IDENTIFIED BY '" + APP_PASSWORD + "';"
                + " GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO '" + APP_USER + "'@'10.77.0.%'");
        for (Server s : SERVERS) host(s).spawnDaemon("probe", List.of("socat", "TCP-LISTEN:" + PROBE_PORT + ",fork,reuseaddr", "SYSTEM:echo hi"));
        for (Server s : List.of(APP1, APP2)) AppServer.start(host(s), APP_USER, APP_PASSWORD);
        host(APP1).writeFile(APP_CONFIG, "host=" + DB1.publicAddress() + "\nport=3306\ndatabase=shop\nuser=" + APP_USER + "\n");
        PublicDns.start(lab, APP1.publicAddress(), DB1.publicAddress());
    }

    private void phase(String phase) {
        say.accept("== phase " + phase + ": jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: " + phase + "}'");
        Map<String, Object> p = new LinkedHashMap<>(runbookPillar);
        p.put("phase", phase);
        ExecResult r = lab.jsalt(List.of("orchestrate", repo.resolve("states/orchestrate/migrate.sls").toString(),
                "--pillar", Json.string(p)), Duration.ofSeconds(600));
        r.stdout().lines().forEach(l -> say.accept("  | " + l));
        if (r.exit() != 0) throw new StoryFailure("phase " + phase + " failed (exit " + r.exit() + "): " + r.stdout() + r.stderr());
    }

    private void decommission() {
        say.accept("== decommission: stop the old servers' minions; the phase deletes their keys (salt.wheel key.delete)");
        for (Server s : List.of(APP1, DB1)) exec(s, "sh", "-c", "kill $(cat /run/jlab/jsalt-minion.pid)");
        phase("decommission");
        List<String> left = new ArrayList<>();
        for (JsonNode k : Json.tree(jsalt("keys", "list", "--output", "json").stdout().getBytes(StandardCharsets.UTF_8))) {
            left.add(k.path("id").asText());
        }
        if (left.contains(APP1.name()) || left.contains(DB1.name())) throw new StoryFailure("old servers' keys still on file: " + left);
    }

    /** Public side: SSH reaches every host; MySQL does not, though it listens; over the VPN it does. */
    private void checkFirewall() {
        List<String> seen = new ArrayList<>();
        for (Server from : SERVERS) {
            for (Server to : SERVERS) {
                if (from == to) continue;
                TcpProbe ssh = host(from).probeTcp(to.publicAddress(), 22, PROBE);
                if (ssh == TcpProbe.TIMEOUT) throw new StoryFailure(from.name() + " -> " + to.publicAddress() + ":22 is dropped");
            }
        }
        seen.add("22 reachable on every public address");
        for (Server[] p : new Server[][] {{APP1, DB1}, {APP2, DB2}, {APP1, DB3}}) {
            TcpProbe pub = host(p[0]).probeTcp(p[1].publicAddress(), 3306, PROBE);
            if (pub != TcpProbe.TIMEOUT) throw new StoryFailure(p[0].name() + " -> " + p[1].publicAddress() + ":3306 is " + pub + ", wanted dropped");
        }
        seen.add("3306 on eth1 dropped");
        TcpProbe vpn = host(APP1).probeTcp(DB1.vpn(), 3306, PROBE);
        if (vpn != TcpProbe.OPEN) throw new StoryFailure("app1 -> db1 " + DB1.vpn() + ":3306 over tun0 is " + vpn);
        seen.add("3306 open over tun0 (app1 -> db1)");
        say.accept("  firewall: " + String.join("; ", seen));
    }

    /** Every server of {@code members} reaches every other one's VPN address. */
    private void checkVpn(List<Server> members) {
        List<String> missing = new ArrayList<>();
        try {
            // tinc 1.0 backs off between attempts to reach a peer it could not reach yet (the members come up one by
            // one), so a pair may take a minute or more to connect under load: TincLabTest waits 120 s for the same reason.
            Poll.until("a full VPN mesh of " + names(members), Duration.ofSeconds(120), Duration.ofSeconds(1), () -> {
                missing.clear();
                for (Server from : members) {
                    for (Server to : members) {
                        if (from != to && host(from).probeTcp(to.vpn(), PROBE_PORT, PROBE) != TcpProbe.OPEN) {
                            missing.add(from.name() + " -> " + to.name());
                        }
                    }
                }
                return missing.isEmpty();
            });
        } catch (StoryFailure e) {
            // which pairs, and what each host's firewall dropped as INVALID (a conntrack entry out of step with its connection)
            StringBuilder why = new StringBuilder(e.getMessage()).append("\nnot reaching over tun0: ").append(missing);
            for (Server s : members) {
                // whether each side has the other's host file: the mesh's membership
                why.append('\n').append(s.name()).append(" tinc hosts: ").append(host(s).exec("ls", "/etc/tinc/vpn/hosts").stdout().strip()
                        .replace('\n', ' '));
                why.append('\n').append(s.name()).append(" INVALID drops: ").append(host(s).exec("iptables", "-vnL", "ufw-before-input")
                        .stdout().lines().filter(l -> l.contains("INVALID")).map(String::strip).toList());
            }
            throw new StoryFailure(why.toString());
        }
        say.accept("  vpn: every pair of " + names(members) + " reaches the other over tun0");
    }

    /** {@code jsalt run role=db mysql.replication_status}: each key server replicates from its value, healthy. */
    private void checkReplication(Map<Server, Server> sources) {
        JsonNode results = json(jsalt("run", "role=db", "mysql.replication_status", "--output", "json")).path("results");
        for (Map.Entry<Server, Server> want : sources.entrySet()) {
            JsonNode st = null;
            for (JsonNode r : results) if (r.path("minion").asText().equals(want.getKey().name())) st = r.path("result");
            if (st == null) throw new StoryFailure("no replication status from " + want.getKey().name() + ": " + results);
            boolean ok = st.path("source").asText().equals(want.getValue().vpn() + ":3306") && st.path("io_running").asText().equals("Yes")
                    && st.path("sql_running").asText().equals("Yes") && st.path("lag_seconds").asDouble(99) <= 5;
            if (!ok) throw new StoryFailure(want.getKey().name() + " does not replicate from " + want.getValue().name() + ", healthy: " + st);
            say.accept("  replication on " + want.getKey().name() + ": role " + st.path("role").asText() + ", source "
                    + want.getValue().name() + " (" + st.path("source").asText() + "), io/sql Yes, lag " + st.path("lag_seconds").asText());
        }
    }

    /** {@code app}'s config file names {@code db}'s VPN address. */
    private void checkEndpoint(Server app, Server db) {
        String conf = host(app).readFile(APP_CONFIG);
        if (!conf.lines().anyMatch(l -> l.equals("host=" + db.vpn()))) {
            throw new StoryFailure(app.name() + " " + APP_CONFIG + " does not name " + db.name() + " (" + db.vpn() + "): " + conf);
        }
        say.accept("  " + app.name() + ": " + APP_CONFIG + " says host=" + db.vpn() + " (" + db.name() + ")");
    }

    /** After decommission: db2 replicates from nobody; the old servers are out of the key store and the VPN. */
    private void checkOldHostsOut() {
        JsonNode st = null;
        for (JsonNode r : json(jsalt("run", DB2.name(), "mysql.replication_status", "--output", "json")).path("results")) st = r.path("result");
        if (st == null || !st.path("source").isNull()) throw new StoryFailure("db2 still has a replication source: " + st);
        say.accept("  db2: no replication source left (role " + st.path("role").asText() + ")");
        for (JsonNode k : json(jsalt("keys", "list", "--output", "json"))) {
            String id = k.path("id").asText();
            if (id.equals(APP1.name()) || id.equals(DB1.name())) throw new StoryFailure("key of " + id + " still in the key store: " + k);
        }
        say.accept("  keys: app1 and db1 are gone from the key store");
        Poll.until("db1 and app1 to be cut off the VPN", Duration.ofSeconds(60), Duration.ofSeconds(1), () ->
                host(DB2).probeTcp(DB1.vpn(), PROBE_PORT, PROBE) != TcpProbe.OPEN
                        && host(APP2).probeTcp(APP1.vpn(), PROBE_PORT, PROBE) != TcpProbe.OPEN
                        && host(DB1).probeTcp(DB2.vpn(), PROBE_PORT, PROBE) != TcpProbe.OPEN);
        for (Server s : List.of(APP2, DB2)) {
            for (String old : List.of("app1", "db1")) {
                if (host(s).exists("/etc/tinc/vpn/hosts/" + old)) throw new StoryFailure(s.name() + " still has tinc host file " + old);
            }
        }
        say.accept("  vpn: app2 and db2 no longer reach app1 or db1, and have no host files for them");
    }

    private long count(Server db, String where) {
        ExecResult r = host(db).exec(List.of("mariadb", "-N", "-B", "-e", "SELECT COUNT(*) FROM shop.orders WHERE " + where),
                Duration.ofSeconds(20));
        if (!r.ok()) return -1;
        return Long.parseLong(r.stdout().strip());
    }

    private ExecResult jsalt(String... args) {
        ExecResult r = lab.jsalt(List.of(args), Duration.ofSeconds(300));
        if (r.exit() != 0) throw new StoryFailure("jsalt " + String.join(" ", args) + " failed (exit " + r.exit() + "): " + r.stdout() + r.stderr());
        return r;
    }

    private void exec(Server s, String... argv) {
        ExecResult r = host(s).exec(List.of(argv), Duration.ofSeconds(120));
        if (!r.ok()) throw new StoryFailure(s.name() + ": " + String.join(" ", argv) + " failed (exit " + r.exit() + "): " + r.stdout() + r.stderr());
    }

    private LabHost host(Server s) {
        return lab.host(s.name());
    }

    private static JsonNode json(ExecResult r) {
        return Json.tree(r.stdout().getBytes(StandardCharsets.UTF_8));
    }

    private static String names(List<Server> servers) {
        return String.join(", ", servers.stream().map(Server::name).toList());
    }
}
