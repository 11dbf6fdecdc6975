package dev.jsalt.minion.states.ufw;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where ufw keeps its state, and the ufw program; where the kernel lists the open connections ({@code procNet}) and
 * the conntrack program that keeps them open across the first enable ({@link ConntrackSeed}; null when it is not
 * installed). Configurable so tests can point at a copy of the files; on a minion (and inside a lab host's mount
 * namespace) these are the standard Debian paths.
 */
public record UfwPaths(Path userRules, Path user6Rules, Path ufwConf, Path defaults, String ufw, Path procNet,
                       String conntrack) {

    public static UfwPaths system() {
        Path sbin = Path.of("/usr/sbin/ufw");
        // The minion may run with a PATH lacking /usr/sbin (e.g. started by a non-login shell)
        String ufw = Files.isExecutable(sbin) ? sbin.toString() : "ufw";
        String conntrack = Stream.of("/usr/sbin/conntrack", "/sbin/conntrack", "/usr/bin/conntrack")
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        return under(Path.of("/"), ufw, conntrack);
    }

    /** The standard layout below {@code root} (tests use a temp dir holding etc/ufw and etc/default/ufw). */
    public static UfwPaths under(Path root, String ufw) {
        return under(root, ufw, null);
    }

    static UfwPaths under(Path root, String ufw, String conntrack) {
        Path etc = root.resolve("etc");
        return new UfwPaths(etc.resolve("ufw/user.rules"), etc.resolve("ufw/user6.rules"), etc.resolve("ufw/ufw.conf"),
                etc.resolve("default/ufw"), ufw, root.resolve("proc/net"), conntrack);
    }
}
