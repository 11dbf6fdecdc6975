package dev.jsalt.cloud.droplets;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.config.ConfigFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map of machines: each profile of cloud.yaml with the names of its machines, as {@code jsalt cloud map FILE} and
 * the runbook step {@code cloud.map_run} read it. One provider per map: the plan asks one provider what exists.
 */
public final class CloudMap {
    private CloudMap() {
    }

    /** A map file ({@code PROFILE: [NAME, ...]}), each mistake at its file:line. */
    public static Map<String, List<String>> read(Path file, CloudConfig c) {
        ConfigFile f = ConfigFile.load(file);
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (String profile : f.keys()) {
            if (!c.profiles().containsKey(profile)) {
                throw new ConfigException(f.whereKey(profile) + "no profile '" + profile + "' (profiles: " + String.join(", ", c.profiles().keySet()) + ")");
            }
            List<String> names = new ArrayList<>();
            for (Object o : f.list(profile)) {
                String n = String.valueOf(o);
                if (!CloudConfig.validName(n)) {
                    throw new ConfigException(f.where(profile) + "'" + profile + "': '" + n + "' is not a valid machine name (letters, digits, '-' or '_', at most 63)");
                }
                String other = seen.putIfAbsent(n, profile);
                if (other != null) throw new ConfigException(f.where(profile) + "'" + n + "' is named twice (also under '" + other + "')");
                names.add(n);
            }
            out.put(profile, names);
        }
        if (out.isEmpty()) throw new ConfigException(file + ": the map names no profile");
        return out;
    }

    /**
     * Checks a map given as data (a runbook's {@code map_data}): every profile exists, every name is valid and named
     * once. {@code where} starts each error.
     */
    public static Map<String, List<String>> check(Map<String, List<String>> map, CloudConfig c, String where) {
        if (map.isEmpty()) throw new IllegalArgumentException(where + "the map names no profile");
        Map<String, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            if (!c.profiles().containsKey(e.getKey())) {
                throw new IllegalArgumentException(where + "no profile '" + e.getKey() + "' (profiles: " + String.join(", ", c.profiles().keySet()) + ")");
            }
            for (String n : e.getValue()) {
                if (!CloudConfig.validName(n)) {
                    throw new IllegalArgumentException(where + "'" + e.getKey() + "': '" + n + "' is not a valid machine name (letters, digits, '-' or '_', at most 63)");
                }
                String other = seen.putIfAbsent(n, e.getKey());
                if (other != null) throw new IllegalArgumentException(where + "'" + n + "' is named twice (also under '" + other + "')");
            }
        }
        return map;
    }

    /** The one provider the map's profiles use; several is an error ({@code where} starts it). */
    public static String provider(Map<String, List<String>> map, CloudConfig c, String where) {
        String provider = null;
        for (String profile : map.keySet()) {
            String p = c.profile(profile).provider();
            if (provider != null && !provider.equals(p)) {
                throw new IllegalArgumentException(where + "the map's profiles use several providers (" + provider + ", " + p
                        + "); one map per provider");
            }
            provider = p;
        }
        return provider;
    }
}
