package dev.jsalt.cli.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.cli.Main;
import dev.jsalt.cloud.droplets.DropletStandIn;
import dev.jsalt.minion.cloud.LocalBooter;
import dev.jsalt.cloud.droplets.UserData;
import dev.jsalt.common.json.Json;
import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.keys.KeyState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `jsalt cloud` as an operator runs it, against a real master on loopback and the DigitalOcean stand-in. The stand-in
 * boots each droplet as cloud-init would what matters here: it writes the user-data's files (under the droplet's own
 * folder, as a chroot would) and starts a real minion from the minion.yaml it wrote, which makes its own key and joins
 * with the token. Nobody accepts a key by hand.
 */
class CloudCommandTest {
    private static final String DO_TOKEN = "dop_v1_" + "a1b2c3d4e5f60718".repeat(4);
    private Path dir;
    private Path masterDir;
    private MasterDaemon master;
    private DropletStandIn standIn;
    private final Map<String, Long> booted = new ConcurrentHashMap<>();
    private final Map<String, String> userData = new ConcurrentHashMap<>();

    record Cli(int exit, String out, String err) {
    }

    /**
     * Boots droplets as `jsalt cloud stand-in` does (LocalBooter: the user-data's files under the droplet's folder, then
     * the minion they describe); a droplet tagged nojoin stands for one whose user-data fails before its minion starts.
     */
    private LocalBooter local;
    private final DropletStandIn.Booter cloudInit = new DropletStandIn.Booter() {
        @Override
        public DropletStandIn.Addresses boot(DropletStandIn.Created d) throws Exception {
            userData.put(d.name(), d.userData());
            if (d.tags().contains("nojoin")) return new DropletStandIn.Addresses("203.0.113.200", "10.10.0.200");
            DropletStandIn.Addresses a = local.boot(d);
            booted.put(d.name(), d.id());
            return a;
        }

        @Override
        public void destroy(DropletStandIn.Created d) {
            booted.remove(d.name());
            local.destroy(d);
        }
    };

    /** Every log line of the master, the minions and the commands while the test runs (INFO and up). */
    private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
    private ch.qos.logback.classic.Level rootLevel;

    private static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @BeforeEach
    void setUp() throws Exception {
        rootLevel = root().getLevel();
        root().setLevel(ch.qos.logback.classic.Level.INFO);
        logs.start();
        root().addAppender(logs);
        dir = Files.createTempDirectory("jsalt-cloud-");
        local = new LocalBooter(dir.resolve("droplets"));
        standIn = new DropletStandIn(DO_TOKEN, cloudInit);
        masterDir = dev.jsalt.master.cloud.CloudMasterDir.write(dir.resolve("master"), DO_TOKEN, standIn.url(),
                "  app:", "    provider: do", "    region: fra1", "    size: s-1vcpu-1gb", "    image: debian-12-x64",
                "    tags: [web]", "    grains:", "      role: app", "    join_timeout: 60",
                "  db:", "    provider: do", "    region: fra1", "    size: s-2vcpu-4gb", "    image: debian-12-x64",
                "    grains:", "      role: db", "    highstate: false", "    join_timeout: 60",
                "  broken:", "    provider: do", "    region: fra1", "    size: s-1vcpu-1gb", "    image: debian-12-x64",
                "    tags: [nojoin]", "    join_timeout: 5").dir();
        master = new MasterDaemon(MasterConfig.load(masterDir));
        System.setProperty("jsalt.cloud.poll_ms", "100");
    }

