package dev.jsalt.cloud.droplets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provisioner against the stand-in, with a master that refuses highstates for load (what the master's API does with
 * a full compile queue: 503, nothing started). Twenty machines joining at once ask for more highstates than a
 * master's queue takes; a refused one is asked again, not reported as failed and destroyed.
 */
class ProvisionerTest {
    private static final String TOKEN = "dop_v1_" + "0a1b2c3d4e5f6789".repeat(4);
    @TempDir
    Path dir;
    private DropletStandIn standIn;

    @AfterEach
    void stop() {
        if (standIn != null) standIn.close();
    }

    /** A master that refuses the first {@code busyTimes} highstates of each machine, then lets them converge. */
    private static final class BusyMaster implements MasterLink {
        final int busyTimes;
        final AtomicInteger asked = new AtomicInteger();
        final List<String> forgotten = new CopyOnWriteArrayList<>();

        BusyMaster(int busyTimes) {
            this.busyTimes = busyTimes;
        }

        @Override
        public Enrolment enrol(String id, int ttlSeconds) { return new Enrolment("one-time-token-" + id, "SHA256:test"); }

        @Override
        public boolean joined(String id) { return true; }

        @Override
        public String highstate(String id) {
            if (asked.incrementAndGet() <= busyTimes) {
                throw new Busy("the master is busy compiling (1 compiles running and 4 waiting; limits.compile_workers): try again shortly");
            }
            return null;
        }

        @Override
        public void forget(String id) { forgotten.add(id); }
    }

    private Provisioner provisioner(MasterLink master, List<String> progress) throws IOException {
        standIn = new DropletStandIn(TOKEN, DropletStandIn.addressesAfter(Duration.ofMillis(50)));
        Path token = Files.writeString(dir.resolve("do.token"), TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("cloud.yaml"), """
                master:
                  address: 127.0.0.1
                providers:
                  do:
                    driver: digitalocean
                    token_file: do.token
                    url: %s
                profiles:
                  app: {provider: do, region: fra1, size: s-1vcpu-1gb, image: debian-12-x64, join_timeout: 5}
                """.formatted(standIn.url()));
        CloudConfig config = CloudConfig.load(dir);
        return new Provisioner(config, config.provider("do").client(Map.of()), master, progress::add, Duration.ofMillis(50), false);
    }

    @Test
    void aHighstateRefusedForLoadIsAskedForAgain() throws Exception {
        BusyMaster master = new BusyMaster(2);
        List<String> progress = new CopyOnWriteArrayList<>();
        List<Provisioner.Outcome> out = provisioner(master, progress).createAll(Map.of("web1", "app"));
        assertEquals("created", out.get(0).status(), out.toString());
        assertEquals(3, master.asked.get(), "asked twice more after two refusals");
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("web1: the master is busy; asking for the highstate again")), progress.toString());
        assertEquals(List.of(), master.forgotten);
        assertEquals(1, standIn.created().size(), "the machine was kept");
    }

    @Test
    void aMasterBusyPastTheJoinTimeoutFailsTheMachineSayingWhy() throws Exception {
        BusyMaster master = new BusyMaster(Integer.MAX_VALUE);
        List<String> progress = new CopyOnWriteArrayList<>();
        List<Provisioner.Outcome> out = provisioner(master, progress).createAll(Map.of("web1", "app"));
        assertEquals("failed", out.get(0).status(), out.toString());
        assertTrue(out.get(0).detail().contains("the master stayed busy"), out.get(0).detail());
        assertTrue(master.asked.get() > 1, "asked more than once: " + master.asked.get());
    }
}
