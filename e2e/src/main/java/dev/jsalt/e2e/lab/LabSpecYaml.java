package dev.jsalt.e2e.lab;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a fleet description ({@code lab.yaml}):
 * <pre>
 * name: demo
 * subnet: 10.77.0.0/24        # optional, this is the default
 * master: salt                # optional: host that runs jsalt master; every other host runs a minion
 * accept_keys: true           # optional
 * boot: light                 # optional: light (default) or systemd, for every host that does not say
 * debs: packaging/target/debs # optional: booted hosts install these jsalt .debs and run the daemons as services
 * hosts:
 *   - {name: salt, index: 2}
 *   - {name: app1, index: 10, grains: {role: app}, boot: systemd}
 * </pre>
 * Unknown keys are errors, so a typo never silently builds a different lab.
 */
public final class LabSpecYaml {
    private static final Set<String> TOP = Set.of("name", "subnet", "master", "accept_keys", "hosts", "master_config", "minion_config",
            "boot", "debs");
    private static final Set<String> HOST = Set.of("name", "index", "grains", "boot");

    private LabSpecYaml() {
    }

    public static LabSpec read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read lab description " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static LabSpec parse(String yaml, String where) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            // snakeyaml's own message spans several lines and names 'string' rather than the file.
            Mark m = e.getProblemMark();
            String pos = m == null ? "" : ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            throw new IllegalArgumentException(where + pos + ": not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(where + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top)) throw new IllegalArgumentException(where + ": a lab description is a mapping");
        unknownKeys(top, TOP, where);
        Object hostsObj = top.get("hosts");
        if (!(hostsObj instanceof List<?> list)) throw new IllegalArgumentException(where + ": 'hosts' must be a list");
        List<HostSpec> hosts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = where + ": hosts[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> h)) throw new IllegalArgumentException(at + " must be a mapping");
            unknownKeys(h, HOST, at);
            Object grains = h.get("grains");
            if (grains != null && !(grains instanceof Map)) throw new IllegalArgumentException(at + ".grains must be a mapping");
            try {
                hosts.add(new HostSpec(str(h.get("name"), at + ".name"), integer(h.get("index"), at + ".index"),
                        (Map<String, Object>) grains, h.get("boot") == null ? null : Boot.parse(h.get("boot").toString(), at + ".boot")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().startsWith(at) ? e.getMessage() : at + ": " + e.getMessage(), e);
            }
        }
        try {
            Object subnet = top.get("subnet");
            Object accept = top.get("accept_keys");
            if (accept != null && !(accept instanceof Boolean)) {
                throw new IllegalArgumentException(where + ": accept_keys must be true or false, got " + accept);
            }
            return new LabSpec(str(top.get("name"), where + ": name"),
                    subnet == null ? Subnet.DEFAULT : Subnet.parse(subnet.toString()),
                    hosts,
                    top.get("master") == null ? null : top.get("master").toString(),
                    accept == null || (Boolean) accept,
                    map(top.get("master_config"), where + ": master_config"),
                    map(top.get("minion_config"), where + ": minion_config"),
                    top.get("boot") == null ? null : Boot.parse(top.get("boot").toString(), where + ": boot"),
                    top.get("debs") == null ? null : debsDir(top.get("debs").toString(), where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(where) ? e.getMessage() : where + ": " + e.getMessage(), e);
        }
    }

    /** A relative {@code debs:} is relative to the directory of the file that names it. */
    private static String debsDir(String v, String where) {
        java.nio.file.Path p = java.nio.file.Path.of(v);
        if (!p.isAbsolute()) {
            java.nio.file.Path file = java.nio.file.Path.of(where).toAbsolutePath();
            p = file.getParent() == null ? p : file.getParent().resolve(p);
        }
        return p.normalize().toString();
    }

    private static void unknownKeys(Map<?, ?> m, Set<String> allowed, String where) {
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "' (allowed: " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    private static String str(Object v, String where) {
        if (v == null) throw new IllegalArgumentException(where + " is missing");
        return v.toString();
    }

    private static int integer(Object v, String where) {
        if (!(v instanceof Integer i)) throw new IllegalArgumentException(where + " must be an integer, got " + v);
        return i;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v, String where) {
        if (v == null) return Map.of();
        if (!(v instanceof Map)) throw new IllegalArgumentException(where + " must be a mapping");
        return (Map<String, Object>) v;
    }
}
