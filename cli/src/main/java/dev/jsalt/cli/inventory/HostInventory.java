package dev.jsalt.cli.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed view of what {@code inventory.collect} returned for one minion: the parts an export turns into states.
 * Sections the minion could not read come back as {@code {"error": ...}} and read as empty here; {@link #errors()}
 * keeps them so the export can say what it could not see.
 */
record HostInventory(String id, String role, List<String> manualPackages, List<String> runningServices,
                     Map<String, Object> ufw, List<Map<String, Object>> ufwRules, List<Map<String, Object>> users,
                     List<Map<String, Object>> tinc, Map<String, Object> mysql, List<Map<String, Object>> cron,
                     Map<String, String> errors) {

    /** Accounts below this uid are the distribution's (root, daemons): not the operator's to declare. */
    static final long FIRST_REGULAR_UID = 1000;
    static final long NOBODY_UID = 65534;
    /** Services whose state the exported ufw states or the formulas (vpn, mysql) own; declaring them running would race those. */
    static final java.util.Set<String> FORMULA_SERVICES = java.util.Set.of("ufw", "tinc", "mariadb", "mysql");

    @SuppressWarnings("unchecked")
    static HostInventory of(String minion, Map<String, Object> raw) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("error")) {
                errors.put(e.getKey(), String.valueOf(m.get("error")));
            }
        }
        Object role = raw.get("role");
        Map<String, Object> pk = map(raw.get("packages"));
        List<String> manual = new ArrayList<>();
        for (Object o : list(pk.get("manual"))) manual.add(String.valueOf(o));
        List<String> running = new ArrayList<>();
        for (Object o : list(map(raw.get("services")).get("services"))) {
            Map<String, Object> s = map(o);
            String name = String.valueOf(s.get("name"));
            if (Boolean.TRUE.equals(s.get("running")) && !FORMULA_SERVICES.contains(name)) running.add(name);
        }
        Map<String, Object> ufw = map(raw.get("ufw"));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object o : list(ufw.get("rules"))) rules.add(map(o));
        List<Map<String, Object>> users = new ArrayList<>();
        for (Object o : list(raw.get("users"))) {
            Map<String, Object> u = map(o);
            long uid = u.get("uid") instanceof Number n ? n.longValue() : -1;
            if (uid >= FIRST_REGULAR_UID && uid != NOBODY_UID) users.add(u);
        }
        List<Map<String, Object>> tinc = new ArrayList<>();
        for (Object o : list(raw.get("tinc"))) tinc.add(map(o));
        List<Map<String, Object>> cron = new ArrayList<>();
        for (Object o : list(raw.get("cron"))) cron.add(map(o));
        return new HostInventory(minion, role == null || String.valueOf(role).isBlank() ? null : String.valueOf(role),
                manual, running, ufw, rules, users, tinc, map(raw.get("mysql")), cron, errors);
    }

    /** The role an export files this host under: its {@code role} grain, else its own id. */
    String exportRole() { return role != null ? role : id; }

    boolean ufwInstalled() { return Boolean.TRUE.equals(ufw.get("installed")); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
