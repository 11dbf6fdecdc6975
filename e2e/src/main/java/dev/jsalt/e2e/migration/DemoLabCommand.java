package dev.jsalt.e2e.migration;

import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabSpec;
import dev.jsalt.e2e.lab.Requirements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code jsalt demo --lab} (also {@code jsalt demo-lab}): the migration story of docs/migration.md on a lab fleet
 * (master salt; old app1 + db1, new app2 + db2 + db3), every phase through {@code jsalt orchestrate} with its results and
 * checks printed, the lab torn down at the end. Root and Linux only; without them it says why and what it would do.
 */
@Command(name = "demo-lab", mixinStandardHelpOptions = true,
        description = "Run the whole migration story (docs/migration.md) in a lab fleet and print each step's results (root, Linux).")
public final class DemoLabCommand implements Callable<Integer> {
    /** Lab names are [a-z0-9]{1,24}: they become part of namespace names. */
    static final String LAB_NAME = "demomigration";
    static final String[] COMMANDS = {"mariadbd", "mariadb-install-db", "mariadb", "mariadb-dump", "socat", "tincd", "ufw", "conntrack"};

    @Option(names = "--repo", paramLabel = "DIR", description = "The jsalt checkout holding states/ (default: found from here upwards).")
    Path repo;

    @Override
    public Integer call() {
        List<String> why = new ArrayList<>();
        Requirements.missing().ifPresent(why::add);
        Requirements.missingCommands(COMMANDS).ifPresent(why::add);
        Optional<Path> tree = repo != null ? Optional.of(repo.toAbsolutePath()) : findRepo();
        if (tree.isEmpty() || !Files.isRegularFile(tree.get().resolve("states/orchestrate/migrate.sls"))) {
            why.add("no states/orchestrate/migrate.sls found (run from the jsalt checkout, or pass --repo DIR)");
        }
        if (!why.isEmpty()) {
            System.out.println("jsalt demo --lab cannot run here: " + String.join("; ", why) + ".");
            System.out.println();
            System.out.println(plan());
            return 2;
        }
        System.out.println(plan());
        long t0 = System.nanoTime();
        try (Lab lab = Lab.up(MigrationStory.fleet(LabSpec.builder(LAB_NAME), tree.get()).build())) {
            MigrationStory.Outcome o = new MigrationStory(lab, tree.get(), System.out::println).run();
            System.out.printf("%nDemo finished in %d s: %d requests from the users during the move (%d served by app1, %d by app2), %d failed; "
                            + "after the final cut-over they followed the DNS change within %s s (TTL %d s); db2 holds %d rows = %d old + %d orders.%n",
                    (System.nanoTime() - t0) / 1_000_000_000L, o.requests(), o.servedByOld(), o.servedByNew(), o.failedRequests(),
                    o.followedWithin().values().stream().mapToDouble(Double::doubleValue).max().stream()
                            .mapToObj(x -> String.format(java.util.Locale.ROOT, "%.1f", x)).findFirst().orElse("?"),
                    MigrationStory.LOW_TTL, o.rowsOnNewPrimary(), o.oldRows(), o.requests());
            return 0;
        } catch (StoryFailure | dev.jsalt.e2e.lab.LabException e) {
            // the lab is down again here (try-with-resources); say what failed without a stack trace
            System.out.println();
            System.out.println("Demo failed: " + e.getMessage());
            return 1;
        }
    }

    /** What the demo does, step by step: printed before a run, and instead of one where it cannot run. */
    static String plan() {
        return String.join("\n",
                "The demo (lab '" + LAB_NAME + "', torn down at the end):",
                "  1. lab hosts salt (master, 10.77.0.2), app1 (.10) and db1 (.40) = the old fleet, app2 (.11), db2 (.41) and db3 (.42)",
                "     = the new one; real jsalt master and minions; db1 is a hand-installed MariaDB with 50 rows, db2/db3 fresh installs;",
                "     ns1 (.3): BIND serving example.test (blog, core -> app1) behind a Cloudflare API stand-in, every host's resolver;",
                "     users (.5): where the users are; app1 and app2 run a small HTTP app that writes each order to its database",
                "     the users start: an order every 0.25 s to core and blog (TTL 60), app1 writing to db1 over the public network",
                "  2. jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: prepare}'   inventory, tinc VPN, db settings (db1",
                "     restarts once: the app retries), the apps' endpoints onto the VPN (app1: db1, app2: db2), then the firewall;",
                "     checks: 22 open and 3306 dropped on eth1, 3306 open on tun0, a full VPN mesh",
                "  3. --pillar '{phase: replicate}'      db2 seeded from db1, db3 from db2, replicating (jsalt run role=db mysql.replication_status)",
                "  4. --pillar '{phase: multi-source}'   db1 <-> db2",
                "  5. --pillar '{phase: cutover}'        core, then blog -> app2 through the Cloudflare API, each checked with dns.query and HTTP",
                "  6. --pillar '{phase: revert}', then cutover again; the users follow within the TTL (measured)",
                "  7. old minions stopped; --pillar '{phase: decommission}' (deletes app1's and db1's keys and DNS names)",
                "     checks: db2 replicates from nobody, app1/db1 out of the key store, the VPN and the zone",
                "  8. zero failed requests, and db2's row count = old rows + every order the users got an answer for");
    }

    /** The checkout: the nearest directory above the working directory, or above the jar, that holds states/. */
    public static Optional<Path> findRepo() {
        List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        try {
            starts.add(Path.of(DemoLabCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // no code source (unusual class loader): the working directory is the only hint
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("states/orchestrate/migrate.sls"))) return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
