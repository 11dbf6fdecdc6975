package dev.jsalt.cli.inventory;

import dev.jsalt.cli.Output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One minion's inventory for a terminal: a line or a short block per section, details only where they matter. */
final class InventoryPrinter {
    private final Output out;

    InventoryPrinter(Output out) { this.out = out; }

    void print(String minion, Map<String, Object> inv) {
        Object role = inv.get("role");
        out.out().println(out.cyan(minion) + (role == null ? "" : " (role " + role + ")") + ":");
        section(inv, "packages", v -> {
            List<?> manual = HostInventory.list(v.get("manual"));
            return v.get("count") + " installed, " + manual.size() + " by hand: " + join(manual, 40);
        });
        section(inv, "services", v -> {
            List<String> running = new ArrayList<>();
            List<String> stopped = new ArrayList<>();
            for (Object o : HostInventory.list(v.get("services"))) {
                Map<String, Object> s = HostInventory.map(o);
                if (Boolean.TRUE.equals(s.get("running"))) running.add(String.valueOf(s.get("name")));
                else if (Boolean.FALSE.equals(s.get("running"))) stopped.add(String.valueOf(s.get("name")));
            }
            return "(" + v.get("manager") + ") running: " + join(running, 40) + "; stopped: " + join(stopped, 20);
        });
        listSection(inv, "listening", s -> s.get("proto") + " " + s.get("address") + ":" + s.get("port")
                + (s.get("process") == null ? "" : " " + s.get("process") + "[" + s.get("pid") + "]"));
        section(inv, "ufw", v -> {
            if (!Boolean.TRUE.equals(v.get("installed"))) return "not installed";
            StringBuilder b = new StringBuilder(Boolean.TRUE.equals(v.get("enabled")) ? "enabled" : "disabled");
            b.append(", default ").append(v.get("policies")).append(", logging ").append(v.get("logging"));
            for (Object o : HostInventory.list(v.get("rules"))) {
                Map<String, Object> r = HostInventory.map(o);
                b.append("\n        ").append(r.get("rule")).append(" ").append(r.get("families"));
            }
            return b.toString();
        });
        listSection(inv, "tinc", t -> t.get("network") + ": node " + t.get("name") + " on " + t.get("interface") + ", "
                + (Boolean.TRUE.equals(t.get("running")) ? "running" : "not running") + ", connects to " + t.get("connect_to")
                + ", knows " + t.get("hosts"));
        section(inv, "mysql", v -> {
            if (!Boolean.TRUE.equals(v.get("installed"))) return "not installed";
            if (!Boolean.TRUE.equals(v.get("running"))) return v.get("server") + " installed, not running";
            if (v.get("error") != null) return v.get("server") + " running; status unreadable: " + v.get("error");
            Map<String, Object> r = HostInventory.map(v.get("replication"));
            return v.get("server") + " running, replication role " + v.get("role")
                    + (r.get("source") == null ? "" : " (source " + r.get("source") + ", io " + r.get("io_running") + ", sql "
                    + r.get("sql_running") + ", lag " + r.get("lag_seconds") + ")");
        });
        listSection(inv, "users", u -> u.get("name") + " uid " + u.get("uid") + " " + u.get("shell"));
        listSection(inv, "cron", c -> c.get("schedule") + " " + c.get("user") + " " + c.get("command") + "  (" + c.get("source") + ")");
    }

    private void section(Map<String, Object> inv, String key, java.util.function.Function<Map<String, Object>, String> f) {
        if (!inv.containsKey(key)) return;
        Map<String, Object> v = HostInventory.map(inv.get(key));
        String text = v.size() == 1 && v.containsKey("error") ? out.red("unreadable: " + v.get("error")) : f.apply(v);
        out.out().println("    " + key + ": " + text);
    }

    private void listSection(Map<String, Object> inv, String key, java.util.function.Function<Map<String, Object>, String> f) {
        if (!inv.containsKey(key)) return;
        Object v = inv.get(key);
        if (v instanceof Map<?, ?> m && m.containsKey("error")) {
            out.out().println("    " + key + ": " + out.red("unreadable: " + m.get("error")));
            return;
        }
        List<?> l = HostInventory.list(v);
        out.out().println("    " + key + ": " + (l.isEmpty() ? "none" : ""));
        for (Object o : l) out.out().println("        " + f.apply(HostInventory.map(o)));
    }

    private static String join(List<?> items, int max) {
        if (items.isEmpty()) return "none";
        List<String> s = items.stream().limit(max).map(String::valueOf).toList();
        return String.join(", ", s) + (items.size() > max ? ", ... (" + (items.size() - max) + " more)" : "");
    }
}
