package dev.jsalt.cli.inventory;

import dev.jsalt.common.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns inventories into a starting state tree: one SLS per role found ({@code ROLE/init.sls}), the values that
 * differ between hosts of a role in pillar ({@code pillar/inventory/ID.sls}), and both top files.
 *
 * <p>What all hosts of a role share is written literally into the role's SLS, so it reads as documentation; what only
 * some hosts have (an extra package, a host-only firewall rule, an account) is pillar, looped over by the same SLS.
 * Declared: packages installed by hand ({@code pkg.installed}), running services ({@code service.running}, enabled),
 * ufw rules, default policies, logging and enablement (with {@code exact: true}, so the reproduction holds exactly
 * those rules), and accounts with a login shell and a regular uid ({@code user.present}). Found but left to the
 * formulas (named in the SLS header): tinc networks (vpn), MySQL servers and replication (mysql), cron entries and
 * listening sockets (checks for the operator).
 */
public final class StateTreeExport {
    private final List<HostInventory> hosts;
    private final Instant when;

    StateTreeExport(List<HostInventory> hosts, Instant when) {
        this.hosts = List.copyOf(hosts);
        this.when = when;
    }

    /** From {@code inventory.collect} returns by minion id. */
    public static StateTreeExport of(Map<String, Map<String, Object>> inventories, Instant when) {
        List<HostInventory> hosts = new ArrayList<>();
        inventories.forEach((id, raw) -> hosts.add(HostInventory.of(id, raw)));
        return new StateTreeExport(hosts, when);
    }

    /** Relative path → file content, e.g. {@code states/app/init.sls}, {@code pillar/top.sls}. */
    public Map<String, String> files() {
        Map<String, List<HostInventory>> byRole = new TreeMap<>();
        for (HostInventory h : hosts) byRole.computeIfAbsent(h.exportRole(), r -> new ArrayList<>()).add(h);
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder top = new StringBuilder(header("State top file")).append("base:\n");
        StringBuilder pillarTop = new StringBuilder(header("Pillar top file")).append("base:\n");
        for (Map.Entry<String, List<HostInventory>> e : byRole.entrySet()) {
            String role = e.getKey();
            List<HostInventory> members = e.getValue();
            String sls = slsName(role);
            boolean byGrain = members.stream().allMatch(h -> role.equals(h.role()));
            List<String> ids = members.stream().map(HostInventory::id).toList();
            String target = byGrain ? "role=" + role : ids.size() > 1 ? "L@" + String.join(",", ids) : ids.get(0);
            top.append("  ").append(lit(target)).append(":\n    - ").append(sls).append('\n');
            RoleSls r = new RoleSls(role, sls, members);
            files.put("states/" + sls + "/init.sls", r.sls());
            for (HostInventory h : members) {
                files.put("pillar/inventory/" + slsName(h.id()) + ".sls", r.pillar(h));
                pillarTop.append("  ").append(lit(h.id())).append(":\n    - inventory.").append(slsName(h.id())).append('\n');
            }
        }
        files.put("states/top.sls", top.toString());
        files.put("pillar/top.sls", pillarTop.toString());
        return files;
    }

    private String header(String what) {
        return "# " + what + " exported by 'jsalt inventory --export' at " + when + ".\n"
                + "# A starting point: review it, then apply with --test first.\n";
    }

    /** SLS names are lower-case words: role or id with anything else turned into '_'. */
    static String slsName(String s) {
        String n = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return n.isEmpty() || !Character.isLetter(n.charAt(0)) ? "r_" + n : n;
    }

    /** A state ID fragment: lower-case, runs of anything else as one '-'. */
    static String slug(String s) {
        String x = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return x.isEmpty() ? "x" : x;
    }

    /**
     * A YAML scalar for {@code v}: JSON (which YAML reads as is). Text that Jinja would read as a tag is wrapped in
     * raw so the value survives rendering untouched.
     */
    static String lit(Object v) {
        String s = Json.string(v);
        return s.contains("{{") || s.contains("{%") || s.contains("{#") ? "{% raw %}" + s + "{% endraw %}" : s;
    }

    /** One role's SLS and its hosts' pillar. */
    private final class RoleSls {
        final String role;
        final String sls;
        final List<HostInventory> members;
        final List<String> packages;
        final List<String> services;
        final Map<String, Map<String, Object>> rules;
        final Map<String, Map<String, Object>> users;
        final boolean ufw;
        /** ufw settings (enabled, logging, policies) shared by every member, or null when they differ. */
        final Map<String, Object> ufwSettings;

        RoleSls(String role, String sls, List<HostInventory> members) {
            this.role = role;
            this.sls = sls;
            this.members = members;
            this.packages = common(members.stream().map(HostInventory::manualPackages).toList());
            this.services = common(members.stream().map(HostInventory::runningServices).toList());
            this.rules = commonMaps(members.stream().map(RoleSls::rulesOf).toList());
            this.users = commonMaps(members.stream().map(RoleSls::usersOf).toList());
            this.ufw = members.stream().anyMatch(HostInventory::ufwInstalled);
            List<Map<String, Object>> settings = members.stream().map(RoleSls::ufwSettingsOf).distinct().toList();
            this.ufwSettings = settings.size() == 1 ? settings.get(0) : null;
        }

