package dev.jsalt.e2e.lab;

import java.util.Locale;

/**
 * How a lab host runs.
 * <ul>
 *   <li>{@link #LIGHT}: namespaces over this machine's own file system (a private netns, mount, uts and pid namespace,
 *       private copies of the paths jsalt manages); starts in a fraction of a second.</li>
 *   <li>{@link #SYSTEMD}: a machine that boots: its own root file system (an overlay on a cached Debian base image),
 *       systemd as PID 1 booted by {@code systemd-nspawn} inside the host's network namespace. For what needs a live
 *       systemd: units, packages, the jsalt .debs as services.</li>
 * </ul>
 */
public enum Boot {
    LIGHT, SYSTEMD;

    /** {@code light} or {@code systemd}, as lab.yaml writes it. */
    public String yaml() { return name().toLowerCase(Locale.ROOT); }

    public static Boot parse(String s, String where) {
        for (Boot b : values()) if (b.yaml().equals(s)) return b;
        throw new IllegalArgumentException(where + " must be light or systemd, got '" + s + "'");
    }
}
