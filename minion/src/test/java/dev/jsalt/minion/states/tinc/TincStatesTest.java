package dev.jsalt.minion.states.tinc;

import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.RunContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static dev.jsalt.minion.states.tinc.TincFixture.expect;
import static dev.jsalt.minion.states.tinc.TincValidationTest.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * network, host, up and the bookkeeping of running against a scratch /etc/tinc, through the real engine. No tincd
 * daemon runs here (that needs a network namespace: see the lab's TincLabTest).
 */
class TincStatesTest {
    @TempDir
    Path dir;
    private TincFixture t;

    @BeforeEach
    void fixture() throws Exception {
        t = new TincFixture(dir, "db-1");
    }

    @Test
    void networkWritesTincConfHostsAndNetsBootOnce() throws Exception {
        Files.writeString(t.paths.netsBoot(), "## comment kept\n");
        StateResult dry = expect(WOULD_CHANGE, t.apply("network", true, "netname", "vpn", "connect_to", List.of("app1", "db2")));
        assertTrue(dry.changes().containsKey("tinc.conf"));
        assertFalse(Files.exists(t.paths.conf("vpn")), "test mode writes nothing");

        StateResult r = expect(CHANGED, t.apply("network", false, "netname", "vpn", "connect_to", List.of("db2", "app1", "db_1")));
        assertEquals(Map.of("tinc.conf", "created", "hosts", "created " + t.paths.hostsDir("vpn"), "nets.boot", "added vpn"), r.changes());
        assertEquals("""
                # Managed by jsalt (tinc.network): local changes are overwritten.
                Name = db_1
                AddressFamily = ipv4
                Interface = tun0
                Mode = router
                Port = 655
                ConnectTo = app1
                ConnectTo = db2
                """, t.read(t.paths.conf("vpn")), "node from the minion id, sorted peers, never itself");
        assertEquals("## comment kept\nvpn\n", t.read(t.paths.netsBoot()));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(t.paths.conf("vpn"))));
        expect(UNCHANGED, t.apply("network", false, "netname", "vpn", "connect_to", List.of("app1", "db2")));

        StateResult less = expect(CHANGED, t.apply("network", false, "netname", "vpn", "connect_to", List.of("app1")));
        assertTrue(less.changes().get("tinc.conf").toString().contains("-ConnectTo = db2"), less.changes()::toString);
        expect(UNCHANGED, t.apply("network", false, "netname", "vpn", "connect_to", List.of("app1")));
    }

    @Test
    void badValuesFailWithTheArgumentNamed() {
        StateResult peer = expect(FAILED, t.apply("network", false, "netname", "vpn", "connect_to", List.of("../../etc")));
        assertTrue(peer.comment().contains("connect_to"), peer.comment());
        expect(FAILED, t.apply("network", false, "netname", "vpn", "interface", "tun0\nConnectTo = x"));
        StateResult net = expect(FAILED, t.apply("network", false, "netname", "../vpn"));
        assertTrue(net.comment().contains("netname"), net.comment());
        expect(FAILED, t.apply("network", false));
        expect(FAILED, t.apply("up", false, "netname", "vpn", "address", "10.88.0.11/24 && reboot"));
        expect(FAILED, t.apply("host", false, "netname", "vpn", "hosts", Map.of("a b", Map.of())));
        assertFalse(Files.exists(t.paths.netDir("vpn")), "nothing written for a failed declaration");
    }

    @Test
    void hostFilesForEveryMemberExactRemovesLeaversButNeverItself() throws Exception {
        Path hosts = Files.createDirectories(t.paths.hostsDir("vpn"));
        Files.writeString(hosts.resolve("db_1"), "Subnet = 10.88.0.11/32\n\n" + KEY);
        Files.writeString(hosts.resolve("old9"), "Address = 10.77.0.99\n");
        Files.writeString(hosts.resolve(".old9.swp"), "editor junk, not a node");
        Map<String, Object> members = Map.of(
                "app1", Map.of("node", "app1", "address", "10.77.0.10", "subnet", "10.88.0.10/32", "port", 655, "public_key", KEY),
                "db2", Map.of("address", "10.77.0.12", "subnet", "10.88.0.12/32", "public_key", KEY),
                "cache1", Map.of("address", "10.77.0.13", "subnet", "10.88.0.13/32"));

        StateResult dry = expect(WOULD_CHANGE, t.apply("host", true, "netname", "vpn", "hosts", members, "exact", true));
        assertEquals(List.of("old9"), dry.changes().get("removed"));
        assertTrue(Files.exists(hosts.resolve("old9")));

        StateResult r = expect(CHANGED, t.apply("host", false, "netname", "vpn", "hosts", members, "exact", true));
        assertEquals(Map.of("added", List.of("app1", "db2"), "removed", List.of("old9")), r.changes());
        assertTrue(r.comment().contains("no public key yet for cache1"), r.comment());
        assertEquals("# Managed by jsalt (tinc.host): local changes are overwritten.\nAddress = 10.77.0.10\n"
                + "Subnet = 10.88.0.10/32\nPort = 655\n\n" + KEY, t.read(hosts.resolve("app1")));
        assertTrue(Files.exists(hosts.resolve("db_1")), "this node's own file is never removed");
        assertTrue(Files.exists(hosts.resolve(".old9.swp")), "only files named like nodes are managed");
        expect(UNCHANGED, t.apply("host", false, "netname", "vpn", "hosts", members, "exact", true));

        // db2 leaves; without exact its file would stay
        Map<String, Object> fewer = Map.of("app1", members.get("app1"));
        expect(UNCHANGED, t.apply("host", false, "netname", "vpn", "hosts", fewer));
        StateResult gone = expect(CHANGED, t.apply("host", false, "netname", "vpn", "hosts", fewer, "exact", true));
        assertEquals(Map.of("removed", List.of("db2")), gone.changes());
    }

    @Test
    void ownHostFileKeepsTheKeyOnDiskOverAStaleDeclaration() throws Exception {
        Path own = Files.createDirectories(t.paths.hostsDir("vpn")).resolve("db_1");
        Files.writeString(own, KEY);
        Map<String, Object> self = Map.of("db_1", Map.of("address", "10.77.0.11", "subnet", "10.88.0.11/32"));
        expect(CHANGED, t.apply("host", false, "netname", "vpn", "hosts", self));
        assertEquals("# Managed by jsalt (tinc.host): local changes are overwritten.\nAddress = 10.77.0.11\n"
                + "Subnet = 10.88.0.11/32\n\n" + KEY, t.read(own));
        expect(UNCHANGED, t.apply("host", false, "netname", "vpn", "hosts", self));
        assertEquals(Map.of("node", "db_1", "address", "10.77.0.11", "subnet", "10.88.0.11/32", "port", 655, "public_key", KEY),
                TincModule.hostInfo(t.paths.etc(), "vpn", "db_1"));
    }

    @Test
    void upWritesExecutableScriptsOnce() throws Exception {
        expect(WOULD_CHANGE, t.apply("up", true, "netname", "vpn", "address", "10.88.0.11/24"));
        assertFalse(Files.exists(t.paths.tincUp("vpn")));
        StateResult r = expect(CHANGED, t.apply("up", false, "netname", "vpn", "address", "10.88.0.11/24"));
        assertEquals(Map.of("tinc-up", "created", "tinc-down", "created"), r.changes());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(t.paths.tincUp("vpn"))));
        assertTrue(t.read(t.paths.tincUp("vpn")).contains("ip addr replace 10.88.0.11/24 dev \"$INTERFACE\""));
        expect(UNCHANGED, t.apply("up", false, "netname", "vpn", "address", "10.88.0.11/24"));
        Files.setPosixFilePermissions(t.paths.tincDown("vpn"), PosixFilePermissions.fromString("rw-r--r--"));
        StateResult mode = expect(CHANGED, t.apply("up", false, "netname", "vpn", "address", "10.88.0.11/24"));
        assertEquals(Map.of("tinc-down", "mode set to rwxr-xr-x"), mode.changes());
    }

    @Test
    void runningNeedsTheNetworkAndTestModeStartsNothing() throws Exception {
        StateResult none = expect(FAILED, t.apply("running", false, "netname", "vpn"));
        assertTrue(none.comment().contains("declare tinc.network first"), none.comment());
        expect(CHANGED, t.apply("network", false, "netname", "vpn"));
        StateResult dry = expect(WOULD_CHANGE, t.apply("running", true, "netname", "vpn"));
        assertEquals(Map.of("tincd", "started"), dry.changes());
        assertFalse(Files.exists(t.paths.pidFile("vpn")));
    }

    @Test
    void aPidFileNamingAnotherProgramIsNotARunningTincd() throws Exception {
        RunContext ctx = new RunContext(false, new CommandRunner(), Map.of(), dir);
        PidfileTincd tincd = new PidfileTincd("vpn", t.paths, ctx);
        assertFalse(tincd.running());
        Files.writeString(t.paths.pidFile("vpn"), ProcessHandle.current().pid() + "\n"); // this JVM: alive, not tincd
        assertFalse(tincd.running());
        Files.writeString(t.paths.pidFile("vpn"), "garbage");
        assertFalse(tincd.running());
    }

    @Test
    void onlyWhatSighupCannotApplyChangesTheStartFingerprint() throws Exception {
        t.apply("network", false, "netname", "vpn", "connect_to", List.of("app1"));
        t.apply("up", false, "netname", "vpn", "address", "10.88.0.11/24");
        String start = StartedWith.current(t.paths, "vpn");
        t.apply("network", false, "netname", "vpn", "connect_to", List.of("app1", "db2"));
        t.apply("host", false, "netname", "vpn", "hosts", Map.of("db2", Map.of("address", "10.77.0.12", "public_key", KEY)));
        assertEquals(start, StartedWith.current(t.paths, "vpn"), "ConnectTo and peers' host files: a SIGHUP does it");

        t.apply("network", false, "netname", "vpn", "connect_to", List.of("app1", "db2"), "interface", "tun1");
        String iface = StartedWith.current(t.paths, "vpn");
        assertNotEquals(start, iface);
        t.apply("up", false, "netname", "vpn", "address", "10.88.0.12/24");
        assertNotEquals(iface, StartedWith.current(t.paths, "vpn"), "tinc-up runs only at start");
        String up = StartedWith.current(t.paths, "vpn");
        t.apply("host", false, "netname", "vpn", "hosts", Map.of("db_1", Map.of("subnet", "10.88.0.12/32")));
        assertNotEquals(up, StartedWith.current(t.paths, "vpn"), "its own subnet");
    }
}
