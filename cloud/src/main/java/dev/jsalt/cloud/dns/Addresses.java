package dev.jsalt.cloud.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Literal IP addresses, checked and written the one canonical way (no name lookups). */
public final class Addresses {
    private static final Pattern V4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private Addresses() {
    }

    public static boolean isV4(String s) { return s != null && V4.matcher(s).matches(); }

    public static boolean isV6(String s) {
        if (s == null || !s.contains(":") || !V6.matcher(s).matches()) return false;
        try {
            return InetAddress.getByName(s) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** RFC 5952 form ({@code 2001:db8::1}); the input unchanged if it is not an IPv6 literal. */
    public static String canonicalV6(String s) {
        if (!isV6(s)) return s;
        try {
            InetAddress a = InetAddress.getByName(s);
            if (a instanceof Inet4Address) return s;
            byte[] b = a.getAddress();
            int[] w = new int[8];
            for (int i = 0; i < 8; i++) w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
            int bestStart = -1, bestLen = 1;
            for (int i = 0; i < 8; ) {
                if (w[i] != 0) { i++; continue; }
                int j = i;
                while (j < 8 && w[j] == 0) j++;
                if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
                i = j;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    sb.append("::");
                    i += bestLen - 1;
                    continue;
                }
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
                sb.append(Integer.toHexString(w[i]));
            }
            return sb.toString();
        } catch (UnknownHostException e) {
            return s;
        }
    }
}
