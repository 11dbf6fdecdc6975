package dev.jsalt.e2e.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code ip netns} and {@code ip -n} wrappers. Only ever called with names the lab generated. */
public final class Netns {
    public static final String PREFIX = "jlab-";
    private static final Duration T = Duration.ofSeconds(20);

    private Netns() {
    }

    public static String hostNs(String lab, String host) { return PREFIX + lab + "-" + host; }

    public static String switchNs(String lab) { return PREFIX + lab + "-sw"; }

    /** Lab name of a namespace this lab library named, or null if it is not one of ours. */
    public static String labOf(String netns) {
        if (!netns.startsWith(PREFIX)) return null;
        String rest = netns.substring(PREFIX.length());
        int dash = rest.indexOf('-');
        return dash <= 0 ? null : rest.substring(0, dash);
    }

    public static List<String> list() {
        ExecResult r = Cmd.check(List.of("ip", "netns", "list"), T, "listing network namespaces");
        List<String> names = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) names.add(line.trim().split("\\s+")[0]);
        }
        return names;
    }

    public static List<String> listOurs() {
        return list().stream().filter(n -> n.startsWith(PREFIX)).toList();
    }

    public static void add(String ns) {
        Cmd.check(List.of("ip", "netns", "add", ns), T, "creating netns " + ns);
        ip(ns, "link", "set", "lo", "up");
    }

    public static ExecResult delete(String ns) {
        return Cmd.run(List.of("ip", "netns", "del", ns), T);
    }

    /** Host pids of every process whose network namespace is {@code ns}. */
    public static List<Long> pids(String ns) {
        ExecResult r = Cmd.run(List.of("ip", "netns", "pids", ns), T);
        if (!r.ok()) return List.of();
        List<Long> pids = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) pids.add(Long.parseLong(line.trim()));
        }
        return pids;
    }

    /** {@code ip -n NS ARGS...}, failing loudly. */
    public static void ip(String ns, String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", ns));
        argv.addAll(List.of(args));
        Cmd.check(argv, T, "in netns " + ns);
    }
}
