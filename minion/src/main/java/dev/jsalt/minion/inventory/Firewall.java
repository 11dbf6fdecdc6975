package dev.jsalt.minion.inventory;

import dev.jsalt.minion.states.ufw.UfwPaths;
import dev.jsalt.minion.states.ufw.UfwRule;
import dev.jsalt.minion.states.ufw.UfwState;
import dev.jsalt.minion.states.ufw.UfwStateReader;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ufw's configuration, read from its files by the ufw state module's own reader (so inventory and states agree on
 * what a rule is). Each rule is given as ufw words and as the arguments of a {@code ufw.rule} state; the IPv4 and
 * IPv6 copies that one {@code ufw allow} writes become one rule, as an operator would declare it.
 */
final class Firewall implements Section {

    @Override
    public String name() { return "ufw"; }

    @Override
    public Object collect(Host host) throws Exception {
        UfwPaths paths = UfwPaths.under(host.root(), "ufw");
        Map<String, Object> out = new LinkedHashMap<>();
        if (!Files.exists(paths.ufwConf()) && !Files.exists(paths.defaults())) {
            out.put("installed", false);
            return out;
        }
        UfwState s = new UfwStateReader(paths).read();
        out.put("installed", true);
        out.put("enabled", s.enabled());
        out.put("policies", new java.util.TreeMap<>(s.policies()));
        out.put("logging", s.logLevel());
        out.put("ipv6", s.ipv6());
        out.put("rules", rules(s.rules()));
        return out;
    }

    static List<Map<String, Object>> rules(List<UfwRule> rules) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<UfwRule> v6 = new ArrayList<>(rules.stream().filter(UfwRule::v6).toList());
        for (UfwRule r : rules) {
            if (r.v6()) continue;
            UfwRule twin = r.familyFree() ? v6.stream().filter(x -> x.withV6(false).equals(r)).findFirst().orElse(null) : null;
            if (twin != null) v6.remove(twin);
            out.add(describe(r, twin != null ? "both" : r.familyFree() ? "ipv4" : null));
        }
        for (UfwRule r : v6) out.add(describe(r, r.familyFree() ? "ipv6" : null));
        return out;
    }

    /** @param family "both", "ipv4"/"ipv6" for an any-address rule in one family only, or null (the address says it) */
    private static Map<String, Object> describe(UfwRule r, String family) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", String.join(" ", r.words(true, true)));
        m.put("families", family == null ? List.of(r.v6() ? "v6" : "v4") : family.equals("both") ? List.of("v4", "v6")
                : List.of(family.equals("ipv4") ? "v4" : "v6"));
        if (!r.dapp().isEmpty() || !r.sapp().isEmpty()) {
            // application profiles cannot be declared through ufw.rule; the operator has to translate them
            m.put("declarable", false);
            return m;
        }
        m.put("args", args(r, family));
        return m;
    }

    /** The rule as {@code ufw.rule} arguments (see RuleDeclaration); defaults are left out. */
    static Map<String, Object> args(UfwRule r, String family) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("action", r.action());
        if (r.route()) {
            a.put("route", true);
            if (!r.ifaceIn().isEmpty()) a.put("interface_in", r.ifaceIn());
            if (!r.ifaceOut().isEmpty()) a.put("interface_out", r.ifaceOut());
            if (r.ifaceIn().isEmpty() && r.ifaceOut().isEmpty() && r.direction().equals("out")) a.put("direction", "out");
        } else {
            if (r.direction().equals("out")) a.put("direction", "out");
            String iface = r.direction().equals("in") ? r.ifaceIn() : r.ifaceOut();
            if (!iface.isEmpty()) a.put("interface", iface);
        }
        if (!r.proto().equals("any")) a.put("proto", r.proto());
        if (!r.src().isAny()) a.put("from", r.src().text());
        if (!r.sport().isAny()) a.put("from_port", r.sport().toString());
        if (!r.dst().isAny()) a.put("to", r.dst().text());
        if (!r.dport().isAny()) a.put("port", r.dport().toString());
        if (!r.log().isEmpty()) a.put("log", r.log());
        if (!r.comment().isEmpty()) a.put("comment", r.comment());
        if (family != null && !family.equals("both")) a.put("family", family);
        return a;
    }
}
