package dev.jsalt.common.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What every minion offers: the remote-execution functions (the allow-list a job may name) and the state modules with
 * their functions. Declarative, so the master validates commands, runbooks and SLS files against it without loading
 * the minion; the minion's own registries are tested to be exactly this.
 */
public final class Catalog {
    private static final Catalog STANDARD = new Catalog(
            List.of("cmd.run", "grains.get", "grains.items", "inventory.collect", "jsalt.render_calls", "mine.update",
                    "mysql.replication_status", "state.apply", "test.echo", "test.ping", "test.sleep", "tinc.host"),
            Map.of(
                    "pkg", List.of("installed", "latest", "removed", "purged"),
                    "file", List.of("managed", "directory", "absent", "symlink", "line", "blockreplace"),
                    "cmd", List.of("run"),
                    "service", List.of("running", "dead", "enabled", "disabled"),
                    "user", List.of("present", "absent"),
                    "group", List.of("present", "absent"),
                    "ufw", List.of("enabled", "disabled", "default", "logging", "rule", "rules_exact"),
                    "mysql", List.of("server_config", "database", "database_absent", "user", "user_absent", "grants",
                            "replica", "replication_stopped"),
                    "tinc", List.of("network", "keys", "host", "up", "running")));

    private final Set<String> executionFunctions;
    private final Map<String, Set<String>> stateFunctions;

    private Catalog(List<String> executionFunctions, Map<String, List<String>> stateFunctions) {
        this.executionFunctions = Collections.unmodifiableSet(new TreeSet<>(executionFunctions));
        Map<String, Set<String>> states = new TreeMap<>();
        stateFunctions.forEach((module, fns) -> states.put(module, Collections.unmodifiableSet(new TreeSet<>(fns))));
        this.stateFunctions = Collections.unmodifiableMap(states);
    }

    /** The catalog of the minion shipped with this build. */
    public static Catalog standard() { return STANDARD; }

    /** A catalog with other state functions (module → functions), e.g. for tests of the compiler. */
    public static Catalog of(Set<String> executionFunctions, Map<String, ? extends Set<String>> stateFunctions) {
        Map<String, List<String>> states = new LinkedHashMap<>();
        stateFunctions.forEach((m, fns) -> states.put(m, List.copyOf(fns)));
        return new Catalog(List.copyOf(executionFunctions), states);
    }

    /** Remote-execution function names ({@code test.ping}, {@code cmd.run}, ...), sorted. */
    public Set<String> executionFunctions() { return executionFunctions; }

    /** State module → its function names, both sorted. */
    public Map<String, Set<String>> stateFunctions() { return stateFunctions; }

    public boolean hasStateFunction(String module, String function) {
        Set<String> fns = stateFunctions.get(module);
        return fns != null && fns.contains(function);
    }
}
