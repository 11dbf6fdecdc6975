package dev.jsalt.minion.states.locale;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.states.sys.SystemRoot;
import dev.jsalt.minion.states.sys.TextFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Salt's {@code locale.present} and {@code locale.system} on Debian. present: the locale is in {@code locale -a}
 * (names compared as Salt normalises them: en_US.UTF-8 = en_US.utf8); otherwise it must be a line of
 * /usr/share/i18n/SUPPORTED, is uncommented (or appended) in /etc/locale.gen and {@code locale-gen} runs. system: LANG
 * from {@code localectl status} when systemd runs, else from /etc/default/locale; set with
 * {@code localectl set-locale} or by writing the LANG= line. Reference: docs/states/locale.md.
 */
public final class LocaleModule implements StateModule {
    static final Params PRESENT = Params.of("locale.present", "name");
    static final Params SYSTEM = Params.of("locale.system", "name");
    private final SystemRoot sys;

    public LocaleModule() { this(SystemRoot.REAL); }

    public LocaleModule(SystemRoot sys) { this.sys = sys; }

    @Override
    public String name() { return "locale"; }

    @Override
    public Set<String> functions() { return Set.of("present", "system"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws Exception {
        String name = r.name().strip();
        Args a = Args.of(r, r.function().equals("system") ? SYSTEM : PRESENT);
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_.@+ -]+")) throw a.bad("name", "is not a locale name: '" + r.name() + "'");
        return r.function().equals("system") ? system(name, ctx) : present(name, ctx);
    }

    /** Salt's normalize_locale: language_TERRITORY.codeset@modifier with the codeset lower case, without '-'. */
    static String normalize(String locale) {
        String l = locale.strip().split("\\s+")[0];
        String mod = "";
        int at = l.indexOf('@');
        if (at >= 0) {
            mod = l.substring(at);
            l = l.substring(0, at);
        }
        int dot = l.indexOf('.');
        if (dot >= 0) l = l.substring(0, dot) + "." + l.substring(dot + 1).toLowerCase(Locale.ROOT).replace("-", "");
        return l + mod;
    }

    private Plan present(String name, RunContext ctx) throws Exception {
        CommandResult list = ctx.run(CommandSpec.of("locale", "-a"));
        if (!list.ok()) return Plan.failed("locale -a failed: " + list.stderr().strip());
        String want = normalize(name);
        for (String l : list.stdout().split("\n")) {
            if (!l.isBlank() && normalize(l).equals(want)) return Plan.inSync("Locale " + name + " is already present");
        }
        String line = supported(name);
        if (line == null) {
            // Salt logs this and reports the generic failure; jsalt says why
            return Plan.failed("Failed to generate locale " + name + ": it is not in /usr/share/i18n/SUPPORTED");
        }
        return Plan.change(Map.of("locale", name), "Locale " + name + " needs to be generated", () -> {
            var localeGen = sys.path("/etc/locale.gen");
            String text = TextFile.read(localeGen);
            {
                List<String> out = new ArrayList<>();
                boolean found = false;
                for (String l : TextFile.lines(text)) {
                    if (!found && l.strip().replaceFirst("^#\\s*", "").strip().equals(line)) {
                        out.add(line);
                        found = true;
                    } else {
                        out.add(l);
                    }
                }
                if (!found) out.add(line);
                String now = TextFile.join(out);
                if (!now.equals(text)) TextFile.write(localeGen, now, "rw-r--r--");
            }
            CommandResult gen = ctx.run(CommandSpec.of("locale-gen"));
            if (!gen.ok()) return Plan.Done.failed("Failed to generate locale " + name + ": " + (gen.stderr() + gen.stdout()).strip());
            return Plan.Done.ok("Generated locale " + name);
        });
    }

    /** The SUPPORTED line for the locale ("en_US.UTF-8 UTF-8"), or null: Salt's gen_locale search on Debian. */
    private String supported(String name) throws Exception {
        String[] w = name.split("\\s+");
        String locale = w[0];
        String charmap = w.length > 1 ? w[1] : null;
        if (charmap == null) {
            int dot = locale.indexOf('.');
            if (dot >= 0) charmap = locale.substring(dot + 1).replaceFirst("@.*", "");
        }
        String text = TextFile.read(sys.path("/usr/share/i18n/SUPPORTED"));
        if (text == null) return null;
        for (String l : TextFile.lines(text)) {
            String[] s = l.strip().split("\\s+");
            if (s.length == 2 && s[0].equals(locale) && (charmap == null || s[1].equals(charmap))) return s[0] + " " + s[1];
        }
        return null;
    }

    private Plan system(String name, RunContext ctx) throws Exception {
        boolean systemd = sys.systemdRuns();
        String current = "";
        if (systemd) {
            CommandResult st = ctx.run(CommandSpec.of("localectl", "status"));
            if (!st.ok()) return Plan.failed("Failed to get the system locale: localectl status: " + st.stderr().strip());
            for (String l : st.stdout().split("\n")) {
                String s = l.strip();
                int i = s.indexOf("LANG=");
                if (s.startsWith("System Locale:") && i >= 0) current = s.substring(i + 5).split("\\s+")[0];
            }
        } else {
            for (String l : TextFile.lines(TextFile.read(sys.path("/etc/default/locale")))) {
                if (l.startsWith("LANG=")) current = l.substring(5).replace("\"", "").strip();
            }
        }
        if (current.equals(name)) return Plan.inSync("System locale " + name + " already set");
        return Plan.change(Map.of("locale", name), "System locale " + name + " needs to be set", () -> {
            if (systemd) {
                CommandResult res = ctx.run(CommandSpec.of("localectl", "set-locale", "LANG=" + name));
                if (!res.ok()) return Plan.Done.failed("Failed to set system locale to " + name + ": " + res.stderr().strip());
            } else {
                var file = sys.path("/etc/default/locale");
                String text = TextFile.read(file);
                List<String> out = new ArrayList<>();
                boolean set = false;
                for (String l : TextFile.lines(text)) {
                    if (l.startsWith("LANG=")) {
                        if (!set) out.add("LANG=" + name);
                        set = true;
                    } else {
                        out.add(l);
                    }
                }
                if (!set) out.add("LANG=" + name);
                TextFile.write(file, TextFile.join(out), "rw-r--r--");
            }
            return Plan.Done.ok("Set system locale " + name);
        });
    }
}
