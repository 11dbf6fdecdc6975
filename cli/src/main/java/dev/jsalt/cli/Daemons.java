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

    /**
     * Runs {@code stop} on SIGTERM/SIGINT so systemd stops us cleanly, and makes sure SIGTERM always ends the process:
     * should {@code stop} not finish within 15 s (a component stuck), the JVM is halted.
     */
    static void stopOnSignal(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(15_000);
                    System.err.println("error: did not stop within 15 s of the signal; halting");
                    Runtime.getRuntime().halt(143);
                } catch (InterruptedException ignored) {
                    // stopped in time
                }
            }, "jsalt-shutdown-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            try {
                stop.run();
            } finally {
                watchdog.interrupt();
            }
        }, "jsalt-shutdown"));
    }

    /** A minion daemon with every function of this build registered (state runs included). */
    static MinionDaemon minion(MinionConfig cfg) throws IOException {
        MinionDaemon d = new MinionDaemon(cfg);
        return d;
    }
}
