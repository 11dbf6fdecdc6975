package dev.jsalt.minion.config;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.config.ConfigFile;
import dev.jsalt.common.config.HostPort;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code minion.yaml}. See docs/configuration.md for each key. */
public record MinionConfig(
        Path configDir,
        String id,
        HostPort master,
        int masterKeyPort,
        Path rootDir,
        String masterFingerprint,
        Map<String, Object> grains,
        Map<String, Object> mineFunctions,
        int maxResult,
        boolean exitOnMasterKeyChange) {

    public static final String FILE = "minion.yaml";
    /** Minion ids become file names and routing ids: keep them to a safe alphabet. */
    public static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final List<String> KEYS = List.of("id", "master", "master_key_port", "root_dir",
            "master_fingerprint", "grains", "mine_functions", "max_result_kb", "on_master_key_change");

    public Path pkiDir() { return rootDir.resolve("pki"); }

    public static MinionConfig load(Path configDir) {
        return load(configDir, List.of(Hostname.KERNEL, Hostname.ETC));
    }

    /** {@code hostnameSources}: where the id comes from when minion.yaml sets none (the kernel's, then /etc/hostname). */
    static MinionConfig load(Path configDir, List<Path> hostnameSources) {
        Path file = configDir.resolve(FILE);
        ConfigFile c = ConfigFile.load(file).allowOnly(KEYS);
        String id = c.string("id", null);
        if (id == null) {
            id = Hostname.read(hostnameSources).orElseThrow(() -> new ConfigException(file.getFileName() + ": "
                    + Hostname.noneMessage(hostnameSources)));
        }
        if (!VALID_ID.matcher(id).matches()) {
            throw new ConfigException(c.where("id") + "'id' must be letters, digits, '.', '_' or '-' (got '" + id + "')");
        }
        HostPort master = HostPort.parse(c.requiredString("master"), 4506, c.where("master"));
        Path root = configDir.toAbsolutePath().resolve(c.string("root_dir", "/var/lib/jsalt/minion")).normalize();
        return new MinionConfig(configDir.toAbsolutePath(), id, master,
                c.integer("master_key_port", master.port() - 1, 1, 65535), root,
                c.string("master_fingerprint", null), c.plainMap("grains"), c.plainMap("mine_functions"),
                c.integer("max_result_kb", dev.jsalt.common.wire.Wire.DEFAULT_MAX_RESULT >> 10, 1, 1 << 20) * 1024,
                onKeyChange(c));
    }

    /** {@code retry} (default): a changed master key is refused loudly and retried with back-off; {@code exit}: stop (status 3). */
    private static boolean onKeyChange(ConfigFile c) {
        String v = c.string("on_master_key_change", "retry");
        if (!v.equals("retry") && !v.equals("exit")) {
            throw new ConfigException(c.where("on_master_key_change") + "'on_master_key_change' must be retry or exit (got '" + v + "')");
        }
        return v.equals("exit");
    }
}
