package dev.jsalt.minion.states.mount;

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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Salt's {@code mount.mounted} / {@code mount.unmounted}: the active mount (from /proc/self/mountinfo) and the fstab
 * entry ({@link Fstab}, Salt's set_fstab/rm_fstab). A mounted target whose options differ is remounted
 * ({@code mount -o remount,...}); one with another device is unmounted and mounted again. Options that never show in
 * /proc (defaults, auto, nofail, _netdev, x-*, ... and {@code hidden_opts}) are not compared. Comments are Salt's.
 * Reference: docs/states/mount.md.
 */
public final class MountModule implements StateModule {
    static final Params MOUNTED = Params.of("mount.mounted", "name", "device", "fstype", "mkmnt", "opts", "dump",
            "pass_num", "config", "persist", "mount", "match_on", "hidden_opts");
    static final Params UNMOUNTED = Params.of("mount.unmounted", "name", "device", "config", "persist");

    /** Options that do not show in /proc/self/mountinfo (Salt's mount_invisible_options, plus a few). */
    static final Set<String> INVISIBLE = Set.of("defaults", "auto", "noauto", "nofail", "_netdev", "bind", "rbind",
            "user", "users", "nouser", "owner", "group", "comment", "netdev", "nobootwait", "nobarrier", "loop",
            "discard", "sw", "x-systemd.automount", "exec", "suid", "dev", "async", "atime", "diratime", "rw");
    /** Keys of key=value options that do not show either (Salt's mount_invisible_keys). */
    static final Set<String> INVISIBLE_KEYS = Set.of("actimeo", "comment", "credentials", "direct-io-mode", "password",
            "port", "retry", "secretfile", "sec", "x-systemd.automount", "x-systemd.requires", "x-systemd.device-timeout",
            "x-systemd.mount-timeout", "uid", "gid");
    /** A flag that is the default, and the flag that would show when it is not in effect. */
    static final Map<String, String> NEGATION = Map.of("exec", "noexec", "suid", "nosuid", "dev", "nodev",
            "rw", "ro", "async", "sync", "atime", "noatime", "diratime", "nodiratime");

    private final SystemRoot sys;

    public MountModule() { this(SystemRoot.REAL); }

    public MountModule(SystemRoot sys) { this.sys = sys; }

    @Override
    public String name() { return "mount"; }

    @Override
    public Set<String> functions() { return Set.of("mounted", "unmounted"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws Exception {
        return r.function().equals("unmounted") ? unmounted(r, ctx) : mounted(r, ctx);
    }

    private static String point(Args a, String name) {
        if (!name.startsWith("/")) throw a.bad("name", "must be an absolute mount point, got '" + name + "'");
        if (name.matches(".*\\s.*")) throw a.bad("name", "must not contain white space");
        return name.length() > 1 ? name.replaceAll("/+$", "") : name;
    }

    private String mountinfo() throws Exception {
        String t = TextFile.read(sys.path("/proc/self/mountinfo"));
        return t == null ? "" : t;
    }

    static List<String> opts(Args a) {
        List<String> out = new ArrayList<>();
        for (String o : a.strings("opts")) for (String p : o.split(",")) if (!p.isBlank()) out.add(p.strip());
        if (out.isEmpty()) out.add("defaults");
        for (String o : out) if (o.matches(".*\\s.*")) throw a.bad("opts", "has an option with white space: '" + o + "'");
        return out;
    }

    /** The options of {@code want} that the active mount does not show (so a remount is due), sorted. */
    static Set<String> differing(List<String> want, MountInfo.Mount m, String fstype, Set<String> hidden) {
        Set<String> out = new TreeSet<>();
        for (String o : want) {
            if (hidden.contains(o) || INVISIBLE.contains(o) && !NEGATION.containsKey(o) || o.startsWith("x-")) continue;
            if (NEGATION.containsKey(o)) {
                if (m.opts().contains(NEGATION.get(o))) out.add(o);
                continue;
            }
            if (m.has(o)) continue;
            int eq = o.indexOf('=');
            if (eq > 0) {
                String key = o.substring(0, eq);
                if (INVISIBLE_KEYS.contains(key) || hidden.contains(key)) continue;
                if (key.equals("size") && "tmpfs".equals(fstype) && sameSize(o.substring(eq + 1), m)) continue;
                if (key.equals("mode") && sameMode(o.substring(eq + 1), m, fstype)) continue;
            }
            if (o.equals("relatime") || o.equals("strictatime") || o.equals("lazytime")) {
                if (m.opts().contains(o)) continue;
            }
            out.add(o);
        }
        return out;
    }

    /** The kernel shows mode= only when it is not the filesystem's default (tmpfs 1777, ramfs 0755). */
    static boolean sameMode(String want, MountInfo.Mount m, String fstype) {
        int w;
        try {
            w = Integer.parseInt(want.strip(), 8);
        } catch (NumberFormatException e) {
            return false;
        }
        for (String s : m.superOpts()) {
            if (s.startsWith("mode=")) return Integer.parseInt(s.substring(5), 8) == w;
        }
        Integer dflt = switch (fstype) {
            case "tmpfs" -> 01777;
            case "ramfs" -> 0755;
            default -> null;
        };
        return dflt != null && dflt == w;
    }

    /** tmpfs shows size=NNNk; the SLS may say 64m, 1g, 65536k or a byte count. */
    static boolean sameSize(String want, MountInfo.Mount m) {
        Long w = bytes(want);
        for (String s : m.superOpts()) {
            if (s.startsWith("size=")) {
                Long have = bytes(s.substring(5));
                return w != null && w.equals(have);
            }
        }
        return false;
    }

    static Long bytes(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (!v.matches("\\d+[kmgt]?")) return null;
        long mult = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            case 't' -> 1024L * 1024 * 1024 * 1024;
            default -> 1;
        };
        String digits = mult == 1 ? v : v.substring(0, v.length() - 1);
        long b = Long.parseLong(digits) * mult;
        return (b + 4095) / 4096 * 4096; // the kernel rounds up to pages
    }

    private Plan mounted(Resource r, RunContext ctx) throws Exception {
        Args a = Args.of(r, MOUNTED);
        String name = point(a, r.name());
        String device = a.required("device");
        String fstype = a.required("fstype");
        if (device.matches(".*\\s.*") || fstype.matches(".*\\s.*")) throw a.bad("device", "and fstype must not contain white space");
        List<String> opts = opts(a);
        boolean mkmnt = a.bool("mkmnt", false);
        boolean persist = a.bool("persist", true);
        boolean doMount = a.bool("mount", true);
        Path config = Path.of(a.string("config", "/etc/fstab"));
        Set<String> hidden = new TreeSet<>(a.strings("hidden_opts"));
        List<String> criteria;
        try {
            criteria = Fstab.criteria(a.raw("match_on"), fstype);
        } catch (IllegalArgumentException e) {
            throw a.bad("match_on", e.getMessage().replaceFirst("^match_on: ", ""));
        }
        boolean bind = opts.contains("bind") || opts.contains("rbind");
        Path point = sys.path(name);

        List<Plan.Change> changes = new ArrayList<>();
        List<String> assumptions = new ArrayList<>();
        List<String> inSync = new ArrayList<>();
        String would = null;
        if (doMount) {
            MountInfo.Mount m = MountInfo.at(mountinfo(), name);
            List<String> mountArgv = new ArrayList<>(List.of("mount"));
            if (!bind || !fstype.equals("none")) mountArgv.addAll(List.of("-t", fstype));
            mountArgv.addAll(List.of("-o", String.join(",", opts), device, point.toString()));
            if (m == null) {
                boolean exists = Files.isDirectory(point);
                would = exists ? name + " would be mounted" : mkmnt ? name + " would be created and mounted"
                        : name + " does not exist and would not be created";
                if (!exists && !mkmnt) assumptions.add("Mount directory is not present");
                changes.add(new Plan.Change(would, Map.of("mount", true), () -> {
                    if (mkmnt) Files.createDirectories(point);
                    CommandResult res = ctx.run(CommandSpec.of(mountArgv));
                    if (!res.ok()) return Plan.Done.failed(("mount: " + (res.stderr() + res.stdout()).strip()));
                    return Plan.Done.ok("Target was successfully mounted");
                }));
            } else if (!bind && !sameDevice(device, m)) {
                String why = "Forced unmount because devices don't match. Wanted: " + device + ", current: " + m.source();
                would = "An umount would have been forced because devices do not match.  Watched: " + device;
                changes.add(new Plan.Change(would, Map.of("umount", why), () -> {
                    CommandResult u = ctx.run(CommandSpec.of("umount", point.toString()));
                    if (!u.ok()) return Plan.Done.failed("umount: " + (u.stderr() + u.stdout()).strip());
                    CommandResult res = ctx.run(CommandSpec.of(mountArgv));
                    if (!res.ok()) return Plan.Done.failed(Map.of("umount", why), "mount: " + (res.stderr() + res.stdout()).strip());
                    return Plan.Done.ok("Target was successfully mounted");
                }));
            } else {
                Set<String> differ = differing(opts, m, fstype, hidden);
                if (differ.isEmpty()) {
                    inSync.add("Target was already mounted");
                } else {
                    String list = String.join(",", differ);
                    would = "Remount would be forced because options (" + list + ") changed";
                    List<String> remount = new ArrayList<>(List.of("mount", "-o", "remount," + String.join(",", opts), point.toString()));
                    changes.add(new Plan.Change(would, Map.of("umount", "Forced remount because options (" + list + ") changed"), () -> {
                        CommandResult res = ctx.run(CommandSpec.of(remount));
                        if (!res.ok()) return Plan.Done.failed("mount: " + (res.stderr() + res.stdout()).strip());
                        return Plan.Done.ok("Target was successfully mounted");
                    }));
                }
            }
        }
        if (persist) {
            String text = TextFile.read(config);
            if (text == null) return Plan.failed((inSync.isEmpty() ? "" : inSync.get(0) + ". ") + "However, the fstab was not found.");
            Fstab.Entry want = new Fstab.Entry(device, name, fstype, String.join(",", opts),
                    String.valueOf(a.number("dump").orElse(0L)), String.valueOf(a.number("pass_num").orElse(0L)));
            Fstab.Result res = Fstab.set(text, want, criteria);
            switch (res.status()) {
                case "present" -> inSync.add("Entry already exists in the fstab.");
                case "new", "change" -> {
                    boolean isNew = res.status().equals("new");
                    String fw = isNew
                            ? (doMount ? name + " is mounted, but needs to be written to the fstab in order to be made persistent."
                                       : name + " needs to be written to the fstab in order to be made persistent.")
                            : (doMount ? name + " is mounted, but its fstab entry must be updated."
                                       : "The " + name + " fstab entry must be updated.");
                    if (would == null) would = fw;
                    changes.add(new Plan.Change(fw, Map.of("persist", isNew ? "new" : "update"), () -> {
                        Fstab.Result now = Fstab.set(TextFile.read(config), want, criteria);
                        if (!now.status().equals("present")) TextFile.write(config, now.text(), "rw-r--r--");
                        return Plan.Done.ok(isNew ? "Added new entry to the fstab." : "Updated the entry in the fstab.");
                    }));
                }
                default -> throw new IllegalStateException(res.status());
            }
        }
        if (changes.isEmpty()) return Plan.inSync(String.join(". ", inSync));
        Plan.Changes plan = new Plan.Changes(changes, would, assumptions, List.of());
        return plan;
    }

    /** The active mount's source is the device (also by its /dev/disk link for UUID= and LABEL=, or a pseudo fs name). */
    private boolean sameDevice(String device, MountInfo.Mount m) {
        if (device.equals(m.source())) return true;
        String link = null;
        if (device.startsWith("UUID=")) link = "/dev/disk/by-uuid/" + device.substring(5);
        else if (device.startsWith("LABEL=")) link = "/dev/disk/by-label/" + device.substring(6);
        else if (device.startsWith("PARTUUID=")) link = "/dev/disk/by-partuuid/" + device.substring(9);
        else if (!device.startsWith("/")) return true; // tmpfs, proc, a network share's name: not comparable
        try {
            Path d = sys.path(link != null ? link : device);
            Path s = sys.path(m.source());
            return Files.exists(d) && Files.exists(s) && d.toRealPath().equals(s.toRealPath());
        } catch (Exception e) {
            return true; // cannot tell: do not force an unmount on a guess
        }
    }

    private Plan unmounted(Resource r, RunContext ctx) throws Exception {
        Args a = Args.of(r, UNMOUNTED);
        String name = point(a, r.name());
        String device = a.string("device").orElse(null);
        boolean persist = a.bool("persist", false);
        Path config = Path.of(a.string("config", "/etc/fstab"));
        Path point = sys.path(name);
        List<Plan.Change> changes = new ArrayList<>();
        List<String> inSync = new ArrayList<>();
        String would = null;
        if (MountInfo.at(mountinfo(), name) != null) {
            would = "Mount point " + name + " is mounted but should not be";
            changes.add(new Plan.Change(would, Map.of("umount", true), () -> {
                CommandResult res = ctx.run(CommandSpec.of("umount", point.toString()));
                if (!res.ok()) return Plan.Done.failed("Execution failed with: " + (res.stderr() + res.stdout()).strip());
                return Plan.Done.ok("Target was successfully unmounted");
            }));
        } else {
            inSync.add("Target was already unmounted");
        }
        if (persist) {
            String text = TextFile.read(config);
            List<Fstab.Entry> entries = text == null ? List.of() : Fstab.entries(text, name);
            if (entries.isEmpty()) {
                inSync.add("fstab entry not found");
            } else if (device != null && entries.stream().noneMatch(e -> e.device().equals(device))) {
                inSync.add("fstab entry for device " + device + " not found");
            } else {
                String fw = "Mount point " + name + " is unmounted but needs to be purged from " + config + " to be made persistent";
                if (would == null) would = fw;
                changes.add(new Plan.Change(fw, Map.of("persist", "purged"), () -> {
                    String now = TextFile.read(config);
                    if (now != null) {
                        String out = Fstab.remove(now, name, device);
                        if (!out.equals(now)) TextFile.write(config, out, "rw-r--r--");
                    }
                    return Plan.Done.ok("Removed target from fstab");
                }));
            }
        }
        if (changes.isEmpty()) return Plan.inSync(String.join(". ", inSync));
        return new Plan.Changes(changes, would, List.of(), List.of());
    }
}
