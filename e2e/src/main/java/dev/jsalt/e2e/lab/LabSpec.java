package dev.jsalt.e2e.lab;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A fleet to build: its name, subnet, hosts and (optionally) which host runs the jsalt master. Without a master
 * no jsalt daemons start: the hosts are bare namespaces, which is what state-module tests with LocalApply want.
 *
 * @param name          lab name, {@code [a-z0-9]{1,24}}; names every namespace ({@code jlab-NAME-HOST}) and the state dir
 * @param subnet        private network of the lab's switch
 * @param hosts         hosts in declaration order
 * @param master        name of the host that runs {@code jsalt master}, or null for none
 * @param acceptKeys    accept every minion's key through {@code jsalt keys accept} once they are pending
 * @param masterConfig  extra keys merged into the generated master.yaml
 * @param minionConfig  extra keys merged into every generated minion.yaml
 * @param boot          how hosts run unless they say otherwise (default {@link Boot#LIGHT})
 * @param debs          a directory with the jsalt .debs ({@code jsalt_*.deb}, {@code jsalt-master_*.deb},
 *                      {@code jsalt-minion_*.deb}): booted hosts of a lab with a master install them and run the
 *                      daemons as their systemd services; null: the daemons run from this JVM's class path
 */
public record LabSpec(String name, Subnet subnet, List<HostSpec> hosts, String master, boolean acceptKeys,
                      Map<String, Object> masterConfig, Map<String, Object> minionConfig, Boot boot, String debs) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1,24}");

    public LabSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("lab name '" + name + "' must match " + NAME.pattern()
                    + " (no dashes: namespace names are jlab-LAB-HOST)");
        }
        subnet = subnet == null ? Subnet.DEFAULT : subnet;
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) throw new IllegalArgumentException("lab '" + name + "' has no hosts");
        Set<String> names = new HashSet<>();
        Set<Integer> indexes = new HashSet<>();
        for (HostSpec h : hosts) {
            if (!names.add(h.name())) throw new IllegalArgumentException("lab '" + name + "': host '" + h.name() + "' declared twice");
            if (!indexes.add(h.index())) throw new IllegalArgumentException("lab '" + name + "': address index " + h.index() + " used twice");
            subnet.address(h.index());
        }
        if (master != null && !names.contains(master)) {
            throw new IllegalArgumentException("lab '" + name + "': master host '" + master + "' is not one of its hosts " + names);
        }
        masterConfig = masterConfig == null ? Map.of() : Map.copyOf(masterConfig);
        minionConfig = minionConfig == null ? Map.of() : Map.copyOf(minionConfig);
        boot = boot == null ? Boot.LIGHT : boot;
        if (debs != null) debs = java.nio.file.Path.of(debs).toAbsolutePath().normalize().toString();
    }

    public LabSpec(String name, Subnet subnet, List<HostSpec> hosts, String master, boolean acceptKeys,
                   Map<String, Object> masterConfig, Map<String, Object> minionConfig) {
        this(name, subnet, hosts, master, acceptKeys, masterConfig, minionConfig, Boot.LIGHT, null);
    }

    public Optional<String> masterHost() { return Optional.ofNullable(master); }

    /** This spec with one more host (a host added to a running lab, e.g. a droplet); checked like a declared one. */
    public LabSpec withHost(HostSpec h) {
        List<HostSpec> next = new ArrayList<>(hosts);
        next.add(h);
        return new LabSpec(name, subnet, next, master, acceptKeys, masterConfig, minionConfig, boot, debs);
    }

    /** This spec without the host {@code host} (removed from a running lab); the master host cannot go. */
    public LabSpec withoutHost(String host) {
        if (host.equals(master)) throw new IllegalArgumentException("lab '" + name + "': the master host '" + host + "' cannot be removed");
        List<HostSpec> next = new ArrayList<>(hosts);
        next.removeIf(h -> h.name().equals(host));
        return new LabSpec(name, subnet, next, master, acceptKeys, masterConfig, minionConfig, boot, debs);
    }

    /** How {@code h} runs: its own setting, else the lab's. */
    public Boot bootOf(HostSpec h) { return h.boot() != null ? h.boot() : boot; }

    /** Whether any host boots with systemd. */
    public boolean anyBooted() { return hosts.stream().anyMatch(h -> bootOf(h) == Boot.SYSTEMD); }

    public static Builder builder(String name) { return new Builder(name); }

    /** Fluent construction for tests: {@code LabSpec.builder("t").host("a", 10, "app").build()}. */
    public static final class Builder {
        private final String name;
        private Subnet subnet = Subnet.DEFAULT;
        private final List<HostSpec> hosts = new ArrayList<>();
        private String master;
        private boolean acceptKeys = true;
        private final Map<String, Object> masterConfig = new LinkedHashMap<>();
        private final Map<String, Object> minionConfig = new LinkedHashMap<>();
        private Boot boot = Boot.LIGHT;
        private String debs;

        private Builder(String name) { this.name = name; }

        /** How hosts run unless a host says otherwise. */
        public Builder boot(Boot b) { boot = b; return this; }

        /** A host that boots with systemd (or runs light) whatever the lab's default. */
        public Builder host(String host, int index, String role, Boot b) { hosts.add(HostSpec.of(host, index, role).withBoot(b)); return this; }

        /** The directory with the jsalt .debs the booted hosts install (see {@link LabSpec#debs()}). */
        public Builder debs(java.nio.file.Path dir) { debs = dir.toString(); return this; }

        public Builder subnet(String cidr) { subnet = Subnet.parse(cidr); return this; }

        public Builder host(String host, int index) { hosts.add(new HostSpec(host, index, Map.of())); return this; }

        public Builder host(String host, int index, String role) { hosts.add(HostSpec.of(host, index, role)); return this; }

        public Builder host(HostSpec host) { hosts.add(host); return this; }

        /** Runs the jsalt master in {@code host} and a minion in every other host. */
        public Builder master(String host) { master = host; return this; }

        public Builder acceptKeys(boolean accept) { acceptKeys = accept; return this; }

        public Builder masterConfig(String key, Object value) { masterConfig.put(key, value); return this; }

        public Builder minionConfig(String key, Object value) { minionConfig.put(key, value); return this; }

        public LabSpec build() {
            return new LabSpec(name, subnet, hosts, master, acceptKeys, masterConfig, minionConfig, boot, debs);
        }
    }
}
