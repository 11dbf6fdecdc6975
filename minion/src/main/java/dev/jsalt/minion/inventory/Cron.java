package dev.jsalt.minion.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cron entries: {@code /etc/crontab} and {@code /etc/cron.d/*} (system format, with a user field) and the per-user
 * crontabs in {@code /var/spool/cron/crontabs} (the file name is the user). Variable assignments are skipped.
 */
final class Cron implements Section {

    @Override
    public String name() { return "cron"; }

    @Override
    public Object collect(Host host) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        host.read("/etc/crontab").ifPresent(t -> out.addAll(parse(t, "/etc/crontab", null)));
        for (Path p : host.files("/etc/cron.d")) {
            if (p.getFileName().toString().startsWith(".")) continue;
            out.addAll(parse(Files.readString(p), "/etc/cron.d/" + p.getFileName(), null));
        }
        for (Path p : host.files("/var/spool/cron/crontabs")) {
            String user = p.getFileName().toString();
            out.addAll(parse(Files.readString(p), "/var/spool/cron/crontabs/" + user, user));
        }
        return out;
    }

    /** @param user the crontab's owner, or null for system files whose lines carry the user in field 6 */
    static List<Map<String, Object>> parse(String text, String source, String user) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.matches("^[A-Za-z_][A-Za-z0-9_]*\\s*=.*")) continue;
            boolean special = l.startsWith("@");
            int timeFields = special ? 1 : 5;
            String[] f = l.split("\\s+", timeFields + (user == null ? 2 : 1));
            if (f.length < timeFields + (user == null ? 2 : 1)) continue;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("source", source);
            e.put("schedule", String.join(" ", java.util.Arrays.copyOfRange(f, 0, timeFields)));
            e.put("user", user == null ? f[timeFields] : user);
            e.put("command", f[f.length - 1]);
            out.add(e);
        }
        return out;
    }
}
