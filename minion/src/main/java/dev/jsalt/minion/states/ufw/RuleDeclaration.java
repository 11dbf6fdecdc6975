package dev.jsalt.minion.states.ufw;

import dev.jsalt.minion.state.Args;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the args of one declared rule ({@code ufw.rule} args, or one entry of {@code ufw.rules_exact}'s
 * {@code rules}) into the per-family rules ufw will hold: a rule whose addresses are both "any" becomes an IPv4 and
 * an IPv6 rule (when IPV6=yes), exactly as {@code ufw allow 22/tcp} writes one tuple into each file.
 */
public final class RuleDeclaration {
    private static final Set<String> ACTIONS = Set.of("allow", "deny", "reject", "limit");
    private static final Set<String> PROTOS = Set.of("any", "tcp", "udp", "ah", "esp", "gre", "ipv6", "igmp", "vrrp");
    /** Linux interface names: at most 15 characters, no blanks, no '!' or '/' (which ufw's tuple format would break). */
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.+-]{1,15}");
    private static final Set<String> KNOWN = Set.of("action", "direction", "interface", "on", "interface_in",
            "interface_out", "route", "from", "src", "to", "dst", "port", "to_port", "dport", "from_port", "sport",
            "proto", "protocol", "comment", "log", "family", "name");
    /** Salt's global state keywords; the compiler may leave them in args, they say nothing about the rule. */
    static final Set<String> GLOBAL = Set.of("order", "failhard", "names", "onlyif", "unless", "retry", "parallel",
            "reload_modules", "check_cmd", "fun", "state");

    private RuleDeclaration() {
    }

    /**
     * @param args  the rule's arguments
     * @param where for error messages, e.g. {@code ufw.rule 'ssh-public'}
     * @param ipv6  IPV6=yes in /etc/default/ufw: "any" rules also get an IPv6 copy
     */
    public static List<UfwRule> expand(Map<String, ?> args, String where, boolean ipv6) {
        for (String k : args.keySet()) {
            if (!KNOWN.contains(k) && !GLOBAL.contains(k) && !k.startsWith("__")) throw bad(where, k, "is not a ufw rule argument (known: " + String.join(", ",
                    KNOWN.stream().sorted().toList()) + ")");
        }
        String action = lower(first(args, "allow", "action"));
        if (!ACTIONS.contains(action)) throw bad(where, "action", "must be allow, deny, reject or limit, got '" + action + "'");
        String direction = lower(first(args, "in", "direction"));
        if (!direction.equals("in") && !direction.equals("out")) {
            throw bad(where, "direction", "must be in or out, got '" + direction + "'");
        }
        boolean route = bool(args.get("route"), where, "route");
        String iface = iface(first(args, "", "interface", "on"), where, "interface");
        String ifaceIn = "";
        String ifaceOut = "";
        if (route) {
            ifaceIn = iface(first(args, "", "interface_in"), where, "interface_in");
            ifaceOut = iface(first(args, "", "interface_out"), where, "interface_out");
            if (!iface.isEmpty()) {
                if (direction.equals("in")) ifaceIn = iface; else ifaceOut = iface;
            }
            // ufw records a routed rule's direction from its interfaces
            if (!ifaceIn.isEmpty()) direction = "in";
            else if (!ifaceOut.isEmpty()) direction = "out";
        } else {
            if (args.get("interface_in") != null || args.get("interface_out") != null) {
                throw bad(where, "interface_in", "is only for route: true rules; use interface and direction");
            }
            if (direction.equals("in")) ifaceIn = iface; else ifaceOut = iface;
        }
        String proto = lower(first(args, "any", "proto", "protocol"));
        if (!PROTOS.contains(proto)) throw bad(where, "proto", "must be tcp, udp or any, got '" + proto + "'");
        Ports dport = ports(args, where, "port", "to_port", "dport");
        Ports sport = ports(args, where, "from_port", "sport");
        if ((dport.needsProto() || sport.needsProto()) && proto.equals("any")) {
            throw bad(where, "proto", "is required (tcp or udp) with a port range or list like " + (dport.needsProto() ? dport : sport));
        }
        if ((!dport.isAny() || !sport.isAny()) && !proto.equals("any") && !proto.equals("tcp") && !proto.equals("udp")) {
            throw bad(where, "proto", "'" + proto + "' has no ports");
        }
        Address src = address(args, where, "from", "src");
        Address dst = address(args, where, "to", "dst");
        if (src.family() != 0 && dst.family() != 0 && src.family() != dst.family()) {
            throw bad(where, "to", "mixes IPv4 and IPv6 (from " + src + " to " + dst + ")");
        }
        String logType = logType(args.get("log"), where);
        Object commentRaw = args.get("comment");
        String comment = commentRaw == null ? "" : commentRaw.toString();
        if (comment.contains("'") || comment.contains("\n")) {
            throw bad(where, "comment", "must be one line without single quotes");
        }

        int pinned = Math.max(src.family(), dst.family());
        String family = lower(first(args, "both", "family"));
        boolean want4;
        boolean want6;
        switch (family) {
            case "both", "any" -> { want4 = true; want6 = true; }
            case "ipv4", "4", "inet" -> { want4 = true; want6 = false; }
            case "ipv6", "6", "inet6" -> { want4 = false; want6 = true; }
            default -> throw bad(where, "family", "must be ipv4, ipv6 or both, got '" + family + "'");
        }
        if (pinned == 4) {
            if (!want4) throw bad(where, "family", "is ipv6 but the addresses are IPv4");
            want6 = false;
        } else if (pinned == 6) {
            if (!want6) throw bad(where, "family", "is ipv4 but the addresses are IPv6");
            if (!ipv6) throw bad(where, "from", "is IPv6 but IPV6=no in /etc/default/ufw");
            want4 = false;
        } else if (!ipv6) {
            want6 = false;
        }
        if (!want4 && !want6) throw bad(where, "family", "is ipv6 but IPV6=no in /etc/default/ufw");

        List<UfwRule> out = new ArrayList<>(2);
        UfwRule base = new UfwRule(action, logType, route, direction, ifaceIn, ifaceOut, proto, dport, dst, sport, src,
                "", "", false, comment);
        if (want4) out.add(base);
        if (want6) out.add(base.withV6(true));
        return out;
    }

    private static String first(Map<String, ?> args, String dflt, String... keys) {
        for (String k : keys) {
            Object v = args.get(k);
            if (v != null) return v.toString().trim();
        }
        return dflt;
    }

    private static String lower(String s) { return s.toLowerCase(Locale.ROOT); }

    private static boolean bool(Object v, String where, String key) {
        if (v == null) return false;
        Boolean b = Args.truth(v);
        if (b == null) throw bad(where, key, "must be true or false, got '" + v + "'");
        return b;
    }

    private static String iface(String s, String where, String key) {
        if (s.isEmpty() || s.equalsIgnoreCase("any")) return "";
        if (!IFACE.matcher(s).matches()) throw bad(where, key, "'" + s + "' is not an interface name");
        return s;
    }

    private static Ports ports(Map<String, ?> args, String where, String... keys) {
        for (String k : keys) {
            Object v = args.get(k);
            if (v == null) continue;
            try {
                return Ports.parse(v);
            } catch (IllegalArgumentException e) {
                throw bad(where, k, e.getMessage());
            }
        }
        return Ports.ANY;
    }

    private static Address address(Map<String, ?> args, String where, String... keys) {
        for (String k : keys) {
            Object v = args.get(k);
            if (v == null) continue;
            try {
                return Address.parse(v.toString());
            } catch (IllegalArgumentException e) {
                throw bad(where, k, e.getMessage());
            }
        }
        return Address.ANY;
    }

    private static String logType(Object v, String where) {
        if (v == null) return "";
        String s = lower(v.toString().trim());
        return switch (s) {
            case "false", "no", "off", "" -> "";
            case "true", "yes", "on", "log" -> "log";
            case "all", "log-all" -> "log-all";
            default -> throw bad(where, "log", "must be true, false or all, got '" + v + "'");
        };
    }

    private static IllegalArgumentException bad(String where, String key, String why) {
        return new IllegalArgumentException("argument '" + key + "' of " + where + " " + why);
    }
}
