package dev.jsalt.cli;

import dev.jsalt.minion.MinionDaemon;
import dev.jsalt.minion.config.MinionConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "minion", description = "Run the minion in the foreground (logs to stderr; stops cleanly on SIGTERM).",
        mixinStandardHelpOptions = true)
public final class MinionCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "DIR", description = "Directory holding minion.yaml (default: $JSALT_CONFIG, else /etc/jsalt).")
    Path configDir;

    @Override
    public Integer call() throws Exception {
        MinionConfig cfg = MinionConfig.load(Daemons.configDir(configDir));
        MinionDaemon daemon = Daemons.minion(cfg);
        Daemons.stopOnSignal(daemon::close);
        daemon.start();
        daemon.awaitStop();
        if (daemon.fatalError() != null) {
            System.err.println("error: " + daemon.fatalError());
            return 3;
        }
        return 0;
    }
}
