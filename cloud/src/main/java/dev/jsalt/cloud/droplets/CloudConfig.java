package dev.jsalt.cloud.droplets;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.config.ConfigFile;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cloud providers and profiles: {@code cloud.yaml} and {@code cloud.d/*.yaml} in the master's config folder, read
 * like master.yaml (every error names file:line:column and the key; unknown keys are errors). A name defined twice,
 * in one file or across files, is an error naming both places. See docs/cloud.md.
 */
public record CloudConfig(Path configDir, MasterAddress master, Map<String, Provider> providers, Map<String, Profile> profiles) {

    /** Where new machines reach the master (its minion port; the key port is the one below unless given). */
    public record MasterAddress(String host, int port, int keyPort) {
    }

    public record Provider(String name, String driver, Path tokenFile, String tokenEnv, URI url, String where) {
        /** The API token, read now (never kept in the config object, never printed). */
        public ApiToken token(Map<String, String> env) {
            return tokenFile != null ? ApiToken.fromFile(tokenFile) : ApiToken.fromEnv(tokenEnv, env);
        }

        public DigitalOcean client(Map<String, String> env) { return new DigitalOcean(url, token(env)); }
    }

    /** A kind of machine: where and how to create it, and what the minion on it is told. */
    public record Profile(String name, String provider, String region, String size, String image, String vpcUuid,
                          List<String> tags, List<String> sshKeys, boolean monitoring, boolean ipv6, boolean backups,
                          String userData, Map<String, Object> grains, Map<String, Object> minion, boolean highstate,
                          int joinTimeout, String install, String where) {
    }

    public static final String FILE = "cloud.yaml";
    public static final String DIR = "cloud.d";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    /** True for a name a machine (and its minion id) may have: letters, digits, '-' or '_', at most 63. */
    public static boolean validName(String name) { return name != null && NAME.matcher(name).matches(); }
    /** DigitalOcean's tag alphabet. */
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9:_-]{1,255}");
    private static final List<String> TOP = List.of("master", "providers", "profiles");
    private static final List<String> PROVIDER = List.of("driver", "token_file", "token_env", "url");
    private static final List<String> PROFILE = List.of("provider", "region", "size", "image", "vpc_uuid", "tags", "ssh_keys",
            "monitoring", "ipv6", "backups", "user_data", "grains", "minion", "highstate", "join_timeout", "install");
    /** minion.yaml keys a profile may set; id, master and its fingerprint are the master's to write. */
    private static final List<String> MINION_KEYS = List.of("root_dir", "mine_functions", "max_result_kb", "on_master_key_change");
    public static final String DEFAULT_INSTALL = "apt-get update -q && apt-get install -y -q jsalt-minion";

    /** The files read, in order: cloud.yaml, then cloud.d/*.yaml by name. */
    static List<Path> files(Path configDir) {
        List<Path> out = new ArrayList<>();
        if (Files.isRegularFile(configDir.resolve(FILE))) out.add(configDir.resolve(FILE));
        Path d = configDir.resolve(DIR);
        if (Files.isDirectory(d)) {
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p)).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new ConfigException(d + ": cannot list: " + e.getMessage());
            }
        }
        return out;
    }

    public static CloudConfig load(Path configDir) {
        Path dir = configDir.toAbsolutePath();
        List<Path> files = files(dir);
        if (files.isEmpty()) {
            throw new ConfigException(dir.resolve(FILE) + ": no such file (nor " + DIR + "/*.yaml): no cloud providers configured; see docs/cloud.md");
        }
        Map<String, Provider> providers = new LinkedHashMap<>();
        Map<String, Profile> profiles = new LinkedHashMap<>();
        List<ConfigFile> loaded = new ArrayList<>();
        MasterAddress master = null;
        String masterWhere = null;
        for (Path f : files) {
            ConfigFile c = ConfigFile.load(f).allowOnly(TOP);
            loaded.add(c);
            if (c.has("master")) {
                if (master != null) {
                    throw new ConfigException(c.whereKey("master") + "'master' is already set at " + masterWhere.replaceAll(": $", ""));
                }
                masterWhere = c.whereKey("master");
                ConfigFile m = c.section("master").allowOnly(List.of("address", "port", "key_port"));
                String host = m.requiredString("address");
                int port = m.integer("port", 4506, 2, 65535);
                master = new MasterAddress(host, port, m.integer("key_port", port - 1, 1, 65535));
            }
            ConfigFile ps = c.section("providers");
            for (String name : ps.keys()) {
                checkName(ps, name, "provider");
                Provider prior = providers.get(name);
                if (prior != null) throw new ConfigException(ps.whereKey(name) + "provider '" + name + "' is already defined at " + prior.where());
                providers.put(name, provider(dir, ps, name));
            }
        }
        for (ConfigFile c : loaded) {
            ConfigFile ps = c.section("profiles");
            for (String name : ps.keys()) {
                checkName(ps, name, "profile");
                Profile prior = profiles.get(name);
                if (prior != null) throw new ConfigException(ps.whereKey(name) + "profile '" + name + "' is already defined at " + prior.where());
                profiles.put(name, profile(ps, name, providers));
            }
        }
        return new CloudConfig(dir, master, Map.copyOf(providers), java.util.Collections.unmodifiableMap(profiles));
    }

    /** The profile named {@code name}, or an error listing those there are. */
    public Profile profile(String name) {
        Profile p = profiles.get(name);
        if (p == null) {
            throw new ConfigException("no profile '" + name + "' in " + FILE + " or " + DIR + "/ (profiles: "
                    + (profiles.isEmpty() ? "none" : String.join(", ", profiles.keySet())) + ")");
        }
        return p;
    }

    /**
     * The provider named {@code name}, or the only one when {@code name} is null (a choice is needed only when several
     * are configured); an error listing those there are. The CLI's --provider and the master's API both come here.
     */
    public Provider provider(String name) {
        if (name == null) {
            if (providers.size() != 1) {
                throw new IllegalArgumentException("name a provider (configured: " + String.join(", ", providers.keySet()) + ")");
            }
            return providers.values().iterator().next();
        }
        Provider p = providers.get(name);
        if (p == null) throw new IllegalArgumentException("no provider '" + name + "' (configured: " + String.join(", ", providers.keySet()) + ")");
        return p;
    }

    /** Where new machines reach the master; an error naming the file when it is not configured. */
    public MasterAddress requireMaster() {
        if (master == null) {
            throw new ConfigException(configDir.resolve(FILE) + ": 'master.address' is not set: new machines need the address they "
                    + "reach this master at");
        }
        return master;
    }

    private static void checkName(ConfigFile section, String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(section.whereKey(name) + what + " name '" + name + "' must be letters, digits, '-' or '_' (at most 63)");
        }
    }

    private static Provider provider(Path dir, ConfigFile ps, String name) {
        ConfigFile p = ps.section(name).allowOnly(PROVIDER);
        String driver = p.requiredString("driver");
        if (!driver.equals("digitalocean")) {
            throw new ConfigException(p.where("driver") + "'" + p.qualified("driver") + "': unknown driver '" + driver + "' (known: digitalocean)");
        }
        boolean file = p.has("token_file");
        boolean env = p.has("token_env");
        if (file == env) {
            throw new ConfigException(ps.whereKey(name) + "provider '" + name + "' needs exactly one of 'token_file' (a 0600 file) or "
                    + "'token_env' (an environment variable)");
        }
        Path tokenFile = file ? dir.resolve(p.requiredString("token_file")).normalize() : null;
        String tokenEnv = env ? p.requiredString("token_env") : null;
        if (env && !tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException(p.where("token_env") + "'" + p.qualified("token_env") + "' must name an environment variable (got '" + tokenEnv + "')");
        }
        URI url = DigitalOcean.PRODUCTION;
        if (p.has("url")) {
            try {
                url = URI.create(p.requiredString("url"));
                if (url.getHost() == null) throw new IllegalArgumentException("no host");
                if (!"https".equals(url.getScheme()) && !DigitalOcean.isLoopback(url.getHost())) {
                    throw new IllegalArgumentException("only https, or http on loopback (a stand-in)");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(p.where("url") + "'" + p.qualified("url") + "': " + e.getMessage());
            }
        }
        return new Provider(name, driver, tokenFile, tokenEnv, url, ps.whereKey(name).replaceAll(": $", ""));
    }

    private static Profile profile(ConfigFile ps, String name, Map<String, Provider> providers) {
        ConfigFile p = ps.section(name).allowOnly(PROFILE);
        String provider = p.requiredString("provider");
        if (!providers.containsKey(provider)) {
            throw new ConfigException(p.where("provider") + "'" + p.qualified("provider") + "': no provider '" + provider + "' (providers: "
                    + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet())) + ")");
        }
        List<String> tags = strings(p, "tags");
        for (String t : tags) {
            if (!TAG.matcher(t).matches()) {
                throw new ConfigException(p.where("tags") + "'" + p.qualified("tags") + "': tag '" + t + "' may hold only letters, digits, ':', '-' and '_'");
            }
            if (t.startsWith("jsalt")) throw new ConfigException(p.where("tags") + "'" + p.qualified("tags") + "': tags starting with 'jsalt' are jsalt's own");
        }
        Map<String, Object> minion = p.plainMap("minion");
        ConfigFile mc = p.section("minion").allowOnly(MINION_KEYS);
        return new Profile(name, provider, p.requiredString("region"), p.requiredString("size"), p.requiredString("image"),
                p.string("vpc_uuid", null), tags, strings(p, "ssh_keys"), p.bool("monitoring", false), p.bool("ipv6", false),
                p.bool("backups", false), p.string("user_data", null), p.plainMap("grains"), minion, p.bool("highstate", true),
                p.integer("join_timeout", 600, 5, 86400), p.string("install", DEFAULT_INSTALL), ps.whereKey(name).replaceAll(": $", ""));
    }

    private static List<String> strings(ConfigFile p, String key) {
        List<String> out = new ArrayList<>();
        for (Object o : p.list(key)) {
            if (!(o instanceof String || o instanceof Number) || String.valueOf(o).isBlank()) {
                throw new ConfigException(p.where(key) + "'" + p.qualified(key) + "' must be a list of names, got " + o);
            }
            out.add(String.valueOf(o));
        }
        return List.copyOf(out);
    }
}
