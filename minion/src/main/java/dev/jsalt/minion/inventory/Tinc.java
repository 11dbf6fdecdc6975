package dev.jsalt.minion.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tinc networks: every {@code /etc/tinc/NET/tinc.conf} with its node name, interface, mode and ConnectTo peers, the
 * host files it knows, and whether tincd runs for it (its pidfile names a live process).
 */
final class Tinc implements Section {

    @Override
    public String name() { return "tinc"; }

    @Override
    public Object collect(Host host) throws Exception {
        Path etc = host.path("/etc/tinc");
        List<Map<String, Object>> nets = new ArrayList<>();
        if (!Files.isDirectory(etc)) return nets;
        try (var s = Files.list(etc)) {
            for (Path dir : s.sorted().toList()) {
                Path conf = dir.resolve("tinc.conf");
                if (!Files.isRegularFile(conf)) continue;
                nets.add(network(host, dir.getFileName().toString(), Files.readString(conf)));
            }
        }
        return nets;
    }

    private static Map<String, Object> network(Host host, String net, String conf) throws IOException {
        Map<String, List<String>> vars = parse(conf);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", net);
        m.put("name", first(vars, "name"));
        m.put("interface", first(vars, "interface"));
        m.put("mode", first(vars, "mode") == null ? "router" : first(vars, "mode"));
        m.put("connect_to", vars.getOrDefault("connectto", List.of()));
        List<String> hosts = new ArrayList<>();
        for (Path p : host.files("/etc/tinc/" + net + "/hosts")) hosts.add(p.getFileName().toString());
        m.put("hosts", hosts);
        m.put("running", running(host, net));
        return m;
    }

    /** {@code Key = value} lines (case-insensitive keys, repeatable), comments dropped. */
    static Map<String, List<String>> parse(String conf) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : conf.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int eq = l.indexOf('=');
            String[] kv = eq > 0 ? new String[] {l.substring(0, eq), l.substring(eq + 1)} : l.split("\\s+", 2);
            if (kv.length < 2) continue;
            out.computeIfAbsent(kv[0].strip().toLowerCase(), k -> new ArrayList<>()).add(kv[1].strip());
        }
        return out;
    }

    private static String first(Map<String, List<String>> vars, String key) {
        List<String> v = vars.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** tincd writes /run/tinc.NET.pid (its first word is the pid); the process must still exist. */
    private static boolean running(Host host, String net) throws IOException {
        var pid = host.read("/run/tinc." + net + ".pid");
        if (pid.isEmpty()) pid = host.read("/var/run/tinc." + net + ".pid");
        if (pid.isEmpty() || pid.get().isBlank()) return false;
        String p = pid.get().strip().split("\\s+")[0];
        return p.matches("\\d+") && Files.exists(host.path("/proc/" + p));
    }
}
