package dev.jsalt.e2e.states;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ApplyResult;
import dev.jsalt.e2e.lab.LabHost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * host, sysctl, mount, ssh_auth and ssh_known_hosts for real in a lab host, where /etc/hosts, the network
 * namespace's sysctls (net.*), the mount namespace and /srv are the host's own: test mode changes nothing, a real
 * apply converges, a second apply changes nothing, and the machine's own values are untouched. (timezone and locale
 * edit /etc files the lab shares with the machine: their tests run in a private root, minion's TimezoneModuleTest and
 * LocaleModuleTest.)
 */
class SystemStatesLabTest {
    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("h1", 10, "app").host("h2", 11, "app"));
    static final String KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIBx2rDvNAaC3cV0rJY0gGQ1c0mJm8mDMhw6hPq5oM0kT";

    private static LabHost h1;

    @BeforeAll
    static void up() {
        h1 = LAB.host("h1");
        h1.writeFile("/srv/fstab", "# lab fstab\n");
    }

    private static Resource res(String module, String function, String id, Object... kv) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) args.put((String) kv[i], kv[i + 1]);
        return new Resource(Resource.keyOf(module, id, id, function), id, module, function, id, args, List.of(), "lab", "lab.sls", 0, false);
    }

    /** Test run: every state would change and nothing is changed; real run: all changed; then all unchanged twice. */
    private static ApplyResult converge(List<Resource> states, Runnable untouched) {
        ApplyResult t = LAB.apply("h1", states, true);
        assertEquals(states.size(), t.results().size(), () -> "one result per state: " + t.results() + t.stderr());
        for (StateResult s : t.results()) assertEquals(Outcome.WOULD_CHANGE, s.outcome(), () -> "test " + s.id() + ": " + s.comment());
        untouched.run();
        ApplyResult r = LAB.apply("h1", states, false);
        for (StateResult s : r.results()) assertEquals(Outcome.CHANGED, s.outcome(), () -> s.id() + ": " + s.comment() + r.stderr());
        for (boolean test : new boolean[] {false, true}) {
            ApplyResult again = LAB.apply("h1", states, test);
            for (StateResult s : again.results()) {
                assertEquals(Outcome.UNCHANGED, s.outcome(), () -> "again " + s.id() + ": " + s.comment() + " " + s.changes());
            }
        }
        return r;
    }

    @Test
    void hostsEntries() throws Exception {
        String before = h1.readFile("/etc/hosts");
        String machine = Files.readString(Path.of("/etc/hosts"));
        ApplyResult r = converge(List.of(
                res("host", "present", "salt", "ip", List.of("10.77.0.2", "10.99.0.2"), "comment", "the master"),
                res("host", "only", "10.77.0.11", "hostnames", List.of("h2.lab", "h2"))),
                () -> assertEquals(before, h1.readFile("/etc/hosts")));
        assertEquals(Map.of("10.77.0.11", Map.of("old", "h2", "new", "h2.lab h2")), r.get("10.77.0.11").changes());
        assertTrue(h1.readFile("/etc/hosts").contains("10.99.0.2\tsalt\t# the master\n"), h1.readFile("/etc/hosts"));
        assertTrue(h1.exec("getent", "hosts", "h2.lab").stdout().startsWith("10.77.0.11"));
        ApplyResult gone = LAB.apply("h1", List.of(res("host", "absent", "salt", "ip", List.of("10.77.0.2", "10.99.0.2"))), false);
        assertEquals(Map.of("host", "salt"), gone.get("salt").changes());
        assertFalse(h1.exec("getent", "hosts", "salt").ok());
        assertEquals(machine, Files.readString(Path.of("/etc/hosts")), "the machine's own /etc/hosts");
    }

    @Test
    void sysctlOfTheHostsNetworkNamespace() throws Exception {
        String machine = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        String want = machine.equals("1") ? "0" : "1";
        converge(List.of(res("sysctl", "present", "net.ipv4.ip_forward", "value", want, "config", "/srv/sysctl.d/99-salt.conf")),
                () -> assertFalse(h1.exists("/srv/sysctl.d/99-salt.conf")));
        assertEquals(want, h1.readFile("/proc/sys/net/ipv4/ip_forward").strip());
        assertTrue(h1.readFile("/srv/sysctl.d/99-salt.conf").endsWith("net.ipv4.ip_forward = " + want + "\n"));
        assertEquals(machine, Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip(), "the machine's own value");
    }

    @Test
    void tmpfsAndBindMountsWithTheirFstabEntries() throws Exception {
        List<Resource> states = List.of(
                res("mount", "mounted", "/srv/mnt/cache", "device", "tmpfs", "fstype", "tmpfs", "opts", "size=16m,mode=1777",
                        "mkmnt", true, "config", "/srv/fstab"),
                res("mount", "mounted", "/srv/mnt/bound", "device", "/srv/jsalt", "fstype", "none", "opts", "bind",
                        "mkmnt", true, "config", "/srv/fstab"));
        converge(states, () -> assertEquals("# lab fstab\n", h1.readFile("/srv/fstab")));
        String info = h1.readFile("/proc/self/mountinfo");
        assertTrue(info.contains(" /srv/mnt/cache ") && info.contains(" /srv/mnt/bound "), info);
        assertEquals("# lab fstab\ntmpfs\t\t/srv/mnt/cache\ttmpfs\tsize=16m,mode=1777\t0 0\n/srv/jsalt\t\t/srv/mnt/bound\tnone\tbind\t0 0\n",
                h1.readFile("/srv/fstab"));
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains("/srv/mnt/cache"), "mounted in the host only");

        Resource ro = res("mount", "mounted", "/srv/mnt/cache", "device", "tmpfs", "fstype", "tmpfs", "opts", "size=16m,mode=1777,ro",
                "config", "/srv/fstab");
        StateResult remount = LAB.apply("h1", List.of(ro), false).get("/srv/mnt/cache");
        assertEquals(Map.of("umount", "Forced remount because options (ro) changed", "persist", "update"), remount.changes(), remount.comment());
        assertTrue(h1.exec(List.of("touch", "/srv/mnt/cache/x"), Duration.ofSeconds(10)).stderr().contains("Read-only"));
        assertEquals(Outcome.UNCHANGED, LAB.apply("h1", List.of(ro), false).get("/srv/mnt/cache").outcome());

        List<Resource> off = new ArrayList<>();
        for (String p : List.of("/srv/mnt/cache", "/srv/mnt/bound")) off.add(res("mount", "unmounted", p, "persist", true, "config", "/srv/fstab"));
        converge(off, () -> assertTrue(h1.readFile("/proc/self/mountinfo").contains(" /srv/mnt/cache ")));
        assertFalse(h1.readFile("/proc/self/mountinfo").contains("/srv/mnt/"));
        assertEquals("# lab fstab\n", h1.readFile("/srv/fstab"));
    }

    @Test
    void authorizedKeysAndKnownHosts() {
        converge(List.of(
                res("ssh_auth", "present", KEY, "user", "root", "enc", "ed25519", "comment", "lab", "config", "/srv/ssh/authorized_keys"),
                res("ssh_known_hosts", "present", "h2", "key", KEY, "enc", "ssh-ed25519", "config", "/srv/ssh/known_hosts")),
                () -> assertFalse(h1.exists("/srv/ssh")));
        assertEquals("ssh-ed25519 " + KEY + " lab\n", h1.readFile("/srv/ssh/authorized_keys"));
        // ssh itself finds the hashed entry
        assertTrue(h1.exec("ssh-keygen", "-F", "h2", "-f", "/srv/ssh/known_hosts").stdout().contains("ssh-ed25519 " + KEY));

        // a fingerprint with no entry: a real run must reach the host; h2 runs no sshd
        StateResult fp = LAB.apply("h1", List.of(res("ssh_known_hosts", "present", "h2.lab", "fingerprint", "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8",
                "config", "/srv/ssh/known_hosts", "timeout", 2)), false).get("h2.lab");
        assertEquals(Outcome.FAILED, fp.outcome());
        assertTrue(fp.comment().startsWith("Unable to receive remote host key for h2.lab"), fp.comment());
    }
}
