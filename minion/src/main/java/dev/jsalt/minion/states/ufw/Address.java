package dev.jsalt.minion.states.ufw;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A source or destination of a ufw rule: "any", or an IPv4/IPv6 address with an optional prefix.
 * Two addresses are equal when they select the same packets ({@code 10.0.0.5/24} = {@code 10.0.0.0/24},
 * {@code 10.0.0.5/32} = {@code 10.0.0.5}), which is how rules are compared semantically rather than by text.
 *
 * @param text   what to hand to ufw (ufw's own normal form for IPv4; for IPv6 ufw keeps host bits, so do we)
 * @param bytes  the network address with host bits cleared; null for "any"
 * @param prefix prefix length; 32/128 for a single host
 */
public record Address(String text, byte[] bytes, int prefix) {
    public static final Address ANY = new Address("any", null, 0);

    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public boolean isAny() { return bytes == null; }

    /** Family the address pins a rule to: 4, 6, or 0 for "any". */
    public int family() { return bytes == null ? 0 : bytes.length == 4 ? 4 : 6; }

    /**
     * Parses what an operator or a tuple wrote. Literal addresses only: a host name would need DNS at every
     * run and could silently change what the firewall allows.
     */
    public static Address parse(String raw) {
        String s = raw == null ? "" : raw.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("any") || s.equals("0.0.0.0/0") || s.equals("::/0")) return ANY;
        String host = s;
        String mask = null;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            host = s.substring(0, slash);
            mask = s.substring(slash + 1);
        }
        byte[] addr = literal(host, raw);
        int bits = addr.length * 8;
        int prefix = mask == null ? bits : prefixOf(mask, addr.length, raw);
        if (prefix == 0) return ANY;
        byte[] net = masked(addr, prefix);
        String text;
        if (addr.length == 4) {
            // ufw stores an IPv4 network without host bits and a host without /32
            text = v4(net) + (prefix == 32 ? "" : "/" + prefix);
        } else {
            text = v6(addr) + (prefix == 128 ? "" : "/" + prefix);
        }
        return new Address(text, net, prefix);
    }

    private static byte[] literal(String host, String raw) {
        boolean v6 = host.contains(":");
        if (!v6 && !V4.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + raw + "' is not an IP address or CIDR (host names are not allowed)");
        }
        try {
            // A literal never triggers a DNS lookup: IPv4 is checked above, anything with ':' is parsed as IPv6
            InetAddress a = InetAddress.getByName(v6 ? "[" + host + "]" : host);
            byte[] b = a.getAddress();
            if (v6 && a instanceof Inet4Address) {
                // Java folds ::ffff:a.b.c.d into IPv4; ufw keeps it IPv6
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(b, 0, mapped, 12, 4);
                b = mapped;
            }
            return b;
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a valid IP address");
        }
    }

    private static int prefixOf(String mask, int len, String raw) {
        if (len == 4 && V4.matcher(mask).matches()) {
            byte[] m = literal(mask, raw);
            int bits = 0;
            boolean zero = false;
            for (byte b : m) {
                for (int i = 7; i >= 0; i--) {
                    boolean one = (b >> i & 1) == 1;
                    if (one && zero) throw new IllegalArgumentException("'" + raw + "' has a non-contiguous netmask");
                    if (one) bits++; else zero = true;
                }
            }
            return bits;
        }
        try {
            int p = Integer.parseInt(mask);
            if (p >= 0 && p <= len * 8) return p;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + raw + "' has an invalid prefix length");
    }

    private static byte[] masked(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    private static String v4(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    /** RFC 5952 text (longest run of zero groups as "::"), the form ufw writes via inet_ntop. */
    static String v6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        boolean mapped = bestStart == 0 && bestLen == 5 && g[5] == 0xffff;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            if (mapped && i == 6) {
                sb.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.')
                        .append(b[14] & 0xff).append('.').append(b[15] & 0xff);
                break;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) sb.append(':');
        }
        return sb.toString();
    }

    /** Equality is semantic: same network and prefix; the text is only how it was written. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && prefix == a.prefix && java.util.Arrays.equals(bytes, a.bytes);
    }

    @Override
    public int hashCode() { return Objects.hash(prefix, java.util.Arrays.hashCode(bytes)); }

    @Override
    public String toString() { return text; }
}
