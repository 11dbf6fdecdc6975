package dev.jsalt.minion.states.tinc;

import java.util.ArrayList;
import java.util.List;

/**
 * The tinc-up / tinc-down scripts tincd runs (with {@code INTERFACE} in their environment) when the tun device
 * appears and before it goes. Their text is a fixed template: every variable part is a {@link Cidr} rendered from
 * validated digits, and the only shell variable is tincd's own {@code $INTERFACE}, always quoted. So no pillar
 * value can inject a command, whatever it holds.
 *
 * @param address this host's VPN address with the VPN's prefix, e.g. 10.88.0.11/24
 * @param routes  extra subnets routed into the VPN (e.g. a second VPN range)
 */
record TunnelScripts(Cidr address, List<Cidr> routes) {

    TunnelScripts {
        if (address.prefix() < 0) throw new IllegalArgumentException("address needs a prefix length, e.g. 10.88.0.11/24");
        routes = List.copyOf(routes);
        for (Cidr r : routes) {
            if (r.prefix() < 0) throw new IllegalArgumentException("route " + r + " needs a prefix length");
        }
    }

    static TunnelScripts of(String address, List<String> routes) {
        List<Cidr> rs = new ArrayList<>();
        for (String r : routes) rs.add(Cidr.parse(r, true));
        return new TunnelScripts(Cidr.parse(address, true), rs);
    }

    String up() {
        StringBuilder sb = header("tinc-up");
        sb.append("ip link set dev \"$INTERFACE\" up\n");
        // replace, not add: a restart that finds the address still there must not fail
        sb.append("ip addr replace ").append(address).append(" dev \"$INTERFACE\"\n");
        for (Cidr r : routes) sb.append("ip route replace ").append(r).append(" dev \"$INTERFACE\"\n");
        return sb.toString();
    }

    String down() {
        StringBuilder sb = header("tinc-down");
        for (Cidr r : routes) sb.append("ip route del ").append(r).append(" dev \"$INTERFACE\" 2>/dev/null || true\n");
        sb.append("ip addr del ").append(address).append(" dev \"$INTERFACE\" 2>/dev/null || true\n");
        sb.append("ip link set dev \"$INTERFACE\" down\n");
        return sb.toString();
    }

    private static StringBuilder header(String what) {
        return new StringBuilder("#!/bin/sh\n# Managed by jsalt (tinc.up): local changes are overwritten.\n"
                + "# tincd runs " + what + " with INTERFACE set to its tun device.\nset -e\n");
    }
}
