package dev.jsalt.bench.swarm;

import dev.jsalt.common.config.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "swarm", mixinStandardHelpOptions = true,
        description = "Simulate N minions in one process (for benchmarks and load tests): each has its own id, Curve keys, "
                + "CURVE session and grains, and answers test.*, cmd.run, grains.* and state.apply of file states inside its "
                + "scratch dir (grain swarm_root). Accept them with 'jsalt keys accept --all'. Runs until stopped.")
public final class SwarmCommand implements Callable<Integer> {
    @Option(names = {"-n", "--count"}, required = true, paramLabel = "N", description = "Number of minions.")
    int count;

    @Option(names = "--master", required = true, paramLabel = "HOST:PORT", description = "The master's minion port, e.g. 127.0.0.1:4506.")
    String master;

    @Option(names = "--key-port", paramLabel = "PORT", description = "The master's key port (default: PORT - 1).")
    Integer keyPort;

    @Option(names = "--id-prefix", defaultValue = "swarm-", paramLabel = "PREFIX", description = "Minion ids are PREFIX0000, PREFIX0001, ... (default: ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(names = "--first-index", defaultValue = "0", paramLabel = "I",
            description = "Number the minions from I, so several swarm processes form one fleet (default: ${DEFAULT-VALUE}).")
    int firstIndex;

    @Option(names = "--root", defaultValue = "jsalt-swarm", paramLabel = "DIR",
            description = "Keys, the master pin and scratch dirs; reuse it to keep the minions' keys (default: ./${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--master-fingerprint", paramLabel = "FP", description = "Verify the master's fingerprint instead of trusting on first use.")
    String fingerprint;

    @Option(names = "--grain", paramLabel = "KEY=VALUE", description = "A static grain for every minion (default role=swarm); repeatable.")
    Map<String, String> grains = new LinkedHashMap<>();

    @Option(names = "--io-threads", defaultValue = "1", description = "ZeroMQ I/O threads (default: ${DEFAULT-VALUE}; CURVE is CPU-bound, more rarely helps).")
    int ioThreads;

    @Option(names = "--loops", defaultValue = "2", description = "Socket polling threads (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--workers", defaultValue = "2", description = "Job threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--hold", paramLabel = "FILE",
            description = "Make the minions (keys, grains), print 'swarm: ready', and connect only once FILE exists: a benchmark"
                    + " can start this process (JVM start, key generation) before the phase it measures.")
    Path hold;

    @Override
    public Integer call() throws Exception {
        HostPort hp = HostPort.parse(master, 4506, "--master ");
        SwarmConfig cfg = new SwarmConfig(count, hp, keyPort == null ? hp.port() - 1 : keyPort, idPrefix, firstIndex, root.toAbsolutePath(),
                ioThreads, loops, workers, fingerprint, new LinkedHashMap<>(grains));
        CountDownLatch stop = new CountDownLatch(1);
        try (Swarm swarm = new Swarm(cfg)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                swarm.close();
            }, "jsalt-swarm-shutdown"));
            if (hold != null) {
                System.out.println("swarm: ready; " + count + " minions connect once " + hold + " exists");
                System.out.flush();
                while (!java.nio.file.Files.exists(hold)) {
                    if (stop.await(20, java.util.concurrent.TimeUnit.MILLISECONDS)) return 1;
                }
            }
            if (!swarm.start()) return 1;
            System.out.println("swarm: " + count + " minions " + cfg.id(0) + ".." + cfg.id(count - 1) + " connecting to " + hp
                    + " (root " + cfg.root() + ")");
            System.out.flush();
            int last = -1;
            // Report acceptance progress when it changes, so an operator sees 'keys accept --all' take effect.
            while (!stop.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
                int accepted = swarm.accepted();
                if (accepted != last) {
                    System.out.println("swarm: " + accepted + "/" + count + " accepted" + (swarm.dropped() > 0 ? ", " + swarm.dropped() + " dropped" : ""));
                    System.out.flush();
                    last = accepted;
                }
            }
        }
        return 0;
    }
}
