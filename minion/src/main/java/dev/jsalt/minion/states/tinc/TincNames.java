package dev.jsalt.minion.states.tinc;

import java.util.regex.Pattern;

/**
 * What may appear as a network, node or interface name. Every one of these ends up in a path
 * ({@code /etc/tinc/NET/hosts/NODE}), a config line or a unit name, so they are checked before use: no
 * {@code ../}, no spaces, no newlines that could smuggle extra config lines from pillar or mine data.
 */
public final class TincNames {
    /** tinc 1.0's own rule for node names (check_id: letters, digits and '_'). */
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9_]{1,64}");
    /** Net names become a directory, a pid file name and a systemd instance name (tinc@NET). */
    private static final Pattern NET = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,31}");
    /** Linux interface names: at most 15 bytes, no '/' or whitespace. */
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}");
    /** Host names or IP literals a peer dials: no spaces, so "Address = X" stays one token. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}");

    private TincNames() {
    }

    public static String node(String name) {
        return check(name, NODE, "node name", "letters, digits and '_'");
    }

    public static String net(String name) {
        return check(name, NET, "tinc network name", "letters, digits, '_' and '-' (max 32)");
    }

    public static String iface(String name) {
        return check(name, IFACE, "interface name", "letters, digits, '_', '.', '-' (max 15)");
    }

    public static String address(String addr) {
        return check(addr, ADDRESS, "address", "a host name or an IP address");
    }

    public static boolean isAddress(String addr) {
        return addr != null && ADDRESS.matcher(addr).matches();
    }

    public static boolean isNode(String name) {
        return name != null && NODE.matcher(name).matches();
    }

    /** tinc node name for a minion id: tinc allows only letters, digits and '_' ({@code web-1.example} → {@code web_1_example}). */
    public static String fromMinionId(String minionId) {
        if (minionId == null || minionId.isBlank()) throw new IllegalArgumentException("no minion id to derive a tinc node name from");
        return node(minionId.strip().replaceAll("[^A-Za-z0-9_]", "_"));
    }

    public static int port(long port) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        return (int) port;
    }

    private static String check(String value, Pattern p, String what, String allowed) {
        if (value == null || !p.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid " + what + ": '" + printable(value) + "' (allowed: " + allowed + ")");
        }
        return value;
    }

    /** Shows control characters in error messages instead of breaking the comment line. */
    static String printable(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\n') sb.append("\\n");
            else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(c);
        }
        return sb.length() > 80 ? sb.substring(0, 80) + "..." : sb.toString();
    }
}
