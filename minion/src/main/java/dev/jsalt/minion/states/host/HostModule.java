package dev.jsalt.minion.states.host;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.states.sys.TextFile;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Salt's {@code host.present / absent / only}: names of addresses in /etc/hosts, with Salt's comments and changes
 * ({@code added: {ip: [name]}}, {@code removed}, {@code comment_added}; {@code host: name} for absent; {@code {ip: {old,
 * new}}} for only). Warnings Salt returns separately (the name on another address, without {@code clean}) end the
 * comment here. Reference: docs/states/host.md.
 */
public final class HostModule implements StateModule {
    static final Params PRESENT = Params.of("host.present", "name", "ip", "comment", "clean");
    static final Params ABSENT = Params.of("host.absent", "name", "ip");
    static final Params ONLY = Params.of("host.only", "name", "hostnames");

    private final Path file;

    public HostModule() { this(Path.of("/etc/hosts")); }

    /** A module editing {@code file} instead of /etc/hosts (tests). */
    public HostModule(Path file) { this.file = file; }

    @Override
    public String name() { return "host"; }

    @Override
    public Set<String> functions() { return Set.of("present", "absent", "only"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws Exception {
        HostsFile hosts = new HostsFile(TextFile.read(file));
        return switch (r.function()) {
            case "present" -> present(r, hosts);
            case "absent" -> absent(r, hosts);
            case "only" -> only(r, hosts);
            default -> Plan.failed("host has no function " + r.function());
        };
    }

    private static List<String> ips(Args a, String key) {
        List<String> ips = a.strings(key);
        for (String ip : ips) {
            if (!validIp(ip)) throw a.bad(key, "has an invalid IP address '" + ip + "'");
        }
        return ips;
    }

    static boolean validIp(String s) {
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String p : s.split("\\.")) if (Integer.parseInt(p) > 255) return false;
            return true;
        }
        if (!s.contains(":") || !s.matches("[0-9a-fA-F:.]+(%[A-Za-z0-9_.-]+)?")) return false;
        try {
            InetAddress.getByName(s.contains("%") ? s.substring(0, s.indexOf('%')) : s); // a literal: no lookup
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void checkName(Args a, String name) {
        if (name.isEmpty() || name.matches(".*[\\s#].*")) throw a.bad("name", "must be one host name without spaces or '#', got '" + name + "'");
    }

    private Plan present(Resource r, HostsFile hosts) {
        Args a = Args.of(r, PRESENT);
        String name = r.name();
        checkName(a, name);
        List<String> ips = ips(a, "ip");
        String comment = a.string("comment", "");
        if (comment.contains("\n")) throw a.bad("comment", "must be one line");
        boolean clean = a.bool("clean", false);
        Map<String, List<String>> all = hosts.hosts();
        List<String> same = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> toAdd = new ArrayList<>();
        List<String> toRemove = new ArrayList<>();
        List<String> toComment = new ArrayList<>();
        for (String ip : ips) {
            if (!all.containsKey(ip)) {
                toAdd.add(ip);
                if (!comment.isEmpty()) toComment.add(ip);
            }
        }
        for (Map.Entry<String, List<String>> e : all.entrySet()) {
            String addr = e.getKey();
            boolean named = e.getValue().contains(name);
            if (!ips.contains(addr)) {
                if (!named) continue;
                if (clean) toRemove.add(addr);
                else warnings.add("Host " + name + " present for IP address " + addr + ". To get rid of this warning, either run this"
                        + " state with 'clean' set to True to remove " + name + " from " + addr + ", or add " + addr + " to the 'ip' argument.");
            } else if (named) {
                if (!comment.isEmpty() && !comment.equals(hosts.comment(addr))) toComment.add(addr);
                else same.add("Host " + name + " (" + addr + ") already present");
            } else {
                toAdd.add(addr);
                if (!comment.isEmpty()) toComment.add(addr);
            }
        }
        if (toAdd.isEmpty() && toRemove.isEmpty() && toComment.isEmpty()) {
            List<String> c = new ArrayList<>(same);
            c.addAll(warnings);
            return Plan.inSync(String.join("\n", c));
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        List<String> would = new ArrayList<>(same);
        List<String> done = new ArrayList<>(same);
        for (String ip : toAdd) {
            group(changes, "added", ip, name);
            would.add("Host " + name + " (" + ip + ") would be added");
            done.add("Added host " + name + " (" + ip + ")");
        }
        for (String ip : toComment) {
            group(changes, "comment_added", ip, comment);
            would.add("Comment for " + ip + " (" + comment + ") would be added");
            done.add("Set comment for host " + ip + " (" + comment + ")");
        }
        for (String ip : toRemove) {
            group(changes, "removed", ip, name);
            would.add("Host " + name + " (" + ip + ") would be removed");
            done.add("Removed host " + name + " (" + ip + ")");
        }
        would.addAll(warnings);
        done.addAll(warnings);
        return edit(changes, String.join("\n", would), String.join("\n", done), h -> {
            for (String ip : toAdd) h.add(ip, name);
            for (String ip : toComment) h.setComment(ip, comment);
            for (String ip : toRemove) h.remove(ip, name);
        });
    }

    @SuppressWarnings("unchecked")
    private static void group(Map<String, Object> changes, String kind, String ip, String value) {
        Map<String, Object> byIp = (Map<String, Object>) changes.computeIfAbsent(kind, k -> new LinkedHashMap<String, Object>());
        ((List<String>) byIp.computeIfAbsent(ip, k -> new ArrayList<String>())).add(value);
    }

    private Plan absent(Resource r, HostsFile hosts) {
        Args a = Args.of(r, ABSENT);
        String name = r.name();
        checkName(a, name);
        List<String> would = new ArrayList<>();
        List<String> done = new ArrayList<>();
        List<String> toRemove = new ArrayList<>();
        for (String ip : ips(a, "ip")) {
            if (!hosts.hasPair(ip, name)) {
                would.add("Host " + name + " (" + ip + ") already absent");
                done.add("Host " + name + " (" + ip + ") already absent");
            } else {
                toRemove.add(ip);
                would.add("Host " + name + " (" + ip + ") needs to be removed");
                done.add("Removed host " + name + " (" + ip + ")");
            }
        }
        if (toRemove.isEmpty()) return Plan.inSync(String.join("\n", would));
        return edit(Map.of("host", name), String.join("\n", would), String.join("\n", done), h -> {
            for (String ip : toRemove) h.remove(ip, name);
        });
    }

    private Plan only(Resource r, HostsFile hosts) {
        Args a = Args.of(r, ONLY);
        String ip = r.name();
        if (!validIp(ip)) throw a.bad("name", "must be an IP address, got '" + ip + "'");
        List<String> names = new ArrayList<>();
        for (String n : a.strings("hostnames")) {
            String s = n.strip();
            if (s.isEmpty() || s.matches(".*[\\s#].*")) throw a.bad("hostnames", "has an invalid host name '" + n + "'");
            names.add(s);
        }
        String old = String.join(" ", hosts.hosts().getOrDefault(ip, List.of()));
        String now = String.join(" ", names);
        if (old.equals(now)) return Plan.inSync("IP address " + ip + " already set to \"" + now + "\"");
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("old", old);
        change.put("new", now);
        return edit(Map.of(ip, change), "Would change " + ip + " from \"" + old + "\" to \"" + now + "\"",
                "successfully changed " + ip + " from \"" + old + "\" to \"" + now + "\"", h -> h.only(ip, names));
    }

    /** One change that re-reads the file, applies {@code edit} and writes it if it differs. */
    private Plan edit(Map<String, Object> changes, String would, String done, Consumer<HostsFile> edit) {
        return Plan.change(changes, would, () -> {
            String before = TextFile.read(file);
            HostsFile h = new HostsFile(before);
            edit.accept(h);
            if (!h.text().equals(before == null ? "" : before)) TextFile.write(file, h.text(), "rw-r--r--");
            return Plan.Done.ok(changes, done);
        });
    }
}
