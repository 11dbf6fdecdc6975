package dev.jsalt.minion.grains;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Network grains as Salt 3006.1 computes them: the interface table from {@code ip addr show} ({@code
 * salt.utils.network._interfaces_ip}), the address lists ({@code ip_addrs}), the default gateways ({@code
 * default_gateway}) and the resolver configuration ({@code salt.utils.dns.parse_resolv}).
 */
final class NetData {
    private NetData() {
    }

    /** One interface of {@code ip addr show}: as Salt's dict, only the parts the grains read. */
    static final class Iface {
        boolean up;
        String parent;
        String hwaddr;
        final List<String> inet = new ArrayList<>();
        final List<String> inet6 = new ArrayList<>();
        /** [type, address] of addresses flagged "secondary". */
        final List<String[]> secondary = new ArrayList<>();
    }

    private static final Pattern GROUP_SPLIT = Pattern.compile("\r?\n\\d");
    private static final Pattern IFACE_LINE = Pattern.compile("^\\d*:\\s+([\\w.\\-]+)(?:@)?([\\w.\\-]+)?:\\s+<(.+)>",
            Pattern.UNICODE_CHARACTER_CLASS);

    /** Salt's _interfaces_ip over the output of {@code ip addr show}, interfaces in the order ip lists them. */
    static Map<String, Iface> parseIpAddr(String out) {
        Map<String, Iface> ret = new LinkedHashMap<>();
        for (String group : GROUP_SPLIT.split(out, -1)) {
            String iface = null;
            Iface data = new Iface();
            for (String line : group.split("\r?\n|\r", -1)) {
                if (!line.contains(" ")) continue;
                Matcher m = IFACE_LINE.matcher(line);
                if (m.lookingAt()) {
                    iface = m.group(1);
                    data.up = Arrays.asList(m.group(3).split(",", -1)).contains("UP");
                    if (m.group(2) != null) data.parent = m.group(2);
                    continue;
                }
                String[] cols = line.strip().split("\\s+");
                if (cols.length < 2) continue;
                String type = cols[0];
                String value = cols[1];
                if (type.equals("inet") || type.equals("inet6")) {
                    String ip = value.contains("/") ? value.substring(0, value.indexOf('/')) : value;
                    if (!Arrays.asList(cols).contains("secondary")) {
                        (type.equals("inet") ? data.inet : data.inet6).add(ip);
                    } else {
                        data.secondary.add(new String[]{type, ip});
                    }
                } else if (type.startsWith("link")) {
                    data.hwaddr = value;
                }
            }
            if (iface != null) ret.put(iface, data);
        }
        return ret;
    }

    static Map<String, Object> hwaddrInterfaces(Map<String, Iface> ifaces) {
        Map<String, Object> out = new LinkedHashMap<>();
        ifaces.forEach((name, i) -> {
            if (i.hwaddr != null) out.put(name, i.hwaddr);
        });
        return out;
    }

    /** ip4_interfaces / ip6_interfaces: the family's addresses, then its secondary ones. */
    static Map<String, Object> familyInterfaces(Map<String, Iface> ifaces, String family) {
        Map<String, Object> out = new LinkedHashMap<>();
        ifaces.forEach((name, i) -> {
            List<String> ips = new ArrayList<>(family.equals("inet") ? i.inet : i.inet6);
            for (String[] s : i.secondary) if (s[0].equals(family)) ips.add(s[1]);
            out.put(name, ips);
        });
        return out;
    }

    /** ip_interfaces: IPv4, then IPv6, then every secondary address. */
    static Map<String, Object> ipInterfaces(Map<String, Iface> ifaces) {
        Map<String, Object> out = new LinkedHashMap<>();
        ifaces.forEach((name, i) -> {
            List<String> ips = new ArrayList<>(i.inet);
            ips.addAll(i.inet6);
            for (String[] s : i.secondary) ips.add(s[1]);
            out.put(name, ips);
        });
        return out;
    }

    /** Salt's ip_addrs/ip_addrs6: every address of the family, deduplicated, sorted numerically, as Python prints it. */
    static List<String> ipAddrs(Map<String, Iface> ifaces, String family, boolean includeLoopback) {
        TreeMap<BigInteger, String> sorted = new TreeMap<>();
        for (Iface i : ifaces.values()) {
            List<String> addrs = new ArrayList<>(family.equals("inet") ? i.inet : i.inet6);
            for (String[] s : i.secondary) if (s[0].equals(family)) addrs.add(s[1]);
            for (String a : addrs) {
                BigInteger n = family.equals("inet") ? ipv4Value(a) : ipv6Value(a);
                if (n == null) continue;
                if (!includeLoopback && isLoopback(family, n)) continue;
                sorted.put(n, family.equals("inet") ? a : formatIpv6(n));
            }
        }
        return new ArrayList<>(sorted.values());
    }

