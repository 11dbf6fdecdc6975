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
 * the lab under continuous writes. {@link MigrationStory} checks each phase as it goes (firewall probes, VPN mesh,
 * replication status, the apps' endpoint, revert and redo, decommission); here the final numbers are judged: zero
 * failed writes, and the new primary holds exactly the old rows plus every successful write.
 */
class MigrationLabTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> MigrationStory.fleet(b, REPO));

    @Test
    void theFleetMovesWithZeroFailedWrites() {
        String[] tools = {"mariadbd", "mariadb-install-db", "mariadb", "mariadb-dump", "socat", "tincd", "ufw"};
        assumeTrue(Requirements.missingCommands(tools).isEmpty(), () -> "missing: " + Requirements.missingCommands(tools).orElse(""));
        MigrationStory.Outcome o = new MigrationStory(LAB.lab(), REPO, System.out::println).run();
        assertEquals(0, o.failedWrites(), o.toString());
        assertEquals(o.oldRows() + o.writes(), o.rowsOnNewPrimary(), o.toString());
        assertEquals(true, o.oldApp().ok() > 0 && o.newApp().ok() > 0, o.toString());
    }
}
