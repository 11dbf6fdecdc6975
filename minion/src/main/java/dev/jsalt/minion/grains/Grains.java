package dev.jsalt.minion.grains;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Facts about this machine, in Salt's grain names, merged with the static grains from minion.yaml (which win). */
public final class Grains {
    private Grains() {
    }

    public static Map<String, Object> collect(String id, Map<String, Object> configured) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", id);
        Map<String, String> osRelease = osRelease(Path.of("/etc/os-release"));
        String osId = osRelease.getOrDefault("ID", System.getProperty("os.name"));
        g.put("os", capitalise(osId));
        String family = osRelease.getOrDefault("ID_LIKE", osId).split(" ")[0];
        g.put("os_family", capitalise(family));
        g.put("osrelease", osRelease.getOrDefault("VERSION_ID", ""));
        g.put("oscodename", osRelease.getOrDefault("VERSION_CODENAME", ""));
        g.put("kernel", System.getProperty("os.name"));
        g.put("kernelrelease", System.getProperty("os.version"));
        g.put("cpuarch", System.getProperty("os.arch"));
        String host = hostname();
        g.put("hostname", host);
        g.put("fqdn", fqdn(host));
        Map<String, List<String>> byIface = ip4Interfaces();
        g.put("ip4_interfaces", byIface);
        List<String> all = new ArrayList<>();
        byIface.values().forEach(all::addAll);
        Collections.sort(all);
        g.put("ipv4", all);
        g.put("num_cpus", Runtime.getRuntime().availableProcessors());
        g.put("mem_total", memTotalMb());
        g.put("init", initSystem());
        g.putAll(configured);
        return g;
    }

    static Map<String, String> osRelease(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq <= 0 || line.startsWith("#")) continue;
                String v = line.substring(eq + 1).strip();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                m.put(line.substring(0, eq).strip(), v);
            }
        } catch (IOException e) {
            // not Linux or no os-release: the grains fall back to JVM properties
        }
        return m;
    }

    private static String capitalise(String s) {
        if (s == null || s.isEmpty()) return "";
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    /** The kernel's hostname, else /etc/hostname; never the resolver (it may know nothing of this machine). */
    private static String hostname() {
        return dev.jsalt.minion.config.Hostname.read().orElse("localhost");
    }

    private static String fqdn(String host) {
        try {
            String c = InetAddress.getByName(host).getCanonicalHostName();
            return c.contains(".") ? c : host;
        } catch (IOException e) {
            return host;
        }
    }

    private static Map<String, List<String>> ip4Interfaces() {
        Map<String, List<String>> out = new TreeMap<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                List<String> addrs = new ArrayList<>();
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) addrs.add(a.getHostAddress());
                }
                out.put(ni.getName(), addrs);
            }
        } catch (SocketException e) {
            // no interfaces readable
        }
        return out;
    }

    private static long memTotalMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }

    private static String initSystem() {
        return Files.isDirectory(Path.of("/run/systemd/system")) ? "systemd" : "other";
    }
}
