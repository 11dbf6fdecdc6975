package dev.jsalt.e2e.lab;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The lab's private IPv4 network, e.g. {@code 10.77.0.0/24}; a host's address is network + index.
 */
public record Subnet(int network, int prefix) {
    public static final Subnet DEFAULT = parse("10.77.0.0/24");

    public Subnet {
        if (prefix < 8 || prefix > 30) throw new IllegalArgumentException("subnet prefix /" + prefix + " must be between /8 and /30");
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        if ((network & ~mask) != 0) throw new IllegalArgumentException("subnet " + str(network) + "/" + prefix + " has host bits set");
    }

    @JsonCreator
    public static Subnet parse(String cidr) {
        String[] parts = cidr.strip().split("/");
        if (parts.length != 2) throw new IllegalArgumentException("subnet '" + cidr + "' must look like 10.77.0.0/24");
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) throw new IllegalArgumentException("subnet '" + cidr + "' must be an IPv4 network");
        int addr = 0;
        for (String o : octets) {
            int v = Integer.parseInt(o);
            if (v < 0 || v > 255) throw new IllegalArgumentException("subnet '" + cidr + "': octet " + o + " out of range");
            addr = (addr << 8) | v;
        }
        return new Subnet(addr, Integer.parseInt(parts[1]));
    }

    /** Number of usable host indexes (1 .. size). */
    public int size() { return (1 << (32 - prefix)) - 2; }

    public String address(int index) {
        if (index < 1 || index > size()) {
            throw new IllegalArgumentException("address index " + index + " is outside " + this + " (1.." + size() + ")");
        }
        return str(network + index);
    }

    /** Address with prefix, as {@code ip addr add} wants it. */
    public String cidr(int index) { return address(index) + "/" + prefix; }

    @JsonValue
    @Override
    public String toString() { return str(network) + "/" + prefix; }

    private static String str(int a) {
        return ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }
}
