package dev.jsalt.minion.states.timezone;

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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Salt's {@code timezone.system} on Debian: the zone is right when /etc/localtime has the zoneinfo file's bytes
 * (Salt's {@code zone_compare}) and /etc/timezone names it; it is set with {@code timedatectl set-timezone} when
 * systemd runs, otherwise by pointing the /etc/localtime symlink at the zone file, and /etc/timezone is written
 * either way. The hardware clock (UTC or local) is read from timedatectl or the third line of /etc/adjtime (no file:
 * UTC). As in Salt, only {@code utc: true} is ever enforced. Reference: docs/states/timezone.md.
 */
public final class TimezoneModule implements StateModule {
    static final Params SYSTEM = Params.of("timezone.system", "name", "utc");
    private final SystemRoot sys;

    public TimezoneModule() { this(SystemRoot.REAL); }

    public TimezoneModule(SystemRoot sys) { this.sys = sys; }

    @Override
    public String name() { return "timezone"; }

    @Override
    public Set<String> functions() { return Set.of("system"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws Exception {
        Args a = Args.of(r, SYSTEM);
        String name = r.name();
        boolean utc = a.bool("utc", true);
        if (name.isEmpty() || name.startsWith("/") || Arrays.asList(name.split("/")).contains("..") || !name.matches("[A-Za-z0-9_+/-]+")) {
            return Plan.failed("Unable to compare desired timezone '" + name + "' to system timezone: not a time zone name");
        }
        Path zone = sys.path("/usr/share/zoneinfo").resolve(name);
        if (!Files.isRegularFile(zone)) {
            return Plan.failed("Unable to compare desired timezone '" + name + "' to system timezone: Can't find a local timezone \"" + name + "\"");
        }
        Path localtime = sys.path("/etc/localtime");
        Path timezone = sys.path("/etc/timezone");
        boolean zoneOk;
        try {
            zoneOk = Files.exists(localtime) && Arrays.equals(Files.readAllBytes(localtime), Files.readAllBytes(zone));
        } catch (IOException e) {
            return Plan.failed("Unable to compare desired timezone '" + name + "' to system timezone: Failed to read " + localtime + ": " + e.getMessage());
        }
        String tzText = TextFile.read(timezone);
        zoneOk &= tzText != null && tzText.strip().equals(name);
        boolean systemd = sys.systemdRuns();
        boolean myUtc = !"localtime".equals(hwclock(ctx, systemd));
        boolean doUtc = utc && !myUtc;

        if (zoneOk && !doUtc) {
            List<String> m = new ArrayList<>();
            m.add("Timezone " + name + " already set");
            // Salt's own words (it names the zone, not the clock)
            if (utc) m.add("UTC already set to " + name);
            return Plan.inSync(String.join(", ", m));
        }
        List<String> would = new ArrayList<>();
        List<Plan.Change> changes = new ArrayList<>();
        if (!zoneOk) {
            would.add("Timezone " + name + " needs to be set");
            changes.add(new Plan.Change("Timezone " + name + " needs to be set", Map.of("timezone", name), () -> {
                if (systemd) {
                    CommandResult res = ctx.run(CommandSpec.of("timedatectl", "set-timezone", name));
                    if (!res.ok()) return Plan.Done.failed("Failed to set timezone: " + (res.stderr() + res.stdout()).strip());
                } else {
                    Path tmp = localtime.resolveSibling(".localtime.jsalt-tmp");
                    Files.deleteIfExists(tmp);
                    Files.createSymbolicLink(tmp, zone);
                    Files.move(tmp, localtime, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                TextFile.write(timezone, name + "\n", "rw-r--r--");
                return Plan.Done.ok("Set timezone " + name);
            }));
        }
        if (doUtc) {
            would.add("UTC needs to be set to " + utc);
            changes.add(new Plan.Change("UTC needs to be set to " + utc, Map.of("utc", utc), () -> {
                if (systemd) {
                    CommandResult res = ctx.run(CommandSpec.of("timedatectl", "set-local-rtc", "false"));
                    if (!res.ok()) return Plan.Done.failed("Failed to set UTC to " + utc + ": " + (res.stderr() + res.stdout()).strip());
                } else {
                    Path adjtime = sys.path("/etc/adjtime");
                    List<String> lines = new ArrayList<>(TextFile.lines(TextFile.read(adjtime)));
                    while (lines.size() < 3) lines.add(lines.size() == 0 ? "0.0 0 0.0" : "0");
                    lines.set(2, "UTC");
                    TextFile.write(adjtime, TextFile.join(lines), "rw-r--r--");
                }
                return Plan.Done.ok("Set UTC to " + utc);
            }));
        }
        return new Plan.Changes(changes, String.join(", ", would), List.of(), List.of());
    }

    /** "UTC" or "localtime", as Salt's timezone.get_hwclock. */
    String hwclock(RunContext ctx, boolean systemd) throws IOException {
        if (systemd) {
            CommandResult res = ctx.run(CommandSpec.of("timedatectl"));
            for (String line : res.stdout().split("\n")) {
                if (line.toLowerCase().contains("rtc in local tz")) return line.strip().toLowerCase().endsWith("yes") ? "localtime" : "UTC";
            }
        }
        List<String> lines = TextFile.lines(TextFile.read(sys.path("/etc/adjtime")));
        return lines.size() >= 3 && lines.get(2).strip().equals("LOCAL") ? "localtime" : "UTC";
    }
}
