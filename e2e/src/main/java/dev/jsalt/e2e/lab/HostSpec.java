package dev.jsalt.e2e.lab;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One lab host as declared.
 *
 * @param name   host name, also the minion id and the hostname inside the host ({@code [a-z][a-z0-9-]*}, ≤ 30)
 * @param index  last part of its address on the lab subnet (10 gives 10.77.0.10 on the default subnet)
 * @param grains grains its minion gets, e.g. {@code role: db}
 * @param boot   how it runs; null: as the lab says ({@link LabSpec#boot()})
 */
public record HostSpec(String name, int index, Map<String, Object> grains, Boot boot) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,29}");

    public HostSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("host name '" + name + "' must match " + NAME.pattern()
                    + " (it becomes a hostname, a namespace name and a minion id)");
        }
        grains = grains == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(grains));
    }

    public HostSpec(String name, int index, Map<String, Object> grains) {
        this(name, index, grains, null);
    }

    public static HostSpec of(String name, int index, String role) {
        return new HostSpec(name, index, role == null ? Map.of() : Map.of("role", role));
    }

    public HostSpec withBoot(Boot b) { return new HostSpec(name, index, grains, b); }
}
