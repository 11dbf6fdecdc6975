package dev.jsalt.cli;

import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.config.MasterConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "master", description = "Run the master in the foreground (logs to stderr; stops cleanly on SIGTERM).",
        mixinStandardHelpOptions = true)
public final class MasterCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "DIR", description = "Directory holding master.yaml (default: $JSALT_CONFIG, else /etc/jsalt).")
    Path configDir;

    @Override
    public Integer call() throws Exception {
        MasterConfig cfg = MasterConfig.load(Daemons.configDir(configDir));
        MasterDaemon daemon = new MasterDaemon(cfg);
        Daemons.stopOnSignal(daemon::close);
        daemon.awaitStop();
        if (daemon.fatalError() != null) {
            // A component failed for good: exit non-zero so systemd (Restart=always) starts a whole master again.
            System.err.println("error: " + daemon.fatalError());
            return 70;
        }
        return 0;
    }
}
