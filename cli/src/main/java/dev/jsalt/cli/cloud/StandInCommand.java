package dev.jsalt.cli.cloud;

import dev.jsalt.cloud.droplets.ApiToken;
import dev.jsalt.cloud.droplets.DropletStandIn;
import dev.jsalt.minion.cloud.LocalBooter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code jsalt cloud stand-in}: the DigitalOcean stand-in in the foreground, for trying {@code jsalt cloud} without an
 * account. Each droplet created is booted in this process as a minion (see {@link LocalBooter}); point a provider's
 * {@code url:} at the address printed and give it the same token file.
 */
@Command(name = "stand-in", description = "Run the local DigitalOcean stand-in; its droplets boot as minions in this process.",
        mixinStandardHelpOptions = true)
final class StandInCommand implements Callable<Integer> {
    @Option(names = "--token-file", paramLabel = "FILE", required = true, description = "The token clients must present (a 0600 file).")
    Path tokenFile;

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Where each droplet's files (minion.yaml, its root_dir) go.")
    Path dir;

    /**
     * The secret a stand-in is started with, from a file only its owner may read (the same checks as a provider's
     * token file: {@link ApiToken#fromFile}); the stand-in needs the value itself, to compare what clients present.
     */
    static String secretFile(Path file) throws java.io.IOException {
        ApiToken checked = ApiToken.fromFile(file);
        String value = Files.readString(file).strip();
        if (!checked.matches(value)) throw new IllegalStateException(file + " changed while it was read");
        return value;
    }

    @Override
    public Integer call() throws Exception {
        String value = secretFile(tokenFile);
        LocalBooter booter = new LocalBooter(Files.createDirectories(dir).toAbsolutePath());
        CountDownLatch stop = new CountDownLatch(1);
        try (DropletStandIn standIn = new DropletStandIn(value, booter)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                booter.closeAll();
                stop.countDown();
            }));
            System.out.println("DigitalOcean stand-in on " + standIn.url() + " (provider url:); droplets under " + dir.toAbsolutePath());
            System.out.flush();
            stop.await();
        }
        return 0;
    }
}
