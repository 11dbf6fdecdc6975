package dev.jsalt.master.config;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.config.ConfigFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code master.yaml}. Every path the master writes lives under {@code root_dir} (relative paths are resolved
 * against the config directory). See docs/configuration.md for each key.
 */
public record MasterConfig(
        Path configDir,
        Path rootDir,
        String bind,
        int port,
        int keyPort,
        String apiBind,
        int apiPort,
        Path apiTlsCert,
        Path apiTlsKey,
        TokenFile metricsTokenFile,
        boolean autoAccept,
        int jobTimeoutSeconds,
        int keepJobsDays,
        Map<String, Object> stateTree,
        Map<String, Object> pillarTree,
        List<Object> reactor,
        Limits limits,
        Map<String, Integer> drift,
        int metricsMaxMinions,
        List<String> cmdRunShell) {

    /**
     * Every bound the master puts on what peers and users send it (docs/security.md lists each one). Sizes are bytes,
     * times are milliseconds unless named otherwise.
     */
    public record Limits(
            long maxMessage,
            int maxHello,
            int maxResult,
            long receiveBudget,
            int maxPending,
            int maxApiBody,
            int heartbeatIvl,
            int heartbeatTimeout,
            int apiWorkers,
            int compileWorkers,
            long minFreeDisk) {
        public static Limits defaults() {
            return new Limits(16L << 20, 64 << 10, 4 << 20, defaultReceiveBudget(), 10_000, 4 << 20, 5_000, 15_000, 4,
                    defaultCompileWorkers(), 64L << 20);
        }

        /**
         * A quarter of the heap, at most 256 MB (48 MB with the packaged -Xmx192m): frames being received live on the
         * heap, so a budget the heap cannot hold would let strangers run the master out of memory with frame headers.
         */
        static long defaultReceiveBudget() {
            return Math.max(16L << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4));
        }

        /** Half the processors (at least one): compiles, however many clients ask, leave the rest to everything else. */
        static int defaultCompileWorkers() {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }
    }

    /**
     * {@code api.metrics_token_file}: a read-only token that grants {@code GET /metrics} and nothing else.
     *
     * @param where "master.yaml:LINE:COL: " of the setting, for errors found when the master reads the file at start
     */
    public record TokenFile(Path path, String where) {
    }

    public static final String FILE = "master.yaml";
    private static final List<String> KEYS = List.of("root_dir", "bind", "port", "key_port", "api", "auto_accept",
            "job_timeout", "keep_jobs_days", "state_tree", "pillar_tree", "reactor", "limits", "drift", "cmd_run_shell");

    public Path pkiDir() { return rootDir.resolve("pki"); }

    public Path jobsDir() { return rootDir.resolve("jobs"); }

    public Path tokenFile() { return rootDir.resolve("api.token"); }

    /** Off loopback the API speaks TLS only: the bearer token must never cross a network in clear. */
    public boolean apiTls() { return !isLoopback(apiBind); }

    /** The address a client on this host reaches the API at (a wildcard bind answers on loopback too). */
    public String apiLocalHost() {
        return apiBind.equals("0.0.0.0") || apiBind.equals("::") ? "127.0.0.1" : apiBind;
    }

    public static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }

    public static MasterConfig load(Path configDir) {
        Path file = configDir.resolve(FILE);
        ConfigFile c = ConfigFile.load(file).allowOnly(KEYS);
        Path root = configDir.toAbsolutePath().resolve(c.string("root_dir", "/var/lib/jsalt/master")).normalize();
        int port = c.integer("port", 4506, 1, 65535);
        ConfigFile api = c.section("api").allowOnly(List.of("bind", "port", "tls_cert", "tls_key", "metrics_token_file", "metrics_max_minions"));
        String apiBind = api.string("bind", "127.0.0.1");
        Path tlsCert = null;
        Path tlsKey = null;
        if (api.has("tls_cert") != api.has("tls_key")) {
            String missing = api.has("tls_cert") ? "tls_key" : "tls_cert";
            throw new ConfigException(api.where(api.has("tls_cert") ? "tls_cert" : "tls_key") + "'api." + missing
                    + "' is missing: give the certificate and its key together (or neither, for a self-signed one)");
        }
        if (api.has("tls_cert")) {
            if (isLoopback(apiBind)) {
                throw new ConfigException(api.where("tls_cert") + "'api.tls_cert' is only used off loopback; api.bind is " + apiBind);
            }
            tlsCert = configDir.toAbsolutePath().resolve(api.string("tls_cert", null)).normalize();
            tlsKey = configDir.toAbsolutePath().resolve(api.string("tls_key", null)).normalize();
        }
        TokenFile metricsToken = null;
        if (api.has("metrics_token_file")) {
            String v = api.string("metrics_token_file", "");
            if (v.isBlank()) throw new ConfigException(api.where("metrics_token_file") + "'api.metrics_token_file' is empty: give a path or leave it out");
            // Read when the master starts (MasterDaemon), not here: client commands read this file too, as other users.
            metricsToken = new TokenFile(configDir.toAbsolutePath().resolve(v).normalize(), api.where("metrics_token_file"));
        }
        Map<String, Object> tree = c.plainMap("state_tree");
        Map<String, Object> pillar = c.plainMap("pillar_tree");
        checkTree(c, "state_tree", tree);
        checkTree(c, "pillar_tree", pillar);
        List<Object> reactor = c.list("reactor");
        return new MasterConfig(configDir.toAbsolutePath(), root,
                c.string("bind", "0.0.0.0"), port,
                keyPort(c, port),
                apiBind, api.integer("port", 4507, 1, 65535), tlsCert, tlsKey, metricsToken,
                c.bool("auto_accept", false),
                c.integer("job_timeout", 30, 1, 86400),
                c.integer("keep_jobs_days", 7, 1, 3650),
                tree, pillar, reactor, limits(c), drift(c), api.integer("metrics_max_minions", 1000, 0, 100_000),
                cmdRunShell(c));
    }

    /**
     * {@code cmd_run_shell}: the SLS (names or globs, e.g. {@code users}, {@code users.*}) whose cmd.run / cmd.wait
     * command strings run through /bin/sh as Salt runs them; {@code true} is every SLS, {@code false} (the default)
     * none, and jsalt then runs a string without a shell unless the state says {@code shell: true}.
     */
    private static List<String> cmdRunShell(ConfigFile c) {
        if (!c.has("cmd_run_shell")) return List.of();
        List<Object> globs;
        try {
            globs = c.list("cmd_run_shell");
        } catch (ConfigException notAList) {
            try {
                return c.bool("cmd_run_shell", false) ? List.of("*") : List.of();
            } catch (ConfigException notABool) {
                throw new ConfigException(c.where("cmd_run_shell") + "'cmd_run_shell' is true, false or a list of SLS names or globs");
            }
        }
        List<String> out = new java.util.ArrayList<>();
        for (Object g : globs) {
            if (!(g instanceof String str) || str.isBlank() || !str.matches("[A-Za-z0-9_.*?/-]+")) {
                throw new ConfigException(c.where("cmd_run_shell") + "'cmd_run_shell': '" + g + "' is not an SLS name or glob (e.g. users or users.*)");
            }
            out.add(str);
        }
        return List.copyOf(out);
    }

    /** {@code drift: {TARGET: SECONDS}}: a test run of the target's highstate every SECONDS (60 .. 604800). */
    private static Map<String, Integer> drift(ConfigFile c) {
        ConfigFile d = c.section("drift");
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (String target : d.keys()) {
            try {
                dev.jsalt.common.target.Target.parse(target);
            } catch (dev.jsalt.common.target.TargetSyntaxException e) {
                throw new ConfigException(d.whereKey(target) + "'drift': the target '" + target + "' is not valid: " + e.getMessage());
            }
            out.put(target, d.integer(target, 3600, 60, 604_800));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The configured receive budget; more than half the heap is refused (the heap must hold what it allows). */
    private static long receiveBudget(ConfigFile l, Limits d) {
        long mb = l.integer("receive_budget_mb", (int) (d.receiveBudget() >> 20), 16, 1 << 16);
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        if (l.has("receive_budget_mb") && mb > heapMb / 2) {
            throw new ConfigException(l.where("receive_budget_mb") + "'limits.receive_budget_mb' " + mb + " is more than half of the "
                    + "master's heap (" + heapMb + " MB, -Xmx): frames being received live on the heap; lower it or raise -Xmx");
        }
        return mb << 20;
    }

    private static Limits limits(ConfigFile c) {
        Limits d = Limits.defaults();
        ConfigFile l = c.section("limits").allowOnly(List.of("max_message_kb", "max_hello_kb", "max_result_kb",
                "receive_budget_mb", "max_pending_keys", "max_api_body_kb", "heartbeat_interval", "heartbeat_timeout",
                "api_workers", "compile_workers", "min_free_disk_mb"));
        long maxMessage = l.integer("max_message_kb", (int) (d.maxMessage() >> 10), 64, 1 << 20) * 1024L;
        int maxResult = l.integer("max_result_kb", d.maxResult() >> 10, 1, 1 << 20) * 1024;
        if (maxResult + (64L << 10) > maxMessage) {
            throw new ConfigException(l.where("max_result_kb") + "'limits.max_result_kb' must leave 64 KB of room under "
                    + "limits.max_message_kb (" + (maxMessage >> 10) + ")");
        }
        int hbIvl = l.integer("heartbeat_interval", d.heartbeatIvl() / 1000, 1, 3600) * 1000;
        int hbTimeout = l.integer("heartbeat_timeout", d.heartbeatTimeout() / 1000, 1, 3600) * 1000;
        if (hbTimeout <= hbIvl) {
            throw new ConfigException(l.where("heartbeat_timeout") + "'limits.heartbeat_timeout' must be longer than "
                    + "limits.heartbeat_interval");
        }
        return new Limits(maxMessage,
                l.integer("max_hello_kb", d.maxHello() >> 10, 1, 16 << 10) * 1024,
                maxResult,
                receiveBudget(l, d),
                l.integer("max_pending_keys", d.maxPending(), 1, 10_000_000),
                l.integer("max_api_body_kb", d.maxApiBody() >> 10, 16, 1 << 20) * 1024,
                hbIvl, hbTimeout,
                l.integer("api_workers", d.apiWorkers(), 1, 256),
                l.integer("compile_workers", d.compileWorkers(), 1, 256),
                l.integer("min_free_disk_mb", (int) (d.minFreeDisk() >> 20), 0, 1 << 20) * (1L << 20));
    }

    /** The key port defaults to the one below the channel port, which must then exist. */
    private static int keyPort(ConfigFile c, int port) {
        if (!c.has("key_port") && port == 1) {
            throw new ConfigException(c.where("port") + "'port' 1 leaves no room for the default key_port (port - 1); set key_port");
        }
        return c.integer("key_port", port - 1, 1, 65535);
    }

    private static void checkTree(ConfigFile c, String key, Map<String, Object> tree) {
        if (tree.isEmpty()) return;
        boolean git = tree.containsKey("git");
        boolean dir = tree.containsKey("dir");
        if (git == dir) {
            throw new ConfigException(c.where(key) + "'" + key + "' needs exactly one of 'git' (with optional 'ref') or 'dir'");
        }
        for (Object k : tree.keySet()) { // YAML keys may be numbers: Object, not String
            if (!List.of("git", "dir", "ref").contains(k)) {
                throw new ConfigException(c.where(key) + "unknown key '" + key + "." + k + "' (known: git, ref, dir)");
            }
        }
    }
}
