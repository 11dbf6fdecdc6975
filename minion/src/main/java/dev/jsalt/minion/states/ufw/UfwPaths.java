package dev.jsalt.minion.states.ufw;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where ufw keeps its state, and the ufw program. Configurable so tests can point at a copy of the files; on a
 * minion (and inside a lab host's mount namespace) these are the standard Debian paths.
 */
public record UfwPaths(Path userRules, Path user6Rules, Path ufwConf, Path defaults, String ufw) {

    public static UfwPaths system() {
        Path sbin = Path.of("/usr/sbin/ufw");
        // The minion may run with a PATH lacking /usr/sbin (e.g. started by a non-login shell)
        String ufw = Files.isExecutable(sbin) ? sbin.toString() : "ufw";
        return under(Path.of("/"), ufw);
    }

    /** The standard layout below {@code root} (tests use a temp dir holding etc/ufw and etc/default/ufw). */
    public static UfwPaths under(Path root, String ufw) {
        Path etc = root.resolve("etc");
        return new UfwPaths(etc.resolve("ufw/user.rules"), etc.resolve("ufw/user6.rules"), etc.resolve("ufw/ufw.conf"),
                etc.resolve("default/ufw"), ufw);
    }
}
