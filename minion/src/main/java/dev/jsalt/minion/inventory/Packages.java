package dev.jsalt.minion.inventory;

import dev.jsalt.minion.states.pkg.Dpkg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Installed packages (one {@code dpkg-query -W}) and which of them were installed by hand ({@code apt-mark
 * showmanual}): the manual ones are what a reproducing state declares; the rest are their dependencies.
 */
final class Packages implements Section {
    @Override
    public String name() { return "packages"; }

    @Override
    public Object collect(Host host) throws Exception {
        if (!host.hasProgram("dpkg-query")) return Map.of("manager", "none", "installed", Map.of(), "manual", List.of());
        Map<String, String> installed = parseDpkg(host.output("dpkg-query", "-W", "-f=" + Dpkg.FORMAT));
        TreeSet<String> manual = new TreeSet<>();
        if (host.hasProgram("apt-mark")) {
            for (String line : host.output("apt-mark", "showmanual").split("\n")) {
                String n = stripArch(line.strip());
                // apt-mark also lists removed-but-marked names; only what is installed counts
                if (!n.isEmpty() && installed.containsKey(n)) manual.add(n);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("manager", "dpkg");
        out.put("count", installed.size());
        out.put("manual", List.copyOf(manual));
        out.put("installed", installed);
        return out;
    }

    /** name → version of the fully installed packages, from the pkg module's dpkg-query (arch qualifiers dropped). */
    static Map<String, String> parseDpkg(String out) {
        Map<String, String> m = new TreeMap<>();
        Dpkg.parse(out).forEach((key, e) -> {
            if (key.equals(e.name()) && e.installed()) m.put(e.name(), e.version());
        });
        return m;
    }

    private static String stripArch(String name) {
        int c = name.indexOf(':');
        return c > 0 ? name.substring(0, c) : name;
    }
}
