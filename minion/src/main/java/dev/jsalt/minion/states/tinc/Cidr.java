package dev.jsalt.minion.states.tinc;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address with an optional prefix length, parsed strictly and rendered canonically. Values from
 * pillar and the mine are only ever written into tinc files and tinc-up scripts through {@link #toString()}, so
 * nothing but digits, hex, '.', ':' and '/' can reach them.
 *
 * @param address canonical address text (IPv6 in the JDK's uncompressed form)
 * @param prefix  prefix length, or -1 if none was given
 * @param v6      whether it is IPv6
 */
public record Cidr(String address, int prefix, boolean v6) {
    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    /** Parses {@code a.b.c.d[/n]} or {@code v6[/n]}; {@code requirePrefix} for interface addresses. */
    public static Cidr parse(String text, boolean requirePrefix) {
        if (text == null) throw new IllegalArgumentException("no address given");
        String s = text.strip();
        String addr = s;
        int prefix = -1;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            addr = s.substring(0, slash);
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) throw bad(text, "prefix length must be a number");
            prefix = Integer.parseInt(p);
        } else if (requirePrefix) {
            throw bad(text, "needs a prefix length, e.g. 10.88.0.11/24");
        }
        var m4 = V4.matcher(addr);
        if (m4.matches()) {
            StringBuilder canon = new StringBuilder();
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(m4.group(i));
                if (octet > 255) throw bad(text, "octet " + octet + " > 255");
                if (i > 1) canon.append('.');
                canon.append(octet);
            }
            if (prefix > 32) throw bad(text, "IPv4 prefix length > 32");
            return new Cidr(canon.toString(), prefix, false);
        }
        if (addr.contains(":") && V6_CHARS.matcher(addr).matches()) {
            try {
                // A literal with ':' is parsed, never looked up in DNS.
                InetAddress a = InetAddress.getByName(addr);
                if (a instanceof Inet6Address) {
                    if (prefix > 128) throw bad(text, "IPv6 prefix length > 128");
                    // The JDK's uncompressed form (2001:db8:0:0:0:0:0:1): one spelling per address, so comparisons hold.
                    return new Cidr(a.getHostAddress(), prefix, true);
                }
            } catch (UnknownHostException e) {
                throw bad(text, "not an IPv6 address");
            }
        }
        throw bad(text, "not an IPv4 or IPv6 address");
    }

    /**
     * A tinc {@code Subnet} value: an IP subnet ({@code 10.88.0.11/32}, {@code 10.88.0.11}) or, in switch mode, a
     * MAC address. Returns its canonical text.
     */
    public static String subnet(String text) {
        if (text != null && MAC.matcher(text.strip().toLowerCase()).matches()) return text.strip().toLowerCase();
        return parse(text, false).toString();
    }

    /** The host address as a /32 or /128 subnet, what each node announces for itself in router mode. */
    public String hostSubnet() {
        return address + "/" + (v6 ? 128 : 32);
    }

    @Override
    public String toString() {
        return prefix < 0 ? address : address + "/" + prefix;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("not a valid address '" + TincNames.printable(text) + "': " + why);
    }
}
