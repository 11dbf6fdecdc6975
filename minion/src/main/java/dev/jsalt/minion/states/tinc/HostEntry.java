package dev.jsalt.minion.states.tinc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One member's {@code hosts/NAME} file: how to reach it and which VPN subnets it owns, plus its public key.
 *
 * @param address   public address peers dial (host name or IP), or null if it only dials out
 * @param subnets   VPN subnets it owns (canonical), possibly empty
 * @param port      its tinc port, or null for tinc's default 655
 * @param publicKey canonical PEM public key, or null if not known yet
 */
record HostEntry(String address, List<String> subnets, Integer port, String publicKey) {
    static final int DEFAULT_PORT = 655;

    HostEntry {
        if (address != null) TincNames.address(address);
        List<String> s = new ArrayList<>();
        for (String subnet : subnets == null ? List.<String>of() : subnets) s.add(Cidr.subnet(subnet));
        subnets = List.copyOf(s);
        if (port != null) TincNames.port(port);
        if (publicKey != null) publicKey = RsaKeys.canonicalPublic(publicKey);
    }

    HostEntry withPublicKey(String key) { return new HostEntry(address, subnets, port, key); }

    /**
     * A member as declared in SLS or published by the mine: {@code {address, subnet, port, public_key}}, where
     * subnet may be one string or a list.
     */
    static HostEntry fromArgs(String member, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("host '" + member + "' must be a map of address, subnet, port, public_key");
        }
        for (Object k : m.keySet()) {
            if (!List.of("address", "subnet", "subnets", "port", "public_key", "node").contains(String.valueOf(k))) {
                throw new IllegalArgumentException("host '" + member + "': unknown key '" + TincNames.printable(String.valueOf(k)) + "'");
            }
        }
        try {
            List<String> subnets = new ArrayList<>();
            for (String key : List.of("subnet", "subnets")) {
                Object s = m.get(key);
                if (s instanceof List<?> l) l.forEach(x -> subnets.add(String.valueOf(x)));
                else if (s instanceof Map) throw new IllegalArgumentException(key + " must be a string or a list");
                else if (s != null) subnets.add(s.toString());
            }
            Object port = m.get("port");
            Integer p = port == null || port.toString().isBlank() ? null : TincNames.port(Long.parseLong(port.toString().strip()));
            Object address = m.get("address");
            Object key = m.get("public_key");
            return new HostEntry(address == null || address.toString().isBlank() ? null : address.toString().strip(),
                    subnets, p, key == null || key.toString().isBlank() ? null : key.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("host '" + member + "': port must be a number");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("host '" + member + "': " + e.getMessage());
        }
    }

    /** Reads a host file leniently: lines this module does not manage are ignored. */
    static HostEntry parse(String text) {
        List<ConfigLines.Line> lines = ConfigLines.parse(text);
        String address = ConfigLines.first(lines, "Address");
        if (address != null) address = address.split("\\s+")[0]; // "Address = host [port]"
        String port = ConfigLines.first(lines, "Port");
        List<String> subnets = new ArrayList<>();
        for (String s : ConfigLines.values(lines, "Subnet")) {
            try {
                subnets.add(Cidr.subnet(s.split("#")[0]));
            } catch (IllegalArgumentException e) {
                // not ours to judge: tincd reports it
            }
        }
        Integer p = null;
        try {
            if (port != null) p = TincNames.port(Long.parseLong(port.strip()));
        } catch (IllegalArgumentException e) {
            // leave the default
        }
        String a = address != null && TincNames.isAddress(address) ? address : null;
        return new HostEntry(a, subnets, p, RsaKeys.publicIn(text));
    }

    String render() {
        StringBuilder sb = new StringBuilder("# Managed by jsalt (tinc.host): local changes are overwritten.\n");
        if (address != null) sb.append("Address = ").append(address).append('\n');
        for (String s : subnets) sb.append("Subnet = ").append(s).append('\n');
        if (port != null) sb.append("Port = ").append(port).append('\n');
        if (publicKey != null) sb.append('\n').append(publicKey);
        return sb.toString();
    }

    /** The mine's view of a member: {node, address, subnet, port, public_key}; subnet is a string when there is one. */
    Map<String, Object> info(String node) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        if (address != null) m.put("address", address);
        if (subnets.size() == 1) m.put("subnet", subnets.get(0));
        else if (!subnets.isEmpty()) m.put("subnet", subnets);
        m.put("port", port == null ? DEFAULT_PORT : port);
        if (publicKey != null) m.put("public_key", publicKey);
        return m;
    }
}
