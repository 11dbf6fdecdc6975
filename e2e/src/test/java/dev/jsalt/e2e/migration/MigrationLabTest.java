package dev.jsalt.e2e.migration;

import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 9's check: the whole migration (states/orchestrate/migrate.sls, phase by phase through
 * {@code jsalt orchestrate} on a real master) moves an old fleet (app1, db1 with data) to a new one (app2, db2) in
 * the lab while users keep sending requests to its public names. {@link MigrationStory} checks each phase as it goes
 * (firewall probes, VPN mesh, replication status, the apps' endpoints, the DNS answers, revert and redo, decommission);
 * here the final numbers are judged: zero failed requests, the users followed the final DNS change within TTL + 2 s,
 * and the new primary holds exactly the old rows plus every order the users got an answer for.
 */
class MigrationLabTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> MigrationStory.fleet(b, REPO));

    @Test
    void theFleetMovesWithZeroFailedRequests() {
        String[] tools = {"mariadbd", "mariadb-install-db", "mariadb", "mariadb-dump", "socat", "tincd", "ufw", "conntrack", "named", "dig", "curl"};
        assumeTrue(Requirements.missingCommands(tools).isEmpty(), () -> "missing: " + Requirements.missingCommands(tools).orElse(""));
        MigrationStory.Outcome o = new MigrationStory(LAB.lab(), REPO, System.out::println).run();
        assertEquals(0, o.failedRequests(), o.toString());
        assertEquals(o.oldRows() + o.requests(), o.rowsOnNewPrimary(), o.toString());
        assertEquals(true, o.servedByOld() > 0 && o.servedByNew() > 0, o.toString());
        for (double s : o.followedWithin().values()) assertEquals(true, s <= MigrationStory.LOW_TTL + 2, o.toString());
    }
}
