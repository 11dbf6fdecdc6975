package dev.jsalt.e2e.cloud;

import dev.jsalt.bench.ExternalScenario;
import dev.jsalt.bench.Profile;
import dev.jsalt.bench.Stats;
import dev.jsalt.cloud.droplets.DropletStandIn;
import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.LabImage;
import dev.jsalt.e2e.lab.LabSpec;
import dev.jsalt.e2e.lab.Requirements;
import dev.jsalt.e2e.migration.DemoLabCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The bench's {@code cloud} scenario (issue 19): on a lab master, {@code jsalt cloud map} against the DigitalOcean
 * stand-in, whose droplets boot as lab hosts (a systemd of their own; cloud-init installs and starts the minion, which
 * enrols with its one-time token) and converge (a file, the firewall and VPN formulas; the reactor rebuilds the mesh).
 * Two map runs: one that creates 1 droplet, then one that creates 20 more at once, each timed from the command to
 * every machine joined and converged. Budget: 20 in 60 s. Needs root and the booted lab ({@code jsalt lab check}).
 */
public final class CloudScaleScenario implements ExternalScenario {
    static final String NAME = "cloud";
    /** The budget's fleet: 20 droplets in one map run. */
    static final int MANY = 20;

    @Override
    public String name() { return NAME; }

    @Override
    public void run(Profile profile, PrintStream out, Consumer<Stats> report) throws Exception {
        List<String> missing = new ArrayList<>();
        Requirements.missingForBoot().ifPresent(missing::add);
        Optional<Path> repo = DemoLabCommand.findRepo().filter(r -> Files.isDirectory(r.resolve("states/tree/vpn")));
        if (repo.isEmpty()) missing.add("no states/tree found (run from the jsalt checkout)");
        if (!missing.isEmpty()) throw new IllegalStateException("the cloud scenario needs " + String.join("; ", missing));
        int many = "tiny".equals(profile.name()) ? 3 : MANY;
        String token = "dop_v1_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        out.println("# cloud: building the lab (a master host; droplets boot from the lab's image)");
        LabImage.ensure();
        try (Lab lab = Lab.up(CloudFleet.fleet(LabSpec.builder("benchcloud"), repo.get(), 7000).build());
             DropletStandIn standIn = new DropletStandIn(token, new LabBooter(lab))) {
            LabHost salt = lab.requireMaster();
            try (StandInBridge bridge = StandInBridge.open(salt, standIn.url(), lab.stateDir().resolve("standin.sock"))) {
                CloudFleet.configure(salt, token, standIn.url());
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= many + 1; i++) names.add("c" + i);
                double one = map(lab, names.subList(0, 1));
                report.accept(new Stats("cloud-map-1", 1, "s", List.of(one), null,
                        "jsalt cloud map to 1 droplet: created, booted, joined with its token, highstate converged"));
                out.println("# cloud: " + standIn.created().size() + " droplet(s) so far; now " + many + " more in one map run");
                double all = map(lab, names);
                report.accept(new Stats("cloud-map-" + many, many, "s", List.of(all), many == MANY ? 60.0 : null,
                        "one map run creating " + many + " droplets at once, to all joined and converged (2 cores: each a booted host and a minion JVM)"));
            }
        }
    }

    /** Seconds from {@code jsalt cloud map} to its exit, with the map naming {@code names} (profile app). */
    private static double map(Lab lab, List<String> names) throws Exception {
        Files.writeString(lab.requireMaster().hostSide(CloudFleet.ETC + "/bench-fleet.yaml"), "app: [" + String.join(", ", names) + "]\n");
        long t0 = System.nanoTime();
        ExecResult r = CloudFleet.cli(lab, "cloud", "map", CloudFleet.ETC + "/bench-fleet.yaml");
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (r.exit() != 0) throw new IllegalStateException("jsalt cloud map exited " + r.exit() + ":\n" + r.stdout() + r.stderr());
        return seconds;
    }
}
