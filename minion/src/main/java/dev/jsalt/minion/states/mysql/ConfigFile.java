package dev.jsalt.minion.states.mysql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The option file {@code mysql.server_config} writes, and the comparison of its values with the running server's.
 * Rendering is deterministic (fixed order for the named settings, then {@code options:} in the order given) so a
 * second run produces the same bytes and reports no change.
 */
public final class ConfigFile {
    public static final String HEADER = "# Managed by jsalt (mysql.server_config). Local edits are overwritten.";

    /** Settings accepted as top-level arguments, in the order they are written. */
    public static final List<String> NAMED = List.of(
            "server_id", "gtid_domain_id", "log_bin", "binlog_format", "relay_log", "log_slave_updates",
            "gtid_strict_mode", "gtid_ignore_duplicates", "gtid_mode", "enforce_gtid_consistency",
            "auto_increment_increment", "auto_increment_offset", "bind_address", "skip_name_resolve",
            "read_only", "expire_logs_days", "binlog_expire_logs_seconds", "max_binlog_size");

    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmgt])");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private ConfigFile() {
    }

    /** One {@code key = value} line; value null means a bare flag line. */
    public record Setting(String key, String value) {
        public Setting {
            if (!KEY.matcher(key).matches()) throw new IllegalArgumentException("invalid option name '" + key + "'");
            if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
                throw new IllegalArgumentException("option '" + key + "' has a line break in its value");
            }
        }

        String line() { return value == null ? key : key + " = " + value; }

        /** The server variable this option sets: dashes become underscores. */
        String variable() { return key.replace('-', '_').toLowerCase(Locale.ROOT); }
    }

    /** Turns a YAML value into option-file text; true/false become 1/0 (log_bin: true becomes a bare flag). */
    public static Setting setting(String key, Object value) {
        if (value == null) return new Setting(key, null);
        if (value instanceof Boolean b) {
            if (key.equals("log_bin")) return b ? new Setting("log_bin", null) : new Setting("skip_log_bin", null);
            return new Setting(key, b ? "1" : "0");
        }
        return new Setting(key, value.toString().strip());
    }

    /** The whole file for one section. */
    public static String render(String section, List<Setting> settings) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append('[').append(section).append("]\n");
        for (Setting s : settings) sb.append(s.line()).append('\n');
        return sb.toString();
    }

    /** Variable names to ask the running server about ({@code SHOW GLOBAL VARIABLES WHERE ...}). */
    public static List<String> variablesToRead(List<Setting> settings) {
        List<String> names = new ArrayList<>();
        for (Setting s : settings) {
            names.add(s.variable());
            if (s.variable().equals("log_bin")) names.add("log_bin_basename");
        }
        return names;
    }

    /**
     * Settings whose running value differs from the file, as {@code name → "running X, configured Y"}. Options the
     * server does not expose as a variable (e.g. {@code skip_log_bin}, mysqld_safe settings) cannot be compared
     * and are left out.
     */
    public static Map<String, String> differences(List<Setting> settings, Map<String, String> running) {
        Map<String, String> diff = new LinkedHashMap<>();
        for (Setting s : settings) {
            String var = s.variable();
            if (!running.containsKey(var)) continue;
            String have = running.get(var) == null ? "" : running.get(var);
            boolean same;
            if (var.equals("log_bin")) {
                same = isOn(have) && (s.value() == null || s.value().equals("1")
                        || sameValue(s.value(), running.getOrDefault("log_bin_basename", "")));
            } else {
                same = sameValue(s.value() == null ? "1" : s.value(), have);
            }
            if (!same) diff.put(s.key(), "running " + (have.isEmpty() ? "''" : have) + ", configured "
                    + (s.value() == null ? "ON" : s.value()));
        }
        return diff;
    }

    /** Loose equality across the spellings a server reports: ON/1/true, 1G/1073741824, basename/full path. */
    static boolean sameValue(String configured, String running) {
        String want = normalize(configured);
        String have = normalize(running);
        if (want.equals(have)) return true;
        // file names: relay_log = relay-bin vs /var/lib/mysql/relay-bin; log_bin basename likewise
        return !want.isEmpty() && (have.endsWith("/" + want) || want.endsWith("/" + have));
    }

    static String normalize(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            s = s.substring(1, s.length() - 1);
        }
        switch (s) {
            case "on", "true", "yes", "1": return "1";
            case "off", "false", "no", "0": return "0";
            default:
        }
        Matcher m = SIZE.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2)) { case "k" -> 10; case "m" -> 20; case "g" -> 30; default -> 40; };
            return Long.toString(n << shift);
        }
        return s;
    }

    private static boolean isOn(String v) { return normalize(v).equals("1"); }
}
