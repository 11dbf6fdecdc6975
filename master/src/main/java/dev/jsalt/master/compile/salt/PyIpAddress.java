package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;

import java.math.BigInteger;
import java.util.List;

/**
 * The part of Python 3.11's {@code ipaddress} module Salt's network filters use: {@code ip_address},
 * {@code ip_interface}, {@code ip_network(strict=False)}, their {@code str()}, {@code hosts()},
 * {@code num_addresses} and the {@code is_*} properties (with Debian 3.11.2's private-network tables).
 */
final class PyIpAddress {
    private PyIpAddress() {
    }

    /** A parse failure: Python's ValueError (AddressValueError / NetmaskValueError). */
    static final class AddressError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AddressError(String m) {
            super(m);
        }
    }

    private static final BigInteger V4_ALL = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final BigInteger V6_ALL = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** An address, or an interface (address with a prefix: {@code iface} true). */
    record Ip(int version, BigInteger value, String scope, int prefix, boolean iface) {
        int maxPrefix() {
            return version == 4 ? 32 : 128;
        }

        BigInteger netmask() {
            BigInteger all = version == 4 ? V4_ALL : V6_ALL;
            return all.shiftRight(maxPrefix() - prefix).shiftLeft(maxPrefix() - prefix).and(all);
        }

        BigInteger network() {
            return value.and(netmask());
        }

        BigInteger broadcast() {
            BigInteger all = version == 4 ? V4_ALL : V6_ALL;
            return network().or(netmask().xor(all));
        }

        String addressText() {
            return (version == 4 ? v4Text(value) : v6Text(value)) + (scope != null ? "%" + scope : "");
        }

        @Override
        public String toString() {
            return iface ? addressText() + "/" + prefix : addressText();
        }

        boolean in(String net) {
            Ip n = PyIpAddress.network(net);
            return n.version == version && value.and(n.netmask()).equals(n.network());
        }

        boolean isPrivate() {
            if (version == 4) {
                return anyIn(V4_PRIVATE) && !anyIn(V4_PRIVATE_EXCEPTIONS);
            }
            BigInteger mapped = ipv4Mapped();
            if (mapped != null) {
                return new Ip(4, mapped, null, 32, false).isPrivate();
            }
            return anyIn(V6_PRIVATE) && !anyIn(V6_PRIVATE_EXCEPTIONS);
        }

        BigInteger ipv4Mapped() {
            return value.shiftRight(32).equals(BigInteger.valueOf(0xFFFF)) ? value.and(V4_ALL) : null;
        }

        boolean anyIn(List<String> nets) {
            for (String n : nets) {
                if (in(n)) {
                    return true;
                }
            }
            return false;
        }

        boolean isMulticast() {
            return in(version == 4 ? "224.0.0.0/4" : "ff00::/8");
        }

        boolean isLoopback() {
            if (version == 4) {
                return in("127.0.0.0/8");
            }
            return value.equals(BigInteger.ONE) && (!iface || prefix == 128);
        }

        boolean isLinkLocal() {
            return in(version == 4 ? "169.254.0.0/16" : "fe80::/10");
        }

        boolean isReserved() {
            return version == 4 ? in("240.0.0.0/4") : anyIn(V6_RESERVED);
        }

        boolean isSiteLocal() {
            return version == 6 && in("fec0::/10");
        }

        boolean isUnspecified() {
            if (version == 4) {
                return value.signum() == 0;
            }
            return value.signum() == 0 && (!iface || prefix == 128);
        }
    }

    static final List<String> V4_PRIVATE = List.of("0.0.0.0/8", "10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.0.170/31", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "240.0.0.0/4", "255.255.255.255/32");
    static final List<String> V4_PRIVATE_EXCEPTIONS = List.of("192.0.0.9/32", "192.0.0.10/32");
    static final List<String> V6_PRIVATE = List.of("::1/128", "::/128", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
            "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10");
    static final List<String> V6_PRIVATE_EXCEPTIONS = List.of("2001:1::1/128", "2001:1::2/128", "2001:3::/32", "2001:4:112::/48",
            "2001:20::/28", "2001:30::/28");
    static final List<String> V6_RESERVED = List.of("::/8", "100::/8", "200::/7", "400::/6", "800::/5", "1000::/4", "4000::/3",
            "6000::/3", "8000::/3", "a000::/3", "c000::/3", "e000::/4", "f000::/5", "f800::/6", "fe00::/9");

    /** ipaddress.ip_address. */
    static Ip address(Object x) {
        if (x instanceof Boolean || Num.isInt(x)) {
            BigInteger v = x instanceof Boolean b ? (b ? BigInteger.ONE : BigInteger.ZERO) : Num.toBig(x);
            if (v.signum() >= 0 && v.compareTo(V4_ALL) <= 0) {
                return new Ip(4, v, null, 32, false);
            }
            if (v.signum() >= 0 && v.compareTo(V6_ALL) <= 0) {
                return new Ip(6, v, null, 128, false);
            }
            throw new AddressError(Py.repr(x) + " does not appear to be an IPv4 or IPv6 address");
        }
        String s = Py.str(x);
        try {
            return new Ip(4, parseV4(s), null, 32, false);
        } catch (AddressError e) {
            // try v6
        }
        try {
            String[] as = splitScope(s);
            return new Ip(6, parseV6(as[0]), as[1], 128, false);
        } catch (AddressError e) {
            throw new AddressError(Py.repr(x) + " does not appear to be an IPv4 or IPv6 address");
        }
    }

    /** ipaddress.ip_interface. */
    static Ip iface(Object x) {
        try {
            return ifaceOf(x, 4);
        } catch (AddressError e) {
            // try v6
        }
        try {
            return ifaceOf(x, 6);
        } catch (AddressError e) {
            throw new AddressError(Py.repr(x) + " does not appear to be an IPv4 or IPv6 interface");
        }
    }

    /** ipaddress.ip_network(x, strict=False): an interface whose address is the network address. */
    static Ip network(Object x) {
        Ip i = iface(x);
        return new Ip(i.version(), i.network(), i.version() == 6 ? i.scope() : null, i.prefix(), true);
    }

    private static Ip ifaceOf(Object x, int version) {
        int max = version == 4 ? 32 : 128;
        if (x instanceof Boolean || Num.isInt(x)) {
            Ip a = address(x);
            if (a.version() != version) {
                throw new AddressError("wrong version");
            }
            return new Ip(version, a.value(), null, max, true);
        }
        String[] parts = Py.str(x).split("/", -1);
        if (parts.length > 2) {
            throw new AddressError("Only one '/' permitted");
        }
        BigInteger v;
        String scope = null;
        if (version == 4) {
            v = parseV4(parts[0]);
        } else {
            String[] as = splitScope(parts[0]);
            v = parseV6(as[0]);
            scope = as[1];
        }
        int prefix = parts.length == 2 ? prefixOf(parts[1], version) : max;
        return new Ip(version, v, scope, prefix, true);
    }

    private static int prefixOf(String s, int version) {
        int max = version == 4 ? 32 : 128;
        if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (s.length() > 4) {
                throw new AddressError("bad prefix");
            }
            int p = Integer.parseInt(s);
            if (p > max) {
                throw new AddressError("bad prefix");
            }
            return p;
        }
        if (version == 6) {
            throw new AddressError("bad prefix");
        }
        BigInteger v = parseV4(s);
        Integer p = prefixFromInt(v);
        if (p != null) {
            return p;
        }
        p = prefixFromInt(v.xor(V4_ALL));
        if (p != null) {
            return p;
        }
        throw new AddressError("bad netmask");
    }

    private static Integer prefixFromInt(BigInteger v) {
        long x = v.longValue();
        int trailingZeros = x == 0 ? 32 : Long.numberOfTrailingZeros(x);
        int prefix = 32 - trailingZeros;
        long leadingOnes = x >> trailingZeros;
        long allOnes = (1L << prefix) - 1;
        return leadingOnes == allOnes ? prefix : null;
    }

    private static String[] splitScope(String s) {
        int pct = s.indexOf('%');
        if (pct < 0) {
            return new String[] {s, null};
        }
        String scope = s.substring(pct + 1);
        if (scope.isEmpty() || scope.contains("%")) {
            throw new AddressError("Invalid IPv6 address");
        }
        return new String[] {s.substring(0, pct), scope};
    }

    static BigInteger parseV4(String s) {
        if (s.isEmpty()) {
            throw new AddressError("Address cannot be empty");
        }
        String[] octets = s.split("\\.", -1);
        if (octets.length != 4) {
            throw new AddressError("Expected 4 octets");
        }
        long v = 0;
        for (String o : octets) {
            if (o.isEmpty() || !o.chars().allMatch(c -> c >= '0' && c <= '9') || o.length() > 3) {
                throw new AddressError("bad octet");
            }
            if (!o.equals("0") && o.charAt(0) == '0') {
                throw new AddressError("Leading zeros are not permitted");
            }
            int n = Integer.parseInt(o);
            if (n > 255) {
                throw new AddressError("Octet exceeded 255");
            }
            v = (v << 8) | n;
        }
        return BigInteger.valueOf(v);
    }

    static BigInteger parseV6(String s) {
        if (s.isEmpty()) {
            throw new AddressError("Address cannot be empty");
        }
        if (s.contains("/")) {
            throw new AddressError("Unexpected '/'");
        }
        java.util.List<String> parts = new java.util.ArrayList<>(java.util.Arrays.asList(s.split(":", -1)));
        if (parts.size() < 3) {
            throw new AddressError("At least 3 parts expected");
        }
        if (parts.get(parts.size() - 1).contains(".")) {
            long v4 = parseV4(parts.remove(parts.size() - 1)).longValue();
            parts.add(Long.toHexString((v4 >> 16) & 0xFFFF));
            parts.add(Long.toHexString(v4 & 0xFFFF));
        }
        if (parts.size() > 9) {
            throw new AddressError("Too many parts");
        }
        Integer skip = null;
        for (int i = 1; i < parts.size() - 1; i++) {
            if (parts.get(i).isEmpty()) {
                if (skip != null) {
                    throw new AddressError("At most one '::' permitted");
                }
                skip = i;
            }
        }
        int hi;
        int lo;
        int skipped;
        if (skip != null) {
            hi = skip;
            lo = parts.size() - skip - 1;
            if (parts.get(0).isEmpty()) {
                hi--;
                if (hi != 0) {
                    throw new AddressError("Leading ':' only permitted as part of '::'");
                }
            }
            if (parts.get(parts.size() - 1).isEmpty()) {
                lo--;
                if (lo != 0) {
                    throw new AddressError("Trailing ':' only permitted as part of '::'");
                }
            }
            skipped = 8 - (hi + lo);
            if (skipped < 1) {
                throw new AddressError("Expected at most 7 other parts with '::'");
            }
        } else {
            if (parts.size() != 8) {
                throw new AddressError("Exactly 8 parts expected without '::'");
            }
            if (parts.get(0).isEmpty() || parts.get(parts.size() - 1).isEmpty()) {
                throw new AddressError("Leading or trailing ':'");
            }
            hi = parts.size();
            lo = 0;
            skipped = 0;
        }
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < hi; i++) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(hextet(parts.get(i))));
        }
        v = v.shiftLeft(16 * skipped);
        for (int i = parts.size() - lo; i < parts.size(); i++) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(hextet(parts.get(i))));
        }
        return v;
    }

    private static int hextet(String h) {
        if (h.isEmpty() || h.length() > 4 || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
            throw new AddressError("bad hextet");
        }
        return Integer.parseInt(h, 16);
    }

    static String v4Text(BigInteger v) {
        long x = v.longValue();
        return ((x >> 24) & 0xFF) + "." + ((x >> 16) & 0xFF) + "." + ((x >> 8) & 0xFF) + "." + (x & 0xFF);
    }

    static String v6Text(BigInteger v) {
        String[] hextets = new String[8];
        for (int i = 0; i < 8; i++) {
            hextets[i] = Integer.toHexString(v.shiftRight(16 * (7 - i)).intValue() & 0xFFFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        int curStart = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (hextets[i].equals("0")) {
                curLen++;
                if (curStart == -1) {
                    curStart = i;
                }
                if (curLen > bestLen) {
                    bestLen = curLen;
                    bestStart = curStart;
                }
            } else {
                curLen = 0;
                curStart = -1;
            }
        }
        java.util.List<String> out = new java.util.ArrayList<>(java.util.Arrays.asList(hextets));
        if (bestLen > 1) {
            int end = bestStart + bestLen;
            if (end == 8) {
                out.add("");
            }
            out.subList(bestStart, end).clear();
            out.add(bestStart, "");
            if (bestStart == 0) {
                out.add(0, "");
            }
        }
        return String.join(":", out);
    }
}