        String sls() {
            StringBuilder b = new StringBuilder();
            b.append("# Role '").append(role).append("' as found on ").append(String.join(", ", members.stream().map(HostInventory::id).toList()))
                    .append(" by 'jsalt inventory' at ").append(when).append(".\n")
                    .append("# Shared by every host of the role: written here. Host-only values: pillar 'inventory' (pillar/inventory/ID.sls).\n");
            notes(b);
            b.append("{%- set inv = salt['pillar.get']('inventory', {}) %}\n");
            if (!packages.isEmpty()) {
                b.append('\n').append(sls).append("-packages:\n  pkg.installed:\n    - pkgs:\n");
                for (String p : packages) b.append("      - ").append(lit(p)).append('\n');
            }
            b.append("{%- for name in inv.get('packages', []) %}\n\ninventory-package-{{ name }}:\n  pkg.installed:\n    - name: {{ name|tojson }}\n{%- endfor %}\n");
            for (String s : services) b.append('\n').append(service("service-" + slug(s), lit(s)));
            b.append("{%- for name in inv.get('services', []) %}\n\n")
                    .append(service("inventory-service-{{ name }}", "{{ name|tojson }}")).append("{%- endfor %}\n");
            users.forEach((name, u) -> b.append('\n').append(sls).append("-user-").append(slug(name)).append(":\n  user.present:\n")
                    .append(args(u)));
            b.append("{%- for name, args in inv.get('users', {})|dictsort %}\n\ninventory-user-{{ name }}:\n  user.present:\n"
                    + "{%- for key, value in args|dictsort %}\n    - {{ key }}: {{ value|tojson }}\n{%- endfor %}\n{%- endfor %}\n");
            if (ufw) ufw(b);
            return b.toString();
        }

        private String service(String id, String nameLiteral) {
            return id + ":\n  service.running:\n    - name: " + nameLiteral + "\n    - enable: True\n";
        }

        private void ufw(StringBuilder b) {
            String defaults = sls + "-ufw-defaults";
            rules.forEach((id, args) -> b.append('\n').append(sls).append("-ufw-").append(id).append(":\n  ufw.rule:\n")
                    .append(args(args)).append("    - require_in:\n      - ufw: ").append(defaults).append('\n'));
            b.append("{%- for id, args in inv.get('ufw_rules', {})|dictsort %}\n\ninventory-ufw-{{ id }}:\n  ufw.rule:\n"
                    + "{%- for key, value in args|dictsort %}\n    - {{ key }}: {{ value|tojson }}\n{%- endfor %}\n"
                    + "    - require_in:\n      - ufw: ").append(defaults).append("\n{%- endfor %}\n");
            b.append("{%- set ufw = inv.get('ufw', ").append(ufwSettings == null ? "{}" : lit(ufwSettings))
                    .append(") %}\n{%- set policies = ufw.get('policies', {}) %}\n\n")
                    .append(sls).append("-ufw-logging:\n  ufw.logging:\n    - level: {{ ufw.get('logging', 'low')|tojson }}\n\n")
                    .append(defaults).append(":\n  ufw.default:\n")
                    .append("    - incoming: {{ policies.get('incoming', 'deny')|tojson }}\n")
                    .append("    - outgoing: {{ policies.get('outgoing', 'allow')|tojson }}\n")
                    .append("    - routed: {{ policies.get('routed', 'deny')|tojson }}\n")
                    .append("    - ssh_port: {{ ufw.get('ssh_port', 22) }}\n")
                    .append("{%- if ufw.get('enabled') %}\n\n")
                    .append(sls).append("-ufw-enabled:\n  ufw.enabled:\n    - exact: True\n    - ssh_port: {{ ufw.get('ssh_port', 22) }}\n")
                    .append("    - require:\n      - ufw: ").append(defaults).append("\n      - ufw: ").append(sls).append("-ufw-logging\n")
                    .append("{%- else %}\n\n").append(sls).append("-ufw-disabled:\n  ufw.disabled: []\n{%- endif %}\n");
        }

