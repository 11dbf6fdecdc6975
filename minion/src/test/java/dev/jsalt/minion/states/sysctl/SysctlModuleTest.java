package dev.jsalt.minion.states.sysctl;

import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import dev.jsalt.minion.states.sys.FakeRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a stand-in /proc/sys (files, as procfs shows them) and a config file in a temp dir. */
class SysctlModuleTest {
    @TempDir
    Path dir;
    Path proc;
    Path conf;
    Apply sysctl;

    @BeforeEach
    void setUp() throws Exception {
        proc = dir.resolve("proc-sys");
        Files.createDirectories(proc.resolve("net/ipv4"));
        Files.createDirectories(proc.resolve("vm"));
        Files.writeString(proc.resolve("net/ipv4/ip_forward"), "0\n");
        Files.writeString(proc.resolve("net/ipv4/tcp_rmem"), "4096\t131072\t6291456\n");
        Files.writeString(proc.resolve("vm/swappiness"), "60\n");
        conf = dir.resolve("etc/sysctl.d/99-salt.conf");
        sysctl = new Apply(new SysctlModule(proc), new FakeRunner(), dir);
    }

    @Test
    void setsTheRunningValueAndPersistsItInANewConfigThenNothing() throws Exception {
        StateOutcome would = sysctl.expect(WOULD_CHANGE, "present", "net.ipv4.ip_forward", true, "value", 1, "config", conf.toString());
        assertTrue(would.comment().contains("we failed to check config file at " + conf), would.comment());
        assertFalse(Files.exists(conf));
        assertEquals("0\n", Files.readString(proc.resolve("net/ipv4/ip_forward")));

        StateOutcome done = sysctl.expect(CHANGED, "present", "net.ipv4.ip_forward", false, "value", 1, "config", conf.toString());
        assertEquals(Map.of("net.ipv4.ip_forward", "1"), done.changes());
        assertEquals("Updated sysctl value net.ipv4.ip_forward = 1", done.comment());
        assertEquals("1\n", Files.readString(proc.resolve("net/ipv4/ip_forward")));
        assertEquals("#\n# Kernel sysctl configuration\n#\nnet.ipv4.ip_forward = 1\n", Files.readString(conf));

        StateOutcome same = sysctl.expect(UNCHANGED, "present", "net.ipv4.ip_forward", false, "value", "1", "config", conf.toString());
        assertEquals("Sysctl value net.ipv4.ip_forward = 1 is already set", same.comment());
        sysctl.expect(UNCHANGED, "present", "net.ipv4.ip_forward", true, "value", "1", "config", conf.toString());
    }

    @Test
    void aConfiguredLineIsReplacedAndOthersKept() throws Exception {
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "# mine\nvm.swappiness = 60\nnet.ipv4.ip_forward=0\n");
        StateOutcome w = sysctl.expect(WOULD_CHANGE, "present", "vm.swappiness", true, "value", 10, "config", conf.toString());
        assertEquals("Sysctl option vm.swappiness would be changed to 10", w.comment());
        sysctl.expect(CHANGED, "present", "vm.swappiness", false, "value", 10, "config", conf.toString());
        assertEquals("# mine\nvm.swappiness = 10\nnet.ipv4.ip_forward=0\n", Files.readString(conf));
        assertEquals("10\n", Files.readString(proc.resolve("vm/swappiness")));
    }

    @Test
    void runningButNotConfiguredIsPersistedOnly() throws Exception {
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "vm.swappiness = 60\n");
        StateOutcome w = sysctl.expect(WOULD_CHANGE, "present", "net.ipv4.tcp_rmem", true, "value", "4096 131072  6291456", "config", conf.toString());
        assertTrue(w.comment().startsWith("Sysctl value is currently set on the running system but not in a config file."), w.comment());
        sysctl.expect(CHANGED, "present", "net.ipv4.tcp_rmem", false, "value", "4096 131072  6291456", "config", conf.toString());
        assertEquals("vm.swappiness = 60\nnet.ipv4.tcp_rmem = 4096\t131072\t6291456\n", Files.readString(conf));
        assertEquals("4096\t131072\t6291456\n", Files.readString(proc.resolve("net/ipv4/tcp_rmem")), "the running value was right: not rewritten");
        sysctl.expect(UNCHANGED, "present", "net.ipv4.tcp_rmem", false, "value", "4096 131072 6291456", "config", conf.toString());
    }

    @Test
    void anUnknownParameterIsAssumedInATestRunAndFailsARealOne() throws Exception {
        sysctl.expect(WOULD_CHANGE, "present", "net.bridge.bridge-nf-call-iptables", true, "value", 1, "config", conf.toString());
        StateOutcome f = sysctl.expect(FAILED, "present", "net.bridge.bridge-nf-call-iptables", false, "value", 1, "config", conf.toString());
        assertTrue(f.comment().contains("sysctl net.bridge.bridge-nf-call-iptables does not exist"), f.comment());
        assertFalse(Files.exists(conf), "nothing written when the parameter does not exist");
    }

    @Test
    void namesMayUseSlashesAndBadOnesAreRefused() {
        SysctlModule m = new SysctlModule(proc);
        assertEquals(proc.resolve("net/ipv4/conf/eth0.100/rp_filter"), m.procPath("net.ipv4.conf.eth0/100.rp_filter"));
        assertThrows(IllegalArgumentException.class, () -> sysctl.run("present", "../../etc/passwd", false, "value", 1));
        assertThrows(IllegalArgumentException.class, () -> sysctl.run("present", "vm.swappiness", false, "value", 1, "config", "relative.conf"));
        assertEquals(SysctlModule.DEFAULT_CONFIG, "/etc/sysctl.d/99-salt.conf");
    }
}
