package dev.jsalt.minion.states.tinc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code tinc.network} writes to {@code /etc/tinc/NET/tinc.conf}. Built only from validated values, so a
 * pillar value cannot add a config line of its own.
 *
 * @param name          this host's node name
 * @param iface         the tun/tap interface tincd creates
 * @param mode          router or switch (tinc's hub is not offered: it floods every packet)
 * @param port          port tincd listens on
 * @param addressFamily ipv4, ipv6 or any
 * @param connectTo     peers to dial, sorted, never this node itself
 */
record NetworkConfig(String name, String iface, String mode, int port, String addressFamily, List<String> connectTo) {
    static final Set<String> MODES = Set.of("router", "switch");
    static final Set<String> FAMILIES = Set.of("ipv4", "ipv6", "any");

    NetworkConfig {
        TincNames.node(name);
        TincNames.iface(iface);
        mode = mode.toLowerCase(Locale.ROOT);
        if (!MODES.contains(mode)) throw new IllegalArgumentException("mode must be router or switch, got '" + TincNames.printable(mode) + "'");
        TincNames.port(port);
        addressFamily = addressFamily.toLowerCase(Locale.ROOT);
        if (!FAMILIES.contains(addressFamily)) {
            throw new IllegalArgumentException("address_family must be ipv4, ipv6 or any, got '" + TincNames.printable(addressFamily) + "'");
        }
        // Sorted so the file does not change when the mine returns members in another order.
        TreeSet<String> peers = new TreeSet<>();
        for (String p : connectTo) peers.add(TincNames.node(p));
        peers.remove(name);
        connectTo = List.copyOf(peers);
    }

    String render() {
        List<String> lines = new ArrayList<>();
        lines.add("# Managed by jsalt (tinc.network): local changes are overwritten.");
        lines.add("Name = " + name);
        lines.add("AddressFamily = " + addressFamily);
        lines.add("Interface = " + iface);
        lines.add("Mode = " + mode);
        lines.add("Port = " + port);
        for (String peer : connectTo) lines.add("ConnectTo = " + peer);
        return String.join("\n", lines) + "\n";
    }
}
