package dev.jsalt.e2e.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to find, use and tear down a lab from another JVM: written to {@code STATE_DIR/lab.json}
 * before the first namespace exists and after every host is built.
 *
 * @param spec            the declared fleet
 * @param owner           the JVM that built it
 * @param switchNs        the netns holding the bridge
 * @param hosts           built hosts (in build order)
 * @param java            java binary the lab's jsalt daemons run with
 * @param classpath       classpath the lab's jsalt daemons run with
 * @param bootedClasspath the same class path as booted hosts see it ({@link HostClasspath}), null without booted hosts
 */
public record LabState(LabSpec spec, Owner owner, String switchNs, List<HostState> hosts, String java, String classpath,
                       String bootedClasspath) {
    public LabState {
        hosts = List.copyOf(hosts);
    }

    public LabState(LabSpec spec, Owner owner, String switchNs, List<HostState> hosts, String java, String classpath) {
        this(spec, owner, switchNs, hosts, java, classpath, null);
    }

    public String name() { return spec.name(); }

    public LabState withHost(HostState h) {
        List<HostState> next = new ArrayList<>(hosts);
        next.removeIf(x -> x.name().equals(h.name()));
        next.add(h);
        return new LabState(spec, owner, switchNs, next, java, classpath, bootedClasspath);
    }

    public LabState withoutHost(String host) {
        List<HostState> next = new ArrayList<>(hosts);
        next.removeIf(x -> x.name().equals(host));
        return new LabState(spec.withoutHost(host), owner, switchNs, next, java, classpath, bootedClasspath);
    }

    public LabState withSpec(LabSpec s) {
        return new LabState(s, owner, switchNs, hosts, java, classpath, bootedClasspath);
    }

    public LabState withBootedClasspath(String cp) {
        return new LabState(spec, owner, switchNs, hosts, java, classpath, cp);
    }
}
