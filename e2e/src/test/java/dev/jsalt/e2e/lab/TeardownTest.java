package dev.jsalt.e2e.lab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code down()} leaves nothing: no namespaces, processes, mounts or state, and the machine's firewall exactly as
 * it was even though a host ran real ufw.
 */
@ExtendWith(RequiresLab.class)
class TeardownTest {
    private Lab lab;

    @BeforeEach
    void up() {
        lab = Lab.up(LabSpec.builder("teardown" + suffix())
                .host("fw", 20, "app").host("peer", 21).build());
    }

    @AfterEach
    void down() {
        if (lab != null) lab.down();
    }

    @Test
    void downRemovesEverythingAndLeavesTheMachineFirewallAlone() {
        String before = Firewall.snapshot();
        LabHost fw = lab.host("fw");
        if (Requirements.missingCommands("ufw", "iptables").isEmpty()) {
            fw.check("ufw", "default", "deny", "incoming");
            fw.check("ufw", "allow", "22/tcp");
            fw.check("ufw", "--force", "enable");
            assertTrue(fw.check("iptables", "-S").stdout().contains("ufw-user-input"), "ufw is live in the host");
            assertFalse(Cmd.check(List.of("iptables", "-S"), Duration.ofSeconds(10), "root").stdout().contains("ufw-user-input"));
        }
        fw.spawnDaemon("sleeper", List.of("sleep", "600"));

        List<Long> pids = new ArrayList<>();
        List<String> namespaces = List.of(Netns.switchNs(lab.name()), fw.netns(), lab.host("peer").netns());
        for (String ns : namespaces) pids.addAll(Netns.pids(ns));
        assertTrue(pids.size() >= 3, "inits and the sleeper are running: " + pids);

        lab.down();

        List<String> left = Netns.list();
        for (String ns : namespaces) assertFalse(left.contains(ns), ns + " still exists");
        for (long pid : pids) assertFalse(Procs.alive(pid), "pid " + pid + " survived teardown");
        assertEquals(List.of(), Mounts.ours(lab.name()::equals));
        assertFalse(Files.exists(StateStore.dir(lab.name())), "state dir removed");
        assertEquals(before, Firewall.snapshot(), "root-namespace iptables/ip6tables -S changed");
        assertFalse(Files.exists(java.nio.file.Path.of("/var/log/mysql")), "the lab never creates /var/log/mysql on the machine");
    }

    static String suffix() {
        return Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }
}
