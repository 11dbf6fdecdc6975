package dev.jsalt.e2e.lab;

import dev.jsalt.e2e.junit.LabExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three bare hosts: each has its own network address, hostname, private paths and processes. */
class HostIsolationTest {
    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("app1", 10, "app").host("db1", 11, "db").host("db2", 12, "db"));

    @Test
    void hostnamesAndAddressesAreTheHostsOwn() {
        for (LabHost h : LAB.lab().hosts()) {
            assertEquals(h.name(), h.check("hostname").stdout().strip());
            assertTrue(h.check("ip", "-4", "-o", "addr", "show", "dev", "eth1").stdout().contains(h.address() + "/24"), h.name());
        }
        assertEquals("10.77.0.11", LAB.host("db1").address());
        // Lab hosts resolve each other by name (a private /etc/hosts), and their own name.
        assertTrue(LAB.host("app1").check("getent", "hosts", "db2").stdout().startsWith("10.77.0.12"));
        assertEquals("db1", LAB.host("db1").readFile("/etc/hostname").strip());
    }

    @Test
    void aListenerInOneHostIsReachableFromAnotherOverTheLabNetwork() {
        LabHost db1 = LAB.host("db1");
        LabHost app1 = LAB.host("app1");
        Daemon socat = db1.spawnDaemon("socat-hi", List.of("socat", "TCP-LISTEN:7000,fork,reuseaddr", "SYSTEM:echo hi"));
        await().atMost(Duration.ofSeconds(10)).until(() -> app1.probeTcp(db1.address(), 7000, Duration.ofSeconds(1)) == TcpProbe.OPEN);
        ExecResult r = app1.exec("timeout", "2", "socat", "-u", "TCP:" + db1.address() + ":7000", "STDOUT");
        assertEquals("hi", r.stdout().strip(), r.toString());
        assertEquals(TcpProbe.REFUSED, app1.probeTcp(db1.address(), 7001, Duration.ofSeconds(1)));
        // The listener is db1's: not in app1's pid namespace, not bound in db2's network.
        assertFalse(app1.exec("pidof", "socat").ok());
        assertEquals(TcpProbe.OPEN, db1.probeTcp("127.0.0.1", 7000, Duration.ofSeconds(1)));
        assertEquals(TcpProbe.REFUSED, LAB.host("db2").probeTcp("127.0.0.1", 7000, Duration.ofSeconds(1)));
        db1.signal(socat, "TERM");
        await().atMost(Duration.ofSeconds(5)).until(() -> !db1.running(socat));
    }

    @Test
    void theRootNamespaceHasNoPathIntoTheLab() throws IOException {
        // The switch has no uplink: no interface of the machine is on the lab network, so the machine's route to a
        // lab address (if any) leads out of its own uplink, never into the lab.
        LabHost db1 = LAB.host("db1");
        String route = Cmd.check(List.of("ip", "-o", "route", "get", db1.address()), Duration.ofSeconds(5), "root route").stdout();
        String rootLinks = Cmd.check(List.of("ip", "-o", "link"), Duration.ofSeconds(5), "root links").stdout();
        assertFalse(rootLinks.contains("br0"), rootLinks);
        assertFalse(route.contains(" dev br0") || route.contains(" dev v" + db1.index()), route);
        // And a listener in db1 never answers the machine. (A sandbox egress proxy may accept the TCP connect
        // itself, so the proof is that db1's greeting never arrives, not that the connect fails.)
        db1.spawnDaemon("socat-root", List.of("socat", "TCP-LISTEN:7002,fork,reuseaddr", "SYSTEM:echo hi"));
        await().atMost(Duration.ofSeconds(10)).until(() -> db1.probeTcp("127.0.0.1", 7002, Duration.ofSeconds(1)) == TcpProbe.OPEN);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(db1.address(), 7002), 500);
            s.setSoTimeout(500);
            byte[] buf = new byte[2];
            int n = s.getInputStream().readNBytes(buf, 0, 2);
            assertFalse(n == 2 && buf[0] == 'h' && buf[1] == 'i', "the machine reached a listener inside the lab");
        } catch (IOException expected) {
            // unreachable, refused or timed out: the lab is not reachable from here
        }
    }

    @Test
    void privatePathsAreNotSharedWithOtherHostsOrTheMachine() {
        LabHost app1 = LAB.host("app1");
        LabHost db1 = LAB.host("db1");
        app1.writeFile("/etc/ufw/jlab-isolation", "app1 only\n");
        assertEquals("app1 only\n", app1.readFile("/etc/ufw/jlab-isolation"));
        assertFalse(db1.exists("/etc/ufw/jlab-isolation"));
        assertFalse(Files.exists(Path.of("/etc/ufw/jlab-isolation")));

        for (String p : List.of("/etc/tinc", "/etc/mysql", "/var/lib/mysql", "/run/mysqld", "/var/log/mysql", "/srv/jsalt")) {
            String marker = p + "/jlab-marker";
            app1.check("touch", marker);
            assertFalse(db1.exists(marker), p + " is shared between hosts");
            assertFalse(Files.exists(Path.of(marker)), p + " is shared with the machine");
        }
        // Configs start as the machine's (a host looks freshly installed), data starts empty.
        assertTrue(app1.exists("/etc/mysql/mariadb.cnf") || !Files.exists(Path.of("/etc/mysql/mariadb.cnf")));
        assertEquals("mysql", app1.check("stat", "-c", "%U", "/run/mysqld").stdout().strip());
    }

    @Test
    void eachHostHasItsOwnProcessTree() {
        LabHost app1 = LAB.host("app1");
        String ps = app1.check("ps", "-e", "-o", "pid=,comm=").stdout();
        assertTrue(ps.lines().anyMatch(l -> l.trim().startsWith("1 ")), ps);
        assertTrue(ps.lines().count() < 10, "app1 sees only its own processes:\n" + ps);
        assertEquals("sysvinit", app1.readFile("/proc/1/comm").strip());
    }
}
