package dev.jsalt.master.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.config.ConfigFile;
import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.target.Target;
import dev.jsalt.common.wire.MasterKeys;
import dev.jsalt.common.wire.Wire;
import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.api.ApiServer;
import dev.jsalt.master.api.Routes;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Jazzer fuzz targets for what the master reads from users: SLS files (the YAML loader, includes, the declaration
 * parser, requisites, the top file) and API request bodies (parsed and routed exactly as the API does), plus
 * {@link #everyInput}, which spreads one input over every decoder (these two and those of common's DecoderFuzzTest) and
 * is what the normal build fuzzes for a short budget (see docs/security.md, "Fuzzing").
 *
 * <p>A target may refuse its input only the documented way: a {@link CompileException} for an SLS, a status below 500
 * for an API call (4xx for the caller's mistakes, 503/507 for what the master cannot do now). Anything else — a 500,
 * a crash, a stack overflow, a hang — is a finding. The Jinja layer is left out (SLS inputs are {@code #!yaml}): it is
 * being replaced by a new engine, which brings its own fuzz target.
 */
class InputFuzzTest {
    private static final FunctionCatalog CATALOG = FunctionCatalog.of(Map.of(
            "pkg", java.util.Set.of("installed", "latest", "removed"),
            "file", java.util.Set.of("managed", "directory", "symlink", "absent"),
            "service", java.util.Set.of("running", "dead", "enabled"),
            "cmd", java.util.Set.of("run", "wait"),
            "user", java.util.Set.of("present"),
            "ufw", java.util.Set.of("rule", "default")));
    private static final List<String> ROUTES = List.of("GET /v1/health", "GET /v1/keys", "GET /v1/keys/refusals",
            "POST /v1/keys/accept", "POST /v1/keys/reject", "POST /v1/keys/delete", "POST /v1/keys/other", "GET /v1/minions",
            "POST /v1/jobs", "POST /v1/apply", "POST /v1/show", "GET /v1/jobs", "GET /v1/jobs/12345678901234567890",
            "GET /v1/mine", "PUT /v1/keys", "GET /v1/nothing", "GET /v1/enrolments", "POST /v1/enrolments",
            "POST /v1/enrolments/revoke");

    private static Path tree;
    private static StateCompiler compiler;
    private static Path masterDir;
    private static MasterDaemon master;

    private static synchronized StateCompiler compiler() {
        if (compiler == null) {
            try {
                tree = Files.createTempDirectory("jsalt-fuzz-sls-");
                Files.writeString(tree.resolve("base.sls"), "#!yaml\nbase-pkg:\n  pkg.installed:\n    - name: curl\n");
                Files.writeString(tree.resolve("top.sls"), "#!yaml\nbase:\n  '*':\n    - base\n");
                Files.createDirectories(tree.resolve("web"));
                Files.writeString(tree.resolve("web/init.sls"), "#!yaml\ninclude:\n  - base\nweb-svc:\n  service.running:\n    - name: nginx\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            compiler = new StateCompiler(new DirStateTree(tree), null, CATALOG, MineView.EMPTY);
        }
        return compiler;
    }

    /** A master with its API served by {@link MasterDaemon#routes()}, one accepted minion key (never connected) and a small state tree. */
    private static synchronized MasterDaemon master() {
        if (master == null) {
            try {
                masterDir = Files.createTempDirectory("jsalt-fuzz-api-");
                Path states = Files.createDirectories(masterDir.resolve("states"));
                Files.writeString(states.resolve("base.sls"), "#!yaml\nbase-pkg:\n  pkg.installed:\n    - name: curl\n");
                Files.writeString(states.resolve("top.sls"), "#!yaml\nbase:\n  '*':\n    - base\n");
                Files.writeString(masterDir.resolve("master.yaml"), String.join("\n", "root_dir: root", "bind: 127.0.0.1",
                        "port: " + freePort(), "key_port: " + freePort(), "api:", "  bind: 127.0.0.1", "  port: " + freePort(),
                        "job_timeout: 1", "state_tree:", "  dir: states", ""));
                master = new MasterDaemon(MasterConfig.load(masterDir));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        if (master.keys().byId("m1").isEmpty()) {
            master.keys().register("m1", CurveKeys.generate().publicZ85());
        }
        master.keys().setState("m1", KeyState.ACCEPTED);
        return master;
    }

    /** Started before fuzzing, so that no input is charged with the master's start. */
    @BeforeAll
    static void start() {
        compiler();
        master();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (master != null) master.close();
        for (Path d : new Path[]{tree, masterDir}) {
            if (d == null) continue;
            try (Stream<Path> walk = Files.walk(d)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        master = null;
        compiler = null;
    }

    /** An SLS file (YAML, no Jinja) compiled for one minion, as the file applied or as the top file of a highstate. */
    @FuzzTest(maxDuration = "5m")
    void slsFiles(FuzzedDataProvider data) {
        sls(data.consumeBoolean(), data.consumeRemainingAsString());
    }

    private static void sls(boolean asTop, String text) {
        // template: jinja on a file would reach the Jinja layer, which is out of scope here (see the class comment).
        if (text.contains("jinja") || text.contains("template")) return;
        StateCompiler c = compiler();
        try {
            // As the bytes a user would write (a lone surrogate becomes '?', as any UTF-8 encoder makes it).
            Files.write(tree.resolve(asTop ? "top.sls" : "f.sls"), ("#!yaml\n" + text).getBytes(StandardCharsets.UTF_8));
            c.compile("m1", Map.of("role", "web", "os", "Debian"), asTop ? List.of() : List.of("f"));
        } catch (CompileException expected) {
            // refused with file:line
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.writeString(tree.resolve("top.sls"), "#!yaml\nbase:\n  '*':\n    - base\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One API call: a route, its query and its body, parsed and handled as the API does; a 500 is a finding. */
    @FuzzTest(maxDuration = "5m")
    void apiBodies(FuzzedDataProvider data) {
        api(data.pickValue(ROUTES), data.consumeString(40), data.consumeRemainingAsString());
    }

    private static void api(String route, String queryValue, String bodyText) {
        MasterDaemon m = master();
        String[] mp = route.split(" ", 2);
        Map<String, Object> body;
        try {
            body = ApiServer.parseBody(bodyText);
        } catch (IllegalArgumentException refused) {
            return; // 400: not a JSON object
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", queryValue);
        query.put("target", queryValue);
        query.put("key", queryValue);
        Routes.Call call = new Routes.Call(mp[0], mp[1], query, body);
        try {
            // Streamed calls (POST /v1/jobs and /v1/apply without async) are handled as their async form: the same checks.
            m.routes().handle(call);
        } catch (RuntimeException e) {
            if (ApiServer.statusOf(e) == 500) {
                throw new AssertionError("API " + route + " answered " + ApiServer.statusOf(e) + " to " + bodyText, e);
            }
        }
    }

    /**
     * Every decoder in one target, the first byte choosing which: what the normal build fuzzes for a short while (one
     * JVM, one target: Jazzer fuzzes one target per run). The per-decoder targets are for longer runs.
     */
    @FuzzTest(maxDuration = "20s")
    void everyInput(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 6)) {
            case 0 -> {
                try {
                    Wire.decodeMinion(data.consumeRemainingAsBytes());
                } catch (Wire.MalformedMessageException expected) {
                    // refused
                }
            }
            case 1 -> {
                try {
                    Wire.decodeMaster(data.consumeRemainingAsBytes());
                } catch (Wire.MalformedMessageException expected) {
                    // refused
                }
            }
            case 2 -> {
                try {
                    MasterKeys k = Json.read(data.consumeRemainingAsBytes(), MasterKeys.class);
                    if (k != null) k.fingerprint();
                } catch (RuntimeException expected) {
                    // refused by Json or the keys' validation
                }
            }
            case 3 -> {
                String expression = data.consumeRemainingAsString();
                // E@ hands the operator's regular expression to java.util.regex on purpose (Jazzer's regex-injection
                // sanitizer reports exactly that: first finding, kept as a seed); its matching is bounded instead.
                if (expression.contains("E@")) return;
                try {
                    Target.parse(expression).matches("web1", Map.of("role", "app", "os", "Debian"));
                } catch (IllegalArgumentException expected) { // TargetSyntaxException included
                    // a syntax error or a bad glob, named
                }
            }
            case 4 -> configFile(data.consumeRemainingAsString());
            case 5 -> sls(data.consumeBoolean(), data.consumeRemainingAsString());
            default -> api(data.pickValue(ROUTES), data.consumeString(40), data.consumeRemainingAsString());
        }
    }

    private static void configFile(String text) {
        try {
            Path f = Files.createTempFile("fuzz", ".yaml");
            try {
                Files.write(f, text.getBytes(StandardCharsets.UTF_8));
                ConfigFile c = ConfigFile.load(f);
                c.string("root_dir", "/x");
                c.section("api").integer("port", 1, 1, 65535);
                c.plainMap("grains");
                c.list("reactor");
            } catch (ConfigException expected) {
                // refused with file:line
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
