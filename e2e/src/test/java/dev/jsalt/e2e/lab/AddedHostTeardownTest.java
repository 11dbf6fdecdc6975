package dev.jsalt.e2e.lab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hosts added to a running lab (droplets the cloud stand-in boots) are recorded in lab.json before their namespace
 * exists, so the lab's own teardown and a sweep (which reads lab.json) find them; removing one leaves nothing of it
 * and the rest of the lab running.
 */
@ExtendWith(RequiresLab.class)
class AddedHostTeardownTest {
    private Lab lab;

    @AfterEach
    void down() {
        if (lab != null) lab.down();
    }

    @Test
    void anAddedHostIsRecordedRemovedAloneAndTornDownWithTheLab() {
        lab = Lab.up(LabSpec.builder("added" + TeardownTest.suffix()).host("a", 10).build());
        LabHost b = lab.addHost(HostSpec.of("b", 30, null));
        assertTrue(recorded().contains("b"), "recorded for teardown and sweep");
        assertThrows(IllegalArgumentException.class, () -> lab.addHost(HostSpec.of("c", 30, null)), "index 30 is taken");
        assertFalse(recorded().contains("c"), "a host refused is not recorded");
        b.spawnDaemon("sleeper", List.of("sleep", "600"));
        List<Long> pids = Netns.pids(b.netns());
        assertTrue(pids.size() >= 2, "init and sleeper: " + pids);

        lab.removeHost("b");
        assertFalse(Netns.list().contains(b.netns()), "its netns is gone");
        for (long pid : pids) assertFalse(Procs.alive(pid), "pid " + pid + " survived");
        assertFalse(Files.exists(b.dir()), "its dir is gone");
        assertFalse(recorded().contains("b"));
        assertTrue(lab.host("a").exec("true").ok(), "the rest of the lab runs on");

        LabHost c = lab.addHost(HostSpec.of("c", 31, null));
        List<Long> cPids = Netns.pids(c.netns());
        lab.down();
        assertFalse(Netns.list().contains(c.netns()), "the lab's teardown takes the added host too");
        for (long pid : cPids) assertFalse(Procs.alive(pid), "pid " + pid + " survived");
        assertEquals(List.of(), Mounts.ours(lab.name()::equals));
        assertFalse(Files.exists(StateStore.dir(lab.name())));
    }

    private List<String> recorded() {
        return StateStore.read(lab.name()).orElseThrow().hosts().stream().map(HostState::name).toList();
    }
}
