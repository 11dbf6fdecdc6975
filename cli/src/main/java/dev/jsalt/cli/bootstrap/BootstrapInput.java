package dev.jsalt.cli.bootstrap;

import dev.jsalt.minion.config.MinionConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Everything that goes into a bootstrap script, validated on construction. Values reach a root shell on another
 * machine, so each one is held to a strict alphabet here, and is still quoted where it is used.
 */
public record BootstrapInput(String masterAddress, String fingerprint, Optional<String> minionId,
                             Map<String, String> grains, List<Path> debs, OptionalInt masterKeyPort) {

    static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})");
    static final Pattern MASTER = Pattern.compile("(" + HOST.pattern() + "):([0-9]{1,5})");
    static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{2}(?::[0-9a-f]{2}){31}");
    static final Pattern GRAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    static final Pattern DEB_NAME = Pattern.compile("jsalt(?:-minion)?_[0-9A-Za-z.+~-]+_all\\.deb");

    public BootstrapInput {
        if (!MASTER.matcher(masterAddress).matches()) {
            throw new IllegalArgumentException("master address must be host:port (host: letters, digits, '.', '-'), got '"
                    + masterAddress + "'");
        }
        int port = Integer.parseInt(masterAddress.substring(masterAddress.lastIndexOf(':') + 1));
        if (port < 1 || port > 65535) throw new IllegalArgumentException("master port out of range: " + port);
        fingerprint = fingerprint.strip().toLowerCase(java.util.Locale.ROOT);
        if (!FINGERPRINT.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("master fingerprint must be 32 hex bytes separated by ':', got '" + fingerprint + "'");
        }
        minionId.ifPresent(id -> {
            if (!MinionConfig.VALID_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("minion id must be letters, digits, '.', '_' or '-' (got '" + id + "')");
            }
        });
        grains = new LinkedHashMap<>(grains);
        grains.forEach((k, v) -> {
            if (!GRAIN_KEY.matcher(k).matches()) throw new IllegalArgumentException("grain name must be [A-Za-z_][A-Za-z0-9_]*, got '" + k + "'");
            if (v.chars().anyMatch(Character::isISOControl)) throw new IllegalArgumentException("grain '" + k + "' has a control character");
        });
        grains = java.util.Collections.unmodifiableMap(grains);
        for (Path deb : debs) {
            if (!DEB_NAME.matcher(deb.getFileName().toString()).matches()) {
                throw new IllegalArgumentException("not a jsalt package file name: " + deb.getFileName());
            }
        }
        debs = List.copyOf(debs);
        masterKeyPort.ifPresent(p -> {
            if (p < 1 || p > 65535) throw new IllegalArgumentException("master key port out of range: " + p);
        });
    }

    /** A master whose key port is the minion's default, its port - 1. */
    public BootstrapInput(String masterAddress, String fingerprint, Optional<String> minionId, Map<String, String> grains,
                          List<Path> debs) {
        this(masterAddress, fingerprint, minionId, grains, debs, OptionalInt.empty());
    }

    /** The port the minion fetches the master's keys from: master_key_port if written, else the port below the master's. */
    public int keyPort() {
        return masterKeyPort.orElse(Integer.parseInt(masterAddress.substring(masterAddress.lastIndexOf(':') + 1)) - 1);
    }

    /** {@code k=v} from the command line; the first '=' splits. */
    public static Map.Entry<String, String> grain(String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("--grain wants key=value, got '" + kv + "'");
        return Map.entry(kv.substring(0, eq), kv.substring(eq + 1));
    }
}