    @AfterEach
    void tearDown() throws Exception {
        root().detachAppender(logs);
        root().setLevel(rootLevel);
        // No secret in any log line: neither the provider's token nor any enrolment token (they are in the user-data).
        List<String> secrets = new ArrayList<>(List.of(DO_TOKEN));
        for (String ud : userData.values()) {
            String t = UserData.files(ud).entrySet().stream().filter(e -> e.getKey().endsWith("enrolment.token"))
                    .map(e -> e.getValue()[1].strip()).findFirst().orElseThrow();
            secrets.add(t);
        }
        assertTrue(logs.list.size() >= 3, "the logs were captured (the master says it started): " + logs.list.size());
        for (var event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            for (String secret : secrets) assertFalse(line.contains(secret), "a secret in the log: " + line);
        }
        // Whatever the test did, every request `jsalt cloud` sent and every answer it got conform to DigitalOcean's document.
        if (standIn != null) {
            List<String> problems = dev.jsalt.cloud.droplets.OpenApiContract.digitalOcean().check(standIn.exchanges());
            if (!problems.isEmpty()) {
                standIn.close();
                standIn = null;
                throw new AssertionError("not as DigitalOcean's OpenAPI document says:\n" + String.join("\n", problems));
            }
        }
        System.clearProperty("jsalt.cloud.poll_ms");
        local.closeAll();
        if (standIn != null) standIn.close();
        if (master != null) master.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private synchronized Cli cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of(args));
            all.add("-c");
            all.add(masterDir.toString());
            int code = Main.run(all.toArray(String[]::new));
            return new Cli(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void createJoinsWithNoHandStepThenListAndDestroy() throws Exception {
        Cli create = cli("cloud", "create", "app", "web1", "web2");
        assertEquals(0, create.exit(), create.toString());
        assertTrue(create.out().contains("web1: joined (key accepted with its one-time token)"), create.out());
        assertTrue(create.out().contains("web2: highstate converged"), create.out());
        assertEquals(KeyState.ACCEPTED, master.keys().byId("web1").orElseThrow().state());
        assertEquals("app", master.registry().grains("web2").get("role"));
        assertTrue(userData.get("web1").startsWith("#cloud-config") && !userData.get("web1").contains("minion.key"));

        Cli list = cli("cloud", "list", "--output", "json");
        assertEquals(0, list.exit(), list.toString());
        JsonNode l = Json.mapper().readTree(list.out());
        assertEquals(2, l.size());
        assertEquals("accepted", l.get(0).path("key").asText());
        assertTrue(l.get(0).path("tags").toString().contains("jsalt-profile-app") && l.get(0).path("tags").toString().contains("web"));

        // Again: nothing is made twice.
        Cli again = cli("cloud", "create", "app", "web1");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("web1: unchanged"), again.out());
        assertEquals(2, standIn.created().size());

        Cli refused = cli("cloud", "destroy", "web2");
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("add --yes"), refused.err());
        Cli destroy = cli("cloud", "destroy", "web2", "--yes");
        assertEquals(0, destroy.exit(), destroy.toString());
        assertTrue(master.keys().byId("web2").isEmpty(), "its key is gone");
        assertEquals(1, standIn.created().size());

        for (String c : List.of("sizes", "images", "regions")) {
            Cli cat = cli("cloud", c);
            assertEquals(0, cat.exit(), cat.toString());
        }
        assertTrue(cli("cloud", "sizes").out().contains("s-1vcpu-1gb"));
        assertTrue(cli("cloud", "regions").out().contains("fra1   Frankfurt 1"));