        private void notes(StringBuilder b) {
            List<String> notes = new ArrayList<>();
            for (HostInventory h : members) {
                for (Map<String, Object> t : h.tinc()) {
                    notes.add(h.id() + ": tinc network '" + t.get("network") + "' (node " + t.get("name") + ", "
                            + (Boolean.TRUE.equals(t.get("running")) ? "running" : "not running") + ") — declare it with the vpn formula");
                }
                if (Boolean.TRUE.equals(h.mysql().get("installed"))) {
                    notes.add(h.id() + ": " + h.mysql().get("server") + (Boolean.TRUE.equals(h.mysql().get("running")) ? " running" : " installed")
                            + (h.mysql().get("role") != null ? ", replication role " + h.mysql().get("role") : "") + " — declare it with the mysql formula");
                }
                for (Map<String, Object> c : h.cron()) {
                    notes.add(h.id() + ": cron " + c.get("source") + ": " + c.get("schedule") + " " + c.get("user") + " " + c.get("command"));
                }
                for (Map<String, Object> r : h.ufwRules()) {
                    if (Boolean.FALSE.equals(r.get("declarable"))) notes.add(h.id() + ": ufw rule '" + r.get("rule") + "' uses an application profile; declare it by port");
                }
                h.errors().forEach((section, why) -> notes.add(h.id() + ": inventory section " + section + " unreadable: " + why));
            }
            if (notes.isEmpty()) return;
            b.append("#\n# Found but not declared here:\n");
            for (String n : notes) b.append("#   ").append(n.replace("\n", " ").replace("{#", "{ #").replace("#}", "# }")).append('\n');
        }

        /** Host-only values: what this host has beyond what the role's SLS declares for all. */
        String pillar(HostInventory h) {
            Map<String, Object> inv = new LinkedHashMap<>();
            List<String> pk = new ArrayList<>(h.manualPackages());
            pk.removeAll(packages);
            if (!pk.isEmpty()) inv.put("packages", pk);
            List<String> sv = new ArrayList<>(h.runningServices());
            sv.removeAll(services);
            if (!sv.isEmpty()) inv.put("services", sv);
            Map<String, Map<String, Object>> us = new TreeMap<>(usersOf(h));
            users.keySet().forEach(us::remove);
            if (!us.isEmpty()) inv.put("users", us);
            if (h.ufwInstalled()) {
                Map<String, Map<String, Object>> rs = new TreeMap<>(rulesOf(h));
                rules.keySet().forEach(rs::remove);
                if (!rs.isEmpty()) inv.put("ufw_rules", rs);
                if (ufwSettings == null) inv.put("ufw", ufwSettingsOf(h));
            }
            return "# Host-only values of " + h.id() + " (role " + role + "), exported by 'jsalt inventory' at " + when + ".\n"
                    + "inventory: " + lit(inv) + "\n";
        }

        /** What ufw.enabled/default/logging need of a host. */
        static Map<String, Object> ufwSettingsOf(HostInventory h) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("enabled", Boolean.TRUE.equals(h.ufw().get("enabled")));
            u.put("logging", h.ufw().getOrDefault("logging", "low"));
            u.put("policies", new TreeMap<>(HostInventory.map(h.ufw().get("policies"))));
            u.put("ssh_port", 22);
            return u;
        }

        /** Declarable rules of a host by a stable id made from the rule's words. */
        static Map<String, Map<String, Object>> rulesOf(HostInventory h) {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            for (Map<String, Object> r : h.ufwRules()) {
                if (Boolean.FALSE.equals(r.get("declarable")) || !(r.get("args") instanceof Map<?, ?>)) continue;
                String id = slug(String.valueOf(r.get("rule")).replace("from any to any ", ""));
                if (r.get("args") instanceof Map<?, ?> a && a.containsKey("family")) id += "-" + a.get("family");
                out.put(id, HostInventory.map(r.get("args")));
            }
            return out;
        }

        /** Regular accounts as user.present arguments. */
        static Map<String, Map<String, Object>> usersOf(HostInventory h) {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            for (Map<String, Object> u : h.users()) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("name", u.get("name"));
                a.put("uid", u.get("uid"));
                a.put("home", u.get("home"));
                a.put("shell", u.get("shell"));
                if (u.get("fullname") != null && !String.valueOf(u.get("fullname")).isEmpty()) a.put("fullname", u.get("fullname"));
                if (!HostInventory.list(u.get("groups")).isEmpty()) a.put("groups", u.get("groups"));
                out.put(String.valueOf(u.get("name")), a);
            }
            return out;
        }

        private static String args(Map<String, Object> args) {
            StringBuilder b = new StringBuilder();
            args.forEach((k, v) -> b.append("    - ").append(k).append(": ").append(lit(v)).append('\n'));
            return b.toString();
        }

        /** Items every list has, in the first list's order. */
        private static List<String> common(List<List<String>> lists) {
            if (lists.isEmpty()) return List.of();
            Set<String> keep = new LinkedHashSet<>(lists.get(0));
            for (List<String> l : lists) keep.retainAll(l);
            return List.copyOf(keep);
        }

        /** Entries every map has with the same value. */
        private static Map<String, Map<String, Object>> commonMaps(List<Map<String, Map<String, Object>>> maps) {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            if (maps.isEmpty()) return out;
            maps.get(0).forEach((k, v) -> {
                if (maps.stream().allMatch(m -> v.equals(m.get(k)))) out.put(k, v);
            });
            return out;
        }
    }
}