    static boolean isLoopback(String family, BigInteger n) {
        return family.equals("inet") ? n.shiftRight(24).intValue() == 127 : n.equals(BigInteger.ONE);
    }

    static BigInteger ipv4Value(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) return null;
        long v = 0;
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) return null;
            int octet = Integer.parseInt(part);
            if (octet > 255) return null;
            v = (v << 8) | octet;
        }
        return BigInteger.valueOf(v);
    }

    /** An IPv6 literal (with :: and an optional trailing dotted quad; a %scope is ignored) as a number, or null. */
    static BigInteger ipv6Value(String s) {
        int pct = s.indexOf('%');
        if (pct >= 0) s = s.substring(0, pct);
        if (!s.contains(":")) return null;
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        int dc = s.indexOf("::");
        if (dc != s.lastIndexOf("::")) return null;
        try {
            if (dc >= 0) {
                if (!groups(s.substring(0, dc), head) || !groups(s.substring(dc + 2), tail)) return null;
            } else if (!groups(s, head)) {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        int total = head.size() + tail.size();
        if (total > 8 || (dc < 0 && total != 8) || (dc >= 0 && total > 7)) return null;
        BigInteger v = BigInteger.ZERO;
        for (int g : head) v = v.shiftLeft(16).or(BigInteger.valueOf(g));
        for (int i = 0; i < 8 - total; i++) v = v.shiftLeft(16);
        for (int g : tail) v = v.shiftLeft(16).or(BigInteger.valueOf(g));
        return v;
    }

    private static boolean groups(String part, List<Integer> out) {
        if (part.isEmpty()) return true;
        String[] gs = part.split(":", -1);
        for (int i = 0; i < gs.length; i++) {
            String g = gs[i];
            if (i == gs.length - 1 && g.contains(".")) {
                BigInteger v4 = ipv4Value(g);
                if (v4 == null) return false;
                out.add(v4.intValue() >>> 16);
                out.add(v4.intValue() & 0xffff);
            } else {
                if (g.isEmpty() || g.length() > 4) return false;
                out.add(Integer.parseInt(g, 16));
            }
        }
        return true;
    }

    /** Python's str(IPv6Address): lower-case hex, the longest run (of two or more) of zero groups as "::". */
    static String formatIpv6(BigInteger v) {
        int[] g = new int[8];
        for (int i = 7; i >= 0; i--) {
            g[i] = v.and(BigInteger.valueOf(0xffff)).intValue();
            v = v.shiftRight(16);
        }
        int bestStart = -1, bestLen = 0, curStart = -1, curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (g[i] == 0) {
                if (curStart < 0) curStart = i;
                curLen++;
                if (curLen > bestLen) {
                    bestLen = curLen;
                    bestStart = curStart;
                }
            } else {
                curStart = -1;
                curLen = 0;
            }
        }
        if (bestLen < 2) bestStart = -1;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) sb.append(':');
        }
        return sb.toString();
    }

    /**
     * The default gateway of the main table from {@code /proc/net/route}: the address (as {@code ip -4 route show}
     * prints it after "via"), true for a default route without a gateway, false for none. The kernel lists routes
     * in the order {@code ip route show} prints them; Salt takes the first line that starts with "default".
     */
    static Object gateway4(String procNetRoute) {
        if (procNetRoute == null) return false;
        String[] lines = OsData.lines(procNetRoute);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].strip().split("\\s+");
            if (f.length < 8) continue;
            long flags = Long.parseLong(f[3], 16);
            if (!f[1].equals("00000000") || !f[7].equals("00000000")) continue;
            if ((flags & 0x0001) == 0 || (flags & 0x0200) != 0) continue; // RTF_UP, not RTF_REJECT
            long gw = Long.parseLong(f[2], 16);
            if ((flags & 0x0002) == 0 || gw == 0) return true; // no RTF_GATEWAY: "default dev X"
            // /proc/net/route prints the address in host (little-endian) order
            return (gw & 0xff) + "." + ((gw >> 8) & 0xff) + "." + ((gw >> 16) & 0xff) + "." + ((gw >> 24) & 0xff);
        }
        return false;
    }

    /** The same for IPv6 from {@code /proc/net/ipv6_route} (unreachable/reject routes are not default gateways). */
    static Object gateway6(String procIpv6Route) {
        if (procIpv6Route == null) return false;
        for (String line : OsData.lines(procIpv6Route)) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 10) continue;
            if (!f[0].equals("00000000000000000000000000000000") || !f[1].equals("00")) continue;
            long flags = Long.parseLong(f[8], 16);
            if ((flags & 0x0001) == 0 || (flags & 0x0200) != 0) continue;
            BigInteger nh = new BigInteger(f[4], 16);
            if ((flags & 0x0002) == 0 || nh.signum() == 0) return true;
            return formatIpv6(nh);
        }
        return false;
    }

    /** Salt's parse_resolv: the dns grain, or null when the file cannot be read. */
    static Map<String, Object> parseResolv(String text) {
        if (text == null) return null;
        List<String> nameservers = new ArrayList<>();
        List<String> ip4 = new ArrayList<>();
        List<String> ip6 = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> sortlist = new ArrayList<>();
        String domain = "";
        List<String> options = new ArrayList<>();
        for (String raw : OsData.lines(text)) {
            String[] words = raw.strip().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) continue;
            String directive = words[0].toLowerCase(Locale.ROOT);
            List<String> arg = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                if (words[i].charAt(0) == '#' || words[i].charAt(0) == ';') break;
                arg.add(words[i]);
            }
            if (arg.isEmpty() && !directive.equals("search")) continue; // Salt's IndexError
            switch (directive) {
                case "nameserver" -> {
                    String a = arg.get(0);
                    String norm = null;
                    boolean v4 = false;
                    if (ipv4Value(a) != null && !hasLeadingZero(a)) {
                        norm = a;
                        v4 = true;
                    } else if (ipv6Value(a) != null) {
                        int pct = a.indexOf('%');
                        norm = formatIpv6(ipv6Value(a)) + (pct >= 0 ? a.substring(pct) : "");
                    }
                    if (norm == null) continue;
                    if (!nameservers.contains(norm)) nameservers.add(norm);
                    List<String> fam = v4 ? ip4 : ip6;
                    if (!fam.contains(norm)) fam.add(norm);
                }
                case "domain" -> domain = arg.get(0);
                case "search" -> search = arg;
                case "sortlist" -> {
                    for (String ipRaw : arg) {
                        String net = sortlistEntry(ipRaw);
                        if (net != null && !sortlist.contains(net)) sortlist.add(net);
                    }
                }
                case "options" -> {
                    if (!options.contains(arg.get(0))) options.add(arg.get(0));
                }
                default -> { }
            }
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("nameservers", nameservers);
        g.put("ip4_nameservers", ip4);
        g.put("ip6_nameservers", ip6);
        g.put("sortlist", sortlist);
        g.put("domain", domain);
        g.put("search", search);
        g.put("options", options);
        return g;
    }

    private static boolean hasLeadingZero(String v4) {
        for (String p : v4.split("\\.")) if (p.length() > 1 && p.charAt(0) == '0') return true;
        return false;
    }

    /** An IPv4 sortlist entry as {@code ip_network(...).with_netmask}; no mask means the "natural" one. */
    private static String sortlistEntry(String raw) {
        String addr = raw;
        Integer prefix = null;
        int slash = raw.indexOf('/');
        if (slash >= 0) {
            addr = raw.substring(0, slash);
            String mask = raw.substring(slash + 1);
            BigInteger m = ipv4Value(mask);
            if (m != null) {
                long mv = m.longValue();
                int bits = Long.bitCount(mv);
                if (mv != ((0xffffffffL << (32 - bits)) & 0xffffffffL)) return null;
                prefix = bits;
            } else if (mask.chars().allMatch(Character::isDigit) && !mask.isEmpty() && mask.length() <= 2) {
                prefix = Integer.parseInt(mask);
                if (prefix > 32) return null;
            } else {
                return null;
            }
        }
        BigInteger a = ipv4Value(addr);
        if (a == null) return null;
        long av = a.longValue();
        if (prefix == null) {
            // strict ip_network(addr) is a /32; then Salt widens it to the natural netmask, non-strictly
            prefix = (av >>> 30) == 3 ? 24 : (av >>> 31) == 1 ? 16 : 8;
            av &= (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        } else {
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            if ((av & ~mask & 0xffffffffL) != 0) return null; // strict: host bits set
        }
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return dotted(av) + "/" + dotted(mask);
    }

    private static String dotted(long v) {
        return ((v >> 24) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }
}