        // The provider's token is nowhere an operator or a log could see it.
        Path jobs = masterDir.resolve("root");
        try (Stream<Path> walk = Files.walk(jobs)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(p, StandardCharsets.ISO_8859_1).contains(DO_TOKEN), p.toString());
            }
        }
        for (Cli c : List.of(create, list, again, refused, destroy)) assertFalse((c.out() + c.err()).contains(DO_TOKEN));
    }

    @Test
    void aMapPlansThenActsAndASecondRunChangesNothing() throws Exception {
        Path map = dir.resolve("fleet.yaml");
        Files.writeString(map, "db: [db1]\napp: [app1, app2]\n");
        Cli first = cli("cloud", "map", map.toString());
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("3 to create, 0 unchanged, 0 to destroy."), first.out());
        assertTrue(first.out().indexOf("Plan:") < first.out().indexOf("app1: creating"), "the plan comes first: " + first.out());
        for (String id : List.of("db1", "app1", "app2")) assertEquals(KeyState.ACCEPTED, master.keys().byId(id).orElseThrow().state());
        assertEquals("db", master.registry().grains("db1").get("role"));

        Cli second = cli("cloud", "map", map.toString());
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().contains("0 to create, 3 unchanged, 0 to destroy.") && second.out().contains("No changes."), second.out());
        assertEquals(3, standIn.created().size());

        Files.writeString(map, "db: [db1]\napp: [app1]\n");
        Cli noPrune = cli("cloud", "map", map.toString());
        assertTrue(noPrune.out().contains("0 to create, 2 unchanged, 0 to destroy."), noPrune.out());
        Cli unconfirmed = cli("cloud", "map", map.toString(), "--prune");
        assertEquals(2, unconfirmed.exit(), unconfirmed.toString());
        assertTrue(unconfirmed.out().contains("- app2"), unconfirmed.out());
        assertEquals(3, standIn.created().size(), "nothing destroyed without --yes");
        Cli prune = cli("cloud", "map", map.toString(), "--prune", "--yes");
        assertEquals(0, prune.exit(), prune.toString());
        assertTrue(prune.out().contains("app2: destroyed"), prune.out());
        assertEquals(java.util.Set.of("db1", "app1"), standIn.created().stream().map(DropletStandIn.Created::name).collect(java.util.stream.Collectors.toSet()));
        assertTrue(master.keys().byId("app2").isEmpty());
    }

    @Test
    void aFlakyApiStillConvergesWithoutDuplicates() throws Exception {
        Path map = dir.resolve("fleet.yaml");
        Files.writeString(map, "app: [app1, app2]\ndb: [db1]\n");
        standIn.injectFaults(429, 2);
        standIn.injectFaults(500, 3);
        standIn.failAfterDoing("POST /v2/droplets", 2); // made, but answered 500: the client cannot tell
        Cli first = cli("cloud", "map", map.toString());
        assertEquals(0, first.exit(), first.toString());
        assertEquals(3, standIn.created().size(), "one droplet per name: " + standIn.created());
        assertEquals(2, standIn.exchanges().stream().filter(x -> x.status() == 429).count());
        assertEquals(2, standIn.exchanges().stream().filter(x -> x.status() == 500 && x.method().equals("POST")).count());
        assertTrue(first.out().contains("create answered 500; looking for it before trying again"), first.out());
        Cli json = cli("cloud", "map", map.toString(), "--output", "json");
        assertEquals(0, json.exit(), json.toString());
        assertTrue(Json.mapper().readTree(json.out()).isArray(), "stdout is one JSON document: " + json.out());
        assertTrue(json.err().contains("No changes."), "the plan goes to stderr with --output json: " + json.err());
    }

    @Test
    void aMachineThatDoesNotJoinIsReportedAndDestroyedUnlessKept() throws Exception {
        Cli c = cli("cloud", "create", "broken", "bad1");
        assertEquals(1, c.exit(), c.toString());
        assertTrue(c.out().contains("bad1: failed (did not join the master within join_timeout 5 s (destroyed))"), c.out());
        assertTrue(standIn.created().isEmpty(), "destroyed");
        assertTrue(Json.mapper().readTree(cli("cloud", "list", "--output", "json").out()).isEmpty());
        assertTrue(master.keys().enrolments().list().isEmpty(), "its enrolment withdrawn");

        Cli kept = cli("cloud", "create", "broken", "bad2", "--keep-failed");
        assertEquals(1, kept.exit(), kept.toString());
        assertTrue(kept.out().contains("kept: droplet"), kept.out());
        assertEquals(1, standIn.created().size());
        // Run again, it is found, not made twice, and said to be a machine that never joined.
        Path map = dir.resolve("broken.yaml");
        Files.writeString(map, "broken: [bad2]\n");
        Cli again = cli("cloud", "map", map.toString());
        assertEquals(1, again.exit(), again.toString());
        assertTrue(again.out().contains("? bad2") && again.out().contains("1 not joined."), again.out());
        assertTrue(again.out().contains("bad2: failed (exists, but its minion has not joined the master: destroy it ('jsalt cloud destroy bad2 --yes')"), again.out());
        assertEquals(1, standIn.created().size());
    }

    @Test
    void badInputIsOneLineNamingFileLineAndField() throws Exception {
        Path map = dir.resolve("bad.yaml");
        Files.writeString(map, "app: [web1]\nweb: [web2]\n");
        Cli c = cli("cloud", "map", map.toString());
        assertEquals(2, c.exit());
        assertEquals("error: " + map + ":2:1: no profile 'web' (profiles: app, db, broken)", c.err().strip());
        Files.writeString(masterDir.resolve("cloud.yaml"), Files.readString(masterDir.resolve("cloud.yaml")).replace("    size: s-1vcpu-1gb", "    sise: s-1vcpu-1gb"));
        Cli bad = cli("cloud", "list");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().strip().matches("error: .*cloud\\.yaml:\\d+:5: unknown key 'profiles\\.app\\.sise'.*"), bad.err());
        assertEquals(1, bad.err().strip().lines().count());
        Files.delete(masterDir.resolve("cloud.yaml"));
        Cli none = cli("cloud", "sizes");
        assertEquals(2, none.exit());
        assertEquals("error: " + masterDir.toAbsolutePath().resolve("cloud.yaml")
                + ": no such file (nor cloud.d/*.yaml): no cloud providers configured; see docs/cloud.md", none.err().strip());
    }

    @Test
    void theStandInRunsAsACommandForTryingItWithoutAnAccount() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "cloud", "stand-in",
                "--token-file", masterDir.resolve("do.token").toString(), "--dir", dir.resolve("standin").toString())
                .redirectErrorStream(true).start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(first != null && first.startsWith("DigitalOcean stand-in on http://127.0.0.1:"), String.valueOf(first));
            String url = first.split(" ")[3];
            Path yaml = masterDir.resolve("cloud.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("    url: " + standIn.url(), "    url: " + url));
            Cli regions = cli("cloud", "regions");
            assertEquals(0, regions.exit(), regions.toString());
            assertEquals(9, regions.out().strip().lines().count(), regions.out());
        } finally {
            p.destroy();
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
