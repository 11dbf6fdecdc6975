package dev.jsalt.e2e.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the lab needs from the machine; {@link #missing()} is the one-line reason a lab test is skipped. */
public final class Requirements {
    private static final List<String> TOOLS = List.of("ip", "unshare", "nsenter", "setsid", "mount", "umount", "cp", "timeout", "bash");

    private Requirements() {
    }

    /** Empty if a lab can be built here, otherwise why not. */
    public static Optional<String> missing() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("the lab needs Linux namespaces (this is " + System.getProperty("os.name") + ")");
        }
        if (!"0".equals(uid())) return Optional.of("the lab needs root (uid is " + uid() + ")");
        List<String> absent = new ArrayList<>();
        for (String t : TOOLS) if (which(t).isEmpty()) absent.add(t);
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) absent.add("/usr/bin/python3");
        if (!Files.isDirectory(Path.of("/srv"))) absent.add("/srv (mountpoint for the hosts' private /srv)");
        if (!absent.isEmpty()) return Optional.of("the lab needs " + String.join(", ", absent));
        return Optional.empty();
    }

    /**
     * Empty if booted hosts ({@link Boot#SYSTEMD}) can run here, otherwise why not (one line, for a skipped test):
     * everything {@link #missing()} asks, plus systemd-nspawn, overlayfs, a cgroup file system, and either the cached
     * base image or debootstrap and a Debian mirror to build it.
     */
    public static Optional<String> missingForBoot() {
        Optional<String> base = missing();
        if (base.isPresent()) return base;
        List<String> absent = new ArrayList<>();
        if (which("systemd-nspawn").isEmpty()) absent.add("systemd-nspawn (systemd-container)");
        if (!filesystem("overlay")) absent.add("overlayfs");
        if (!Files.isDirectory(Path.of("/sys/fs/cgroup"))) absent.add("a cgroup file system");
        if (!absent.isEmpty()) return Optional.of("booted lab hosts need " + String.join(", ", absent) + " (e2e/lab-deps.sh installs them)");
        return LabImage.missing().map(m -> "booted lab hosts: " + m);
    }

    private static boolean filesystem(String fs) {
        try {
            if (Files.readAllLines(Path.of("/proc/filesystems")).stream().anyMatch(l -> l.endsWith("\t" + fs))) return true;
        } catch (java.io.IOException e) {
            return false;
        }
        // Not loaded yet: the module loads on first mount.
        return Files.exists(Path.of("/lib/modules", System.getProperty("os.version"), "kernel/fs/overlayfs"));
    }

    public static void check() {
        missing().ifPresent(m -> {
            throw new LabException(m);
        });
    }

    /** Empty if every named command is on PATH, otherwise which are not (e.g. a test needing ufw and mariadbd). */
    public static Optional<String> missingCommands(String... commands) {
        List<String> absent = new ArrayList<>();
        for (String c : commands) if (which(c).isEmpty()) absent.add(c);
        return absent.isEmpty() ? Optional.empty() : Optional.of("not installed: " + String.join(", ", absent));
    }

    static Optional<Path> which(String cmd) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String d : path.split(":")) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, cmd);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.substring(4).trim().split("\\s+")[1];
            }
        } catch (java.io.IOException e) {
            // not Linux-like
        }
        return "?";
    }
}
