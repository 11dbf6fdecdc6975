package dev.jsalt.minion.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accounts that can log in: {@code /etc/passwd} entries whose shell is a real one (listed in {@code /etc/shells},
 * or any shell but nologin/false when that file is missing), with their groups from {@code /etc/group}.
 */
final class Users implements Section {
    private static final Set<String> NO_LOGIN = Set.of("/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false", "");

    @Override
    public String name() { return "users"; }

    @Override
    public Object collect(Host host) throws Exception {
        Set<String> shells = new HashSet<>();
        host.read("/etc/shells").ifPresent(t -> t.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(shells::add));
        Map<String, List<String>> groups = groups(host.read("/etc/group").orElse(""));
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : host.read("/etc/passwd").orElse("").split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 7) continue;
            String shell = f[6].strip();
            boolean login = shells.isEmpty() ? !NO_LOGIN.contains(shell) : shells.contains(shell) && !NO_LOGIN.contains(shell);
            if (!login) continue;
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("name", f[0]);
            u.put("uid", parse(f[2]));
            u.put("gid", parse(f[3]));
            u.put("fullname", f[4].split(",", -1)[0]);
            u.put("home", f[5]);
            u.put("shell", shell);
            u.put("groups", groups.getOrDefault(f[0], List.of()));
            out.add(u);
        }
        return out;
    }

    /** user → supplementary groups it is listed in. */
    static Map<String, List<String>> groups(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 4 || f[3].isBlank()) continue;
            for (String member : f[3].split(",")) {
                if (!member.isBlank()) out.computeIfAbsent(member.strip(), k -> new ArrayList<>()).add(f[0]);
            }
        }
        return out;
    }

    private static Long parse(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
