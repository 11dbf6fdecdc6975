package dev.jsalt.minion.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Services and whether each runs and starts at boot. With systemd as PID 1: two {@code systemctl} listings. Without
 * it (containers, the lab's hosts): the {@code /etc/init.d} scripts, {@code service --status-all} for running
 * ({@code [ + ]}/{@code [ - ]}; {@code [ ? ]} means the script has no status, reported as unknown) and the
 * {@code /etc/rc[2-5].d/S*} links for boot.
 */
final class Services implements Section {
    private static final Pattern STATUS_ALL = Pattern.compile("^\\s*\\[\\s*([+?-])\\s*]\\s+(\\S+)\\s*$");
    /** Not services: Debian's init.d plumbing. */
    private static final Set<String> NOT_SERVICES = Set.of("README", "skeleton", "rc", "rcS", "rc.local", ".depend.boot",
            ".depend.start", ".depend.stop");

    @Override
    public String name() { return "services"; }

    @Override
    public Object collect(Host host) throws Exception {
        boolean systemd = Files.isDirectory(host.path("/run/systemd/system"));
        List<Map<String, Object>> list = systemd ? systemd(host) : initScripts(host);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("manager", systemd ? "systemd" : "init scripts");
        out.put("services", list);
        return out;
    }

    private static List<Map<String, Object>> systemd(Host host) throws IOException {
        Map<String, Boolean> enabled = parseUnitFiles(host.output("systemctl", "list-unit-files", "--type=service",
                "--no-legend", "--no-pager"));
        Map<String, Boolean> running = parseUnits(host.output("systemctl", "list-units", "--type=service", "--all",
                "--no-legend", "--no-pager", "--plain"));
        TreeMap<String, Map<String, Object>> all = new TreeMap<>();
        enabled.forEach((n, e) -> entry(all, n).put("enabled", e));
        running.forEach((n, r) -> entry(all, n).put("running", r));
        all.values().forEach(m -> {
            m.putIfAbsent("enabled", null);
            m.putIfAbsent("running", false);
        });
        return new ArrayList<>(all.values());
    }

    private static List<Map<String, Object>> initScripts(Host host) throws IOException {
        TreeMap<String, Map<String, Object>> all = new TreeMap<>();
        for (Path p : host.files("/etc/init.d")) {
            String n = p.getFileName().toString();
            if (NOT_SERVICES.contains(n) || !Files.isExecutable(p)) continue;
            Map<String, Object> e = entry(all, n);
            e.put("running", null);
            e.put("enabled", bootLinked(host, n));
        }
        if (host.hasProgram("service") && !all.isEmpty()) {
            // exit status is that of the last script; the lines are what matter
            parseStatusAll(host.run("service", "--status-all").stdout()).forEach((n, r) -> {
                if (all.containsKey(n)) all.get(n).put("running", r);
            });
        }
        return new ArrayList<>(all.values());
    }

    private static Map<String, Object> entry(Map<String, Map<String, Object>> all, String name) {
        return all.computeIfAbsent(name, n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n);
            return m;
        });
    }

    private static boolean bootLinked(Host host, String name) throws IOException {
        for (String level : List.of("2", "3", "4", "5")) {
            for (Path p : links(host, "/etc/rc" + level + ".d")) {
                String f = p.getFileName().toString();
                if (f.startsWith("S") && f.replaceFirst("^S\\d*", "").equals(name)) return true;
            }
        }
        return false;
    }

    private static List<Path> links(Host host, String dir) throws IOException {
        Path d = host.path(dir);
        if (!Files.isDirectory(d)) return List.of();
        try (var s = Files.list(d)) {
            return s.toList();
        }
    }

    /** {@code service --status-all} lines: name → running (true/false), or null for {@code [ ? ]}. */
    static Map<String, Boolean> parseStatusAll(String out) {
        Map<String, Boolean> m = new TreeMap<>();
        for (String line : out.split("\n")) {
            Matcher x = STATUS_ALL.matcher(line);
            if (x.matches()) m.put(x.group(2), x.group(1).equals("+") ? Boolean.TRUE : x.group(1).equals("-") ? Boolean.FALSE : null);
        }
        return m;
    }

    /** {@code UNIT STATE [PRESET]}: enabled-like states count as enabled; static/masked units are left out. */
    static Map<String, Boolean> parseUnitFiles(String out) {
        Map<String, Boolean> m = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || !f[0].endsWith(".service") || f[0].contains("@.")) continue;
            String state = f[1];
            if (state.equals("static") || state.equals("masked") || state.equals("alias")) continue;
            m.put(unit(f[0]), state.startsWith("enabled"));
        }
        return m;
    }

    /** {@code UNIT LOAD ACTIVE SUB DESCRIPTION...}: running when SUB is running. */
    static Map<String, Boolean> parseUnits(String out) {
        Map<String, Boolean> m = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(".service") || f[1].equals("not-found")) continue;
            m.put(unit(f[0]), f[3].equals("running"));
        }
        return m;
    }

    private static String unit(String s) { return s.substring(0, s.length() - ".service".length()); }
}
