package dev.jsalt.minion.states.ufw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ufw's configuration from its files with plain Java IO: no {@code ufw status} (a Python start-up of ~0.2 s
 * per call, and it reports the running iptables, not the configuration the next boot loads).
 */
public final class UfwStateReader {
    /** ufw's file words for the default policies, keyed by the variable in /etc/default/ufw. */
    private static final Map<String, String> POLICY_VARS = Map.of(
            "DEFAULT_INPUT_POLICY", "incoming", "DEFAULT_OUTPUT_POLICY", "outgoing", "DEFAULT_FORWARD_POLICY", "routed");

    private final UfwPaths paths;

    public UfwStateReader(UfwPaths paths) { this.paths = paths; }

    public UfwState read() throws IOException {
        if (!Files.exists(paths.defaults()) && !Files.exists(paths.ufwConf())) {
            throw new IOException("ufw is not installed (no " + paths.ufwConf() + "); install it with pkg.installed first");
        }
        Map<String, String> conf = vars(paths.ufwConf());
        Map<String, String> defaults = vars(paths.defaults());
        Map<String, String> policies = new LinkedHashMap<>();
        POLICY_VARS.forEach((var, dir) -> policies.put(dir, policyWord(defaults.getOrDefault(var, "ACCEPT"))));
        boolean ipv6 = "yes".equalsIgnoreCase(defaults.getOrDefault("IPV6", "yes"));
        List<UfwRule> rules = new ArrayList<>(TupleParser.parseFile(text(paths.userRules()), false));
        if (ipv6) rules.addAll(TupleParser.parseFile(text(paths.user6Rules()), true));
        String level = conf.getOrDefault("LOGLEVEL", "low").toLowerCase(java.util.Locale.ROOT);
        return new UfwState("yes".equalsIgnoreCase(conf.get("ENABLED")), policies, level, ipv6, rules);
    }

    /** ACCEPT/DROP/REJECT as ufw's command words allow/deny/reject. */
    static String policyWord(String v) {
        return switch (v.toUpperCase(java.util.Locale.ROOT)) {
            case "DROP" -> "deny";
            case "REJECT" -> "reject";
            default -> "allow";
        };
    }

    /** Shell-style {@code KEY=value} / {@code KEY="value"} lines; comments and other lines are ignored. */
    static Map<String, String> vars(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text(file).split("\n")) {
            String l = line.trim();
            int eq = l.indexOf('=');
            if (l.startsWith("#") || eq <= 0) continue;
            String v = l.substring(eq + 1).trim();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            out.put(l.substring(0, eq).trim(), v);
        }
        return out;
    }

    private static String text(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }
}
