package dev.jsalt.cli;

import dev.jsalt.minion.MinionDaemon;
import dev.jsalt.minion.config.MinionConfig;

import java.io.IOException;
import java.nio.file.Path;

/** Shared plumbing of the daemon commands. */
public final class Daemons {
    private Daemons() {
    }

    /** The config directory: {@code -c DIR} if given, else {@code $JSALT_CONFIG}, else /etc/jsalt. */
    public static Path configDir(Path given) {
        if (given != null) return given;
        String env = System.getenv("JSALT_CONFIG");
        return Path.of(env != null && !env.isBlank() ? env : "/etc/jsalt");
    }

    /** Runs {@code stop} on SIGTERM/SIGINT so systemd stops us cleanly. */
    static void stopOnSignal(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "jsalt-shutdown"));
    }

    /** A minion daemon with every function of this build registered (state runs included). */
    static MinionDaemon minion(MinionConfig cfg) throws IOException {
        MinionDaemon d = new MinionDaemon(cfg);
        return d;
    }
}
