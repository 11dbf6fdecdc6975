package dev.jsalt.e2e.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Mounts of the root mount namespace that belong to the lab: {@code /run/netns/jlab-*} handles and anything
 * under the lab state dir. Host binds live in each host's private mount namespace and vanish with it; these
 * are what a crash in the middle of {@code ip netns add/del} can leave behind.
 */
public final class Mounts {
    private Mounts() {
    }

    public static List<String> ours(Predicate<String> labFilter) {
        List<String> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String mp = unescape(line.split(" ")[4]);
                String lab = labOf(mp);
                if (lab != null && labFilter.test(lab)) found.add(mp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Lab name a mountpoint belongs to, or null. */
    static String labOf(String mountpoint) {
        String netns = "/run/netns/";
        if (mountpoint.startsWith(netns)) return Netns.labOf(mountpoint.substring(netns.length()));
        String root = StateStore.ROOT + "/";
        if (mountpoint.startsWith(root)) {
            String rest = mountpoint.substring(root.length());
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }
        return null;
    }

    public static ExecResult unmount(String mountpoint) {
        return Cmd.run(List.of("umount", "-l", "--", mountpoint), Duration.ofSeconds(10));
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
