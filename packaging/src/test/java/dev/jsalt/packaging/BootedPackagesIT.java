package dev.jsalt.packaging;

import dev.jsalt.e2e.lab.Boot;
import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.LabSpec;
import dev.jsalt.e2e.lab.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The jsalt packages on machines that boot (issue 17): two booted lab hosts, Debian 12 with systemd as PID 1, the
 * master and a minion installed from this build's .debs with apt-get and running as their services. In order: the
 * minion registers (named after a hostname nothing resolves); a master restart brings the minion back by itself; the
 * minion upgrades itself to a newer build of its own package through a {@code pkg.latest} state applied from the
 * master, dpkg is left clean and the job's success is reported by the restarted minion; purge leaves nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootedPackagesIT {
    private static final String UPGRADE = "+selfupgrade1";
    private static Lab lab;
    private static Path work;

    @BeforeAll
    static void up() throws IOException {
        var missing = Requirements.missingForBoot();
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        work = Files.createTempDirectory("jsalt-booted-it");
        String name = "bootpkg" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        lab = Lab.up(LabSpec.builder(name).boot(Boot.SYSTEMD).debs(Debs.dir().toAbsolutePath())
                .host("salt", 2).host("app1", 10, "app").master("salt")
                .masterConfig("state_tree", Map.of("dir", "/srv/jsalt/states")).build());
    }

    @AfterAll
    static void down() throws IOException {
        if (lab != null) {
            for (LabHost h : lab.hosts()) {
                if (!h.up()) continue;
                System.err.println("--- " + h.name() + " journal (jsalt) ---");
                System.err.println(h.exec(List.of("journalctl", "--no-pager", "-q", "-n", "80", "-u", "jsalt-master", "-u", "jsalt-minion"),
                        Duration.ofSeconds(30)).stdout());
            }
            lab.down();
        }
        if (work != null) Cmd.ok("rm", "-rf", work.toString());
    }

    private static LabHost minion() { return lab.host("app1"); }

    private static String installed(LabHost h, String pkg) {
        return h.exec("dpkg-query", "-W", "-f=${Version} ${db:Status-Status}", pkg).stdout().strip();
    }

    private static void awaitPing(Duration max) {
        await().atMost(max).pollInterval(Duration.ofSeconds(1))
                .until(() -> lab.jsalt(List.of("run", "app1", "test.ping", "--timeout", "10"), Duration.ofSeconds(60)).ok());
    }

    @Test
    @Order(1)
    void installedMinionRegistersUnderItsHostname() {
        LabHost m = minion();
        assertEquals(Debs.version() + " installed", installed(m, "jsalt-minion"));
        assertEquals("active", m.exec("systemctl", "is-active", "jsalt-minion").stdout().strip());
        assertEquals("active", lab.host("salt").exec("systemctl", "is-active", "jsalt-master").stdout().strip());
        // No id in minion.yaml, and nothing resolves the host's name: the id comes from its hostname.
        assertFalse(m.readFile("/etc/jsalt/minion.yaml").contains("id:"));
        assertFalse(m.exec("getent", "hosts", "app1").ok());
        ExecResult keys = lab.jsalt("keys", "list");
        assertTrue(keys.stdout().contains("app1") && keys.stdout().contains("accepted"), keys.stdout());
        awaitPing(Duration.ofSeconds(60));
    }

    @Test
    @Order(2)
    void aMasterRestartBringsTheMinionBackByItself() {
        lab.host("salt").check("systemctl", "restart", "jsalt-master");
        awaitPing(Duration.ofSeconds(120));
        assertEquals("active", minion().exec("systemctl", "is-active", "jsalt-minion").stdout().strip());
    }

    /**
     * The packaged launcher's class-data archive under systemd: the minion's first run records it once the minion has
     * been connected and idle for 10 s (ClassDataRecorder; docs/install.md), as ARCHIVE.PID; the next start checks it,
     * renames it into place, maps it and joins again.
     */
    @Test
    @Order(3)
    void theMinionRecordsItsClassDataArchiveAtIdleAndItsNextStartMapsIt() {
        LabHost m = minion();
        try {
            await("the minion recorded its class-data archive").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> m.journal("jsalt-minion", 2_000).contains("recorded the class-data archive"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no recording; /var/cache/jsalt: " + m.exec("ls", "-laR", "/var/cache/jsalt").stdout()
                    + "\njournal: " + m.journal("jsalt-minion", 40), e);
        }
        String cds = m.check("ls", "/var/cache/jsalt/cds").stdout();
        assertTrue(cds.matches("(?s)(.*\\s)?minion\\.\\d+\\.jsa\\.\\d+\\s.*"), "recorded as ARCHIVE.PID: " + cds);

        m.check("systemctl", "restart", "jsalt-minion");
        // The launcher checks the recording with a -Xshare:on run first, then execs the minion's JVM in its place.
        String[] cmdline = {""};
        await("the minion's JVM").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String pid = m.check("systemctl", "show", "-p", "MainPID", "--value", "jsalt-minion").stdout().strip();
            cmdline[0] = m.exec("cat", "/proc/" + pid + "/cmdline").stdout().replace('\0', ' ');
            return cmdline[0].contains(" -jar ");
        });
        assertTrue(cmdline[0].matches(".* -XX:SharedArchiveFile=/var/cache/jsalt/cds/minion\\.\\d+\\.jsa -jar .*"), cmdline[0]);
        assertFalse(cmdline[0].contains("RecordDynamicDumpInfo"), cmdline[0]);
        awaitPing(Duration.ofSeconds(60));
    }

    @Test
    @Order(4)
    void theMinionUpgradesItselfThroughAState() throws Exception {
        LabHost m = minion();
        String v1 = Debs.version();
        String v2 = v1 + UPGRADE;
        // A newer build of the same packages, served by an apt repository on the minion's machine.
        Path repo = m.hostSide("/srv/jsalt-repo");
        Files.createDirectories(repo);
        for (String pkg : List.of("jsalt", "jsalt-minion")) {
            Path newer = Rebuild.withVersion(Debs.deb(pkg), v1, v2, work, dir -> { });
            Files.copy(newer, repo.resolve(newer.getFileName()));
        }
        m.check("sh", "-c", "cd /srv/jsalt-repo && apt-ftparchive packages . > Packages");
        m.writeFile("/etc/apt/sources.list.d/jsalt.list", "deb [trusted=yes] file:/srv/jsalt-repo ./\n");

        LabHost master = lab.host("salt");
        Files.createDirectories(master.hostSide("/srv/jsalt/states"));
        master.writeFile("/srv/jsalt/states/top.sls", "base:\n  'app1':\n    - upgrade\n");
        master.writeFile("/srv/jsalt/states/upgrade.sls", "jsalt-minion:\n  pkg.latest:\n    - refresh: true\n");
        long oldPid = Long.parseLong(m.check("systemctl", "show", "-p", "MainPID", "--value", "jsalt-minion").stdout().strip());

        ExecResult apply = lab.jsalt(List.of("apply", "app1", "--timeout", "300"), Duration.ofMinutes(6));

        assertEquals(0, apply.exit(), apply.stdout() + apply.stderr());
        assertTrue(apply.stdout().contains("continued across a minion restart"), apply.stdout());
        assertEquals(v2 + " installed", installed(m, "jsalt-minion"));
        assertEquals(v2 + " installed", installed(m, "jsalt"));
        assertEquals("", m.exec("dpkg", "--audit").stdout().strip(), "dpkg --audit");
        assertEquals("active", m.exec("systemctl", "is-active", "jsalt-minion").stdout().strip());
        long newPid = Long.parseLong(m.check("systemctl", "show", "-p", "MainPID", "--value", "jsalt-minion").stdout().strip());
        assertTrue(newPid != oldPid, "the minion was restarted by its package");
        String journal = m.journal("jsalt-minion", 200);
        assertTrue(journal.contains("handing job") && journal.contains("continuing job"), journal);
        // The restarted minion answers, and a second apply has nothing left to do.
        awaitPing(Duration.ofSeconds(60));
        ExecResult again = lab.jsalt(List.of("apply", "app1", "--timeout", "120"), Duration.ofMinutes(3));
        assertEquals(0, again.exit(), again.stdout() + again.stderr());
        assertFalse(again.stdout().contains("CHANGED") || again.stdout().contains("changed:"), again.stdout());
    }

    @Test
    @Order(5)
    void purgeLeavesNothing() {
        LabHost m = minion();
        m.check("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "purge", "-y", "-q", "jsalt-minion", "jsalt");
        assertEquals("", m.exec("dpkg", "--audit").stdout().strip());
        assertFalse(m.exists("/var/lib/jsalt"), "the minion's keys and data are gone");
        assertFalse(m.exists("/etc/jsalt/minion.yaml"));
        assertFalse(m.exists("/usr/lib/systemd/system/jsalt-minion.service"));
        assertFalse(m.exec("pgrep", "-f", "jsalt.jar").ok(), "no jsalt process left");
        assertEquals("not-found", m.exec("systemctl", "show", "-p", "LoadState", "--value", "jsalt-minion").stdout().strip());
    }
}
