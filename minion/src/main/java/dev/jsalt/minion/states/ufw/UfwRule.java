package dev.jsalt.minion.states.ufw;

import java.util.ArrayList;
import java.util.List;

/**
 * One ufw rule for one address family, normalised: what a {@code ### tuple ###} line of user.rules/user6.rules
 * says, or what a declared rule expands to. Comparing two rules compares what they filter, never their text.
 *
 * @param action    allow, deny, reject or limit
 * @param log       "", "log" or "log-all" (per-rule logging)
 * @param route     a {@code ufw route} (FORWARD) rule
 * @param direction in or out
 * @param ifaceIn   {@code in on IFACE}, or ""
 * @param ifaceOut  {@code out on IFACE}, or ""
 * @param proto     tcp, udp, any (or another protocol ufw knows, e.g. esp)
 * @param dport     destination ports
 * @param dst       destination address
 * @param sport     source ports
 * @param src       source address
 * @param dapp      destination application profile (read from the host; declaring apps is not supported), or ""
 * @param sapp      source application profile, or ""
 * @param v6        lives in user6.rules (IPv6) rather than user.rules
 * @param comment   the rule's comment, or ""
 */
public record UfwRule(String action, String log, boolean route, String direction, String ifaceIn, String ifaceOut,
                      String proto, Ports dport, Address dst, Ports sport, Address src, String dapp, String sapp,
                      boolean v6, String comment) {

    /**
     * What ufw itself matches a rule on (everything but action, logging and comment). Two rules with the same key
     * cannot coexist: ufw replaces the old one in place when the new one is added.
     */
    public record Key(boolean route, String direction, String ifaceIn, String ifaceOut, String proto, Ports dport,
                      Address dst, Ports sport, Address src, String dapp, String sapp, boolean v6) {
    }

    public UfwRule {
        log = log == null ? "" : log;
        ifaceIn = ifaceIn == null ? "" : ifaceIn;
        ifaceOut = ifaceOut == null ? "" : ifaceOut;
        dapp = dapp == null ? "" : dapp;
        sapp = sapp == null ? "" : sapp;
        comment = comment == null ? "" : comment;
    }

    public Key key() {
        return new Key(route, direction, ifaceIn, ifaceOut, proto, dport, dst, sport, src, dapp, sapp, v6);
    }

    /** Same filter and same verdict: nothing to do (a differing comment is updated in place). */
    public boolean sameVerdict(UfwRule o) {
        return key().equals(o.key()) && action.equals(o.action) && log.equals(o.log);
    }

    public UfwRule withComment(String c) {
        return new UfwRule(action, log, route, direction, ifaceIn, ifaceOut, proto, dport, dst, sport, src, dapp, sapp,
                v6, c);
    }

    /** This rule for the other address family (only meaningful when both addresses are "any"). */
    public UfwRule withV6(boolean six) {
        return new UfwRule(action, log, route, direction, ifaceIn, ifaceOut, proto, dport, dst, sport, src, dapp, sapp,
                six, comment);
    }

    /** Both addresses are "any", so one ufw command can add or delete the IPv4 and IPv6 copies together. */
    public boolean familyFree() { return src.isAny() && dst.isAny(); }

    /**
     * The rule in ufw's command syntax (after {@code ufw}, without {@code delete}); {@code anyFamily} writes "any"
     * addresses so ufw acts on both families, otherwise they are pinned to this rule's family.
     */
    public List<String> words(boolean anyFamily, boolean withComment) {
        List<String> w = new ArrayList<>();
        if (route) w.add("route");
        w.add(action);
        if (route) {
            if (!ifaceIn.isEmpty()) w.addAll(List.of("in", "on", ifaceIn));
            if (!ifaceOut.isEmpty()) w.addAll(List.of("out", "on", ifaceOut));
            if (ifaceIn.isEmpty() && ifaceOut.isEmpty() && "out".equals(direction)) w.add("out");
        } else {
            w.add(direction);
            String iface = "in".equals(direction) ? ifaceIn : ifaceOut;
            if (!iface.isEmpty()) w.addAll(List.of("on", iface));
        }
        if (!log.isEmpty()) w.add(log);
        boolean apps = !dapp.isEmpty() || !sapp.isEmpty();
        // ufw takes the protocol from the application profile and refuses an explicit one next to "app"
        if (!apps && !"any".equals(proto)) w.addAll(List.of("proto", proto));
        w.addAll(List.of("from", address(src, anyFamily)));
        if (!sapp.isEmpty()) w.addAll(List.of("app", sapp));
        else if (!sport.isAny()) w.addAll(List.of("port", sport.toString()));
        w.addAll(List.of("to", address(dst, anyFamily)));
        if (!dapp.isEmpty()) w.addAll(List.of("app", dapp));
        else if (!dport.isAny()) w.addAll(List.of("port", dport.toString()));
        if (withComment && !comment.isEmpty()) w.addAll(List.of("comment", comment));
        return w;
    }

    private String address(Address a, boolean anyFamily) {
        if (!a.isAny()) return a.text();
        if (anyFamily) return "any";
        return v6 ? "::/0" : "0.0.0.0/0";
    }

    /** Human form for changes and comments, e.g. {@code allow in on eth1 proto tcp from any to any port 22 (v6)}. */
    public String describe() {
        List<String> w = words(true, false);
        String s = String.join(" ", w);
        if (!comment.isEmpty()) s += " comment '" + comment + "'";
        return s + (v6 ? " (v6)" : " (v4)");
    }

    @Override
    public String toString() { return describe(); }
}
