package dev.jsalt.minion.states.sysctl;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.states.sys.TextFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Salt's {@code sysctl.present}: the running value (read and written through /proc/sys, as {@code sysctl -n} /
 * {@code sysctl -w} do) and the {@code name = value} line of the config file, which is Salt's
 * {@code sysctl.persist}: the first line for the name is replaced, or a line is appended; a new file starts with
 * Salt's three-line header. Values compare field by field (a space and a tab are the same, as Salt normalises them).
 * Reference: docs/states/sysctl.md.
 */
public final class SysctlModule implements StateModule {
    static final Params PRESENT = Params.of("sysctl.present", "name", "value", "config");
    /** Salt's default on Debian with systemd (sysctl.default_config); systemd-sysctl and procps both read it. */
    public static final String DEFAULT_CONFIG = "/etc/sysctl.d/99-salt.conf";
    static final String HEADER = "#\n# Kernel sysctl configuration\n#\n";

    private final Path procSys;

    public SysctlModule() { this(Path.of("/proc/sys")); }

    /** A module reading and writing parameters under {@code procSys} instead of /proc/sys (tests). */
    public SysctlModule(Path procSys) { this.procSys = procSys; }

    @Override
    public String name() { return "sysctl"; }

    @Override
    public Set<String> functions() { return Set.of("present"); }

    /** net.ipv4.ip_forward → /proc/sys/net/ipv4/ip_forward (dots and slashes swap, as sysctl(8) does). */
    Path procPath(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) sb.append(c == '.' ? '/' : c == '/' ? '.' : c);
        return procSys.resolve(sb.toString());
    }

    static List<String> fields(String v) {
        String s = v.strip();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    /** Salt writes a multi-field value with tabs, as procfs prints it. */
    static String normalised(String v) { return v.strip().contains(" ") || v.strip().contains("\t") ? String.join("\t", fields(v)) : v.strip(); }

    /** name → value of the config file's settings (the first line of each name). */
    static Map<String, String> configured(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : TextFile.lines(text)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || !l.contains("=")) continue;
            String k = l.substring(0, l.indexOf('=')).strip();
            if (k.startsWith("-")) k = k.substring(1);
            m.putIfAbsent(k, l.substring(l.indexOf('=') + 1).strip());
        }
        return m;
    }

    /** The config text with {@code name = value}: the name's line replaced, or appended. */
    static String persisted(String text, String name, String value) {
        List<String> out = new ArrayList<>();
        boolean edited = false;
        for (String line : TextFile.lines(text == null ? HEADER : text)) {
            String l = line.strip();
            if (!edited && !l.startsWith("#") && l.contains("=") && l.substring(0, l.indexOf('=')).strip().equals(name)) {
                out.add(name + " = " + normalised(value));
                edited = true;
            } else {
                out.add(line);
            }
        }
        if (!edited) out.add(name + " = " + normalised(value));
        return TextFile.join(out);
    }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws IOException {
        Args a = Args.of(r, PRESENT);
        String name = r.name();
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_.:/*@-]+") || name.contains("..") || name.startsWith("/") || name.startsWith(".")) {
            throw a.bad("name", "is not a kernel parameter name: '" + name + "'");
        }
        String value = a.required("value");
        if (value.contains("\n")) throw a.bad("value", "must be one line");
        Path config = Path.of(a.string("config", DEFAULT_CONFIG));
        if (!config.isAbsolute()) throw a.bad("config", "must be an absolute path");
        Path proc = procPath(name);
        String running = Files.isRegularFile(proc) ? Files.readString(proc, StandardCharsets.UTF_8) : null;
        String text = TextFile.read(config);
        Map<String, String> conf = text == null ? Map.of() : configured(text);
        boolean runningOk = running != null && fields(running).equals(fields(value));
        boolean configOk = conf.containsKey(name) && fields(conf.get(name)).equals(fields(value));
        if (runningOk && configOk) return Plan.inSync("Sysctl value " + name + " = " + value + " is already set");

        String would;
        if (conf.isEmpty()) {
            would = "Sysctl option " + name + " might be changed, we failed to check config file at " + config
                    + ". The file is either unreadable, or missing.";
        } else if (running != null && !conf.containsKey(name)) {
            would = runningOk
                    ? "Sysctl value is currently set on the running system but not in a config file. Sysctl option " + name
                    + " set to be changed to " + value + " in config file."
                    : "Sysctl option " + name + " set to be changed to " + value;
        } else if (running == null && conf.containsKey(name)) {
            would = "Sysctl value " + name + " is present in configuration file but is not present in the running config. The value "
                    + name + " is set to be changed to " + value;
        } else {
            would = "Sysctl option " + name + " would be changed to " + value;
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put(name, value);
        Plan.Changes plan = Plan.change(changes, would, () -> {
            String now = TextFile.read(config);
            Map<String, String> c = now == null ? Map.of() : configured(now);
            if (!c.containsKey(name) || !fields(c.get(name)).equals(fields(value))) {
                TextFile.write(config, persisted(now, name, value), "rw-r--r--");
            }
            if (!Files.isRegularFile(proc)) {
                return Plan.Done.failed(changes, "Failed to set " + name + " to " + value + ": sysctl " + name + " does not exist");
            }
            if (!fields(Files.readString(proc, StandardCharsets.UTF_8)).equals(fields(value))) {
                try {
                    Files.writeString(proc, normalised(value) + "\n", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return Plan.Done.failed(changes, "Failed to set " + name + " to " + value + ": " + e.getMessage());
                }
            }
            return Plan.Done.ok(changes, "Updated sysctl value " + name + " = " + value);
        });
        if (running == null) plan = plan.assuming("sysctl " + name + " does not exist (" + proc + ")");
        return plan;
    }
}
