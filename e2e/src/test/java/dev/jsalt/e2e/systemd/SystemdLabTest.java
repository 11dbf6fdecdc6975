package dev.jsalt.e2e.systemd;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ApplyResult;
import dev.jsalt.e2e.lab.Boot;
import dev.jsalt.e2e.lab.LabHost;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Booted lab hosts (issue 17): their own root file system (an overlay on the cached image) and systemd as PID 1,
 * and what jsalt does there, through LocalApply with the real modules: every state command runs in a transient
 * systemd scope; packages come from the image's local repository (offline); service.running judges a unit by
 * ActiveState and SubState; tinc.running waits for tincd to come up; states that change /etc (accounts, sudoers,
 * cron, sysctl, hosts, timezone, locale, sshd) apply for real and converge. One lab of two booted hosts and one light
 * host, shared by every test here (a booted host costs about a second). The jsalt packages and daemons as services are
 * packaging's ITs.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class SystemdLabTest {
    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("web1", 10, "app", Boot.SYSTEMD).host("web2", 11, "app", Boot.SYSTEMD)
            .host("plain", 12, "app"));

    static Resource res(String module, String function, String id, Map<String, Object> args, Requisite... reqs) {
        String name = String.valueOf(args.getOrDefault("name", id));
        return new Resource(Resource.keyOf(module, id, name, function), id, module, function, name, new LinkedHashMap<>(args),
                List.of(reqs), "lab", "lab.sls", 1, false);
    }

    static ApplyResult ok(ApplyResult r) {
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    @Test
    void eachHostBootsSystemdOnARootOfItsOwn() throws Exception {
        LabHost web1 = LAB.host("web1");
        assertTrue(web1.booted());
        assertEquals("systemd", web1.check("cat", "/proc/1/comm").stdout().strip());
        assertEquals("web1", web1.check("hostname").stdout().strip());
        String state = web1.exec("systemctl", "is-system-running").stdout().strip();
        assertTrue(state.equals("running") || state.equals("degraded"), state);
        assertEquals("overlay", web1.check("findmnt", "-n", "-o", "FSTYPE", "/").stdout().strip());
        // Its own network: the lab address, and the others by name (itself not: like a fresh cloud image).
        assertTrue(web1.check("ip", "-4", "addr", "show", "eth1").stdout().contains("10.77.0.10/24"));
        assertEquals("10.77.0.11", web1.check("getent", "hosts", "web2").stdout().split("\\s+")[0]);
        assertFalse(web1.exec("getent", "hosts", "web1").ok(), "its own name resolves nowhere");

        // Writes stay in the host: not in the other booted host, not in the image, not on this machine.
        web1.writeFile("/etc/jlab-probe", "only web1\n");
        assertEquals("only web1\n", web1.readFile("/etc/jlab-probe"));
        assertFalse(LAB.host("web2").exists("/etc/jlab-probe"));
        assertFalse(Files.exists(Path.of("/etc/jlab-probe")));
        assertTrue(Files.exists(web1.hostSide("/etc/jlab-probe")));
        // A light host in the same lab still shares this machine's /usr.
        assertFalse(LAB.host("plain").booted());
        assertEquals("10.77.0.10", LAB.host("plain").check("getent", "hosts", "web1").stdout().split("\\s+")[0]);
    }

    @Test
    void stateCommandsRunInTransientScopesQueriesDoNot() {
        ApplyResult r = ok(LAB.apply("web2", List.of(res("cmd", "run", "where", Map.of("name", "cat /proc/self/cgroup"))), false));
        String cgroup = String.valueOf(r.results().get(0).changes().get("stdout"));
        assertTrue(cgroup.contains("/system.slice/jsalt-") && cgroup.contains(".scope"), cgroup);
        // Nothing of the scope is left once the command ended (--collect, files removed).
        assertEquals("", LAB.host("web2").exec("sh", "-c", "systemctl list-units --all --plain --no-legend 'jsalt-*' ; ls /run/jsalt/commands")
                .stdout().strip());
    }

    @Test
    void packagesComeFromTheImagesLocalRepositoryOffline() {
        Resource hello = res("pkg", "installed", "hello", Map.of("refresh", true));
        ApplyResult first = ok(LAB.apply("web1", List.of(hello), false));
        assertEquals(Outcome.CHANGED, first.results().get(0).outcome(), first::toString);
        assertEquals("Hello, world!", LAB.host("web1").check("hello").stdout().strip());
        assertEquals(Outcome.UNCHANGED, ok(LAB.apply("web1", List.of(hello), false)).results().get(0).outcome());
        assertFalse(LAB.host("web2").exec("sh", "-c", "command -v hello").ok(), "installed in web1 only");
        StateResult removed = ok(LAB.apply("web1", List.of(res("pkg", "removed", "hello", Map.of())), false)).results().get(0);
        assertEquals(Outcome.CHANGED, removed.outcome(), removed.comment());
        assertEquals("", LAB.host("web1").exec("dpkg", "--audit").stdout().strip(), "dpkg --audit is clean");
    }

    private static Resource file(String id, String path, String contents, Object... kv) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", path);
        a.put("contents", contents);
        for (int i = 0; i < kv.length; i += 2) a.put((String) kv[i], kv[i + 1]);
        return res("file", "managed", id, a);
    }

    private static String sub(LabHost h, String unit) {
        return h.check("systemctl", "show", "-p", "ActiveState", "-p", "SubState", "--value", unit).stdout().strip().replace('\n', ' ');
    }

    @Test
    void serviceRunningJudgesActiveStateAndSubState() {
        LabHost h = LAB.host("web1");
        Resource crash = file("crash-unit", "/etc/systemd/system/jlab-crash.service",
                "[Service]\nExecStart=/bin/false\nRestart=always\nRestartSec=3\n");
        Resource sleeper = file("ok-unit", "/etc/systemd/system/jlab-ok.service",
                "[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n");
        Resource reload = res("cmd", "run", "daemon-reload", Map.of("name", "systemctl daemon-reload"), onchanges(crash), onchanges(sleeper));
        ok(LAB.apply("web1", List.of(crash, sleeper, reload), false));

        // A unit in a crash loop (activating, auto-restart) is not running: the state says why and fails.
        h.check("systemctl", "start", "jlab-crash");
        await().atMost(Duration.ofSeconds(20)).until(() -> sub(h, "jlab-crash").equals("activating auto-restart"));
        Resource running = res("service", "running", "jlab-crash", Map.of());
        StateResult would = LAB.apply("web1", List.of(running), true).results().get(0);
        assertEquals(Outcome.WOULD_CHANGE, would.outcome(), would.comment());
        assertTrue(would.comment().contains("activating (auto-restart)"), would.comment());
        StateResult failed = LAB.apply("web1", List.of(running), false).results().get(0);
        assertEquals(Outcome.FAILED, failed.outcome(), failed.comment());
        assertTrue(failed.comment().contains("not running: activating (auto-restart)"), failed.comment());
        h.check("systemctl", "stop", "jlab-crash");

        // A healthy unit: started and enabled, then converged; dead stops it.
        Resource ok = res("service", "running", "jlab-ok", Map.of("enable", true));
        StateResult started = ok(LAB.apply("web1", List.of(ok), false)).results().get(0);
        assertEquals(Outcome.CHANGED, started.outcome(), started.comment());
        assertEquals("active running", sub(h, "jlab-ok"));
        assertEquals("enabled", h.exec("systemctl", "is-enabled", "jlab-ok").stdout().strip());
        assertEquals(Outcome.UNCHANGED, ok(LAB.apply("web1", List.of(ok), false)).results().get(0).outcome());
        StateResult dead = ok(LAB.apply("web1", List.of(res("service", "dead", "jlab-ok", Map.of())), false)).results().get(0);
        assertEquals(Outcome.CHANGED, dead.outcome(), dead.comment());
        assertEquals("inactive dead", sub(h, "jlab-ok"));
    }

    private static Resource tinc(String function, String id, Map<String, Object> args, Requisite... reqs) {
        return res("tinc", function, id, args, reqs);
    }

    @Test
    void tincRunningOnSystemdWaitsForTincdToComeUp() {
        LabHost h = LAB.host("web2");
        Resource network = tinc("network", "vpn-network", Map.of("netname", "vpn", "interface", "tun0", "mode", "router",
                "port", 655, "address_family", "ipv4", "connect_to", List.of()));
        Resource keys = tinc("keys", "vpn-keys", Map.of("netname", "vpn"));
        Resource up = tinc("up", "vpn-up", Map.of("netname", "vpn", "address", "10.88.0.11/24", "routes", List.of()));
        Resource running = tinc("running", "vpn-running", Map.of("netname", "vpn"), watch(network), watch(up));
        ApplyResult first = ok(LAB.apply("web2", List.of(network, keys, up, running), false));
        StateResult started = first.results().get(3);
        assertEquals(Outcome.CHANGED, started.outcome(), started.comment());
        assertTrue(started.comment().contains("systemd (tinc@vpn)"), started.comment());
        assertEquals("active running", sub(h, "tinc@vpn"));
        assertTrue(h.check("ip", "-4", "addr", "show", "tun0").stdout().contains("10.88.0.11/24"), "tinc-up ran");
        assertEquals(Outcome.UNCHANGED, ok(LAB.apply("web2", List.of(network, keys, up, running), false)).results().get(3).outcome());

        // A tincd that dies at start (its private key is gone): failed, with its last words, and again on the next apply.
        Resource bnet = tinc("network", "bad-network", Map.of("netname", "broken", "interface", "tun1", "mode", "router",
                "port", 656, "address_family", "ipv4", "connect_to", List.of()));
        Resource bkeys = tinc("keys", "bad-keys", Map.of("netname", "broken"));
        ok(LAB.apply("web2", List.of(bnet, bkeys), false));
        h.check("rm", "/etc/tinc/broken/rsa_key.priv");
        Resource brun = tinc("running", "bad-running", Map.of("netname", "broken"));
        for (int attempt = 0; attempt < 2; attempt++) {
            StateResult r = LAB.apply("web2", List.of(brun), false).results().get(0);
            assertEquals(Outcome.FAILED, r.outcome(), r.comment());
            assertTrue(r.comment().contains("exited during setup"), r.comment());
        }
        assertFalse(h.exec("systemctl", "is-active", "--quiet", "tinc@broken").ok());
        h.check("systemctl", "disable", "--now", "tinc@broken");
    }

    @Test
    void statesThatChangeEtcApplyForRealAndConverge() {
        LabHost h = LAB.host("web2");
        String machineForward = readMachine("/proc/sys/net/ipv4/ip_forward");
        Resource group = res("group", "present", "jlabops", Map.of("gid", 2345));
        Resource user = res("user", "present", "jlabber", Map.of("uid", 2345, "gid", "jlabops", "home", "/home/jlabber",
                "shell", "/bin/bash", "groups", List.of("sudo")), new Requisite(RequisiteKind.REQUIRE, group.key()));
        Resource sudoers = file("sudoers", "/etc/sudoers.d/jlabber", "jlabber ALL=(root) NOPASSWD: /usr/bin/systemctl status *",
                "mode", "0440");
        Resource visudo = res("cmd", "run", "visudo", Map.of("name", "visudo -c"), onchanges(sudoers));
        Resource cron = file("cron", "/etc/cron.d/jlab", "*/5 * * * * root /bin/true", "mode", "0644");
        Resource sysctlConf = file("sysctl-conf", "/etc/sysctl.d/90-jlab.conf", "net.ipv4.ip_forward = 1");
        Resource sysctl = res("cmd", "run", "sysctl", Map.of("name", "sysctl -p /etc/sysctl.d/90-jlab.conf"), onchanges(sysctlConf));
        Resource hosts = res("file", "blockreplace", "hosts", Map.of("name", "/etc/hosts", "content", "10.77.0.50\tdb-extra",
                "append_if_not_found", true));
        Resource tz = res("file", "symlink", "localtime", Map.of("name", "/etc/localtime", "target", "/usr/share/zoneinfo/Europe/Paris",
                "force", true));
        Resource tzName = file("timezone", "/etc/timezone", "Europe/Paris");
        Resource localeGen = res("file", "line", "locale-gen-line", Map.of("name", "/etc/locale.gen", "content", "de_DE.UTF-8 UTF-8",
                "match", "^# *de_DE\\.UTF-8 UTF-8$"));
        Resource localeRun = res("cmd", "run", "locale-gen", Map.of("name", "locale-gen"), onchanges(localeGen));
        Resource locale = file("default-locale", "/etc/default/locale", "LANG=de_DE.UTF-8");
        Resource sshd = res("file", "line", "sshd-no-passwords", Map.of("name", "/etc/ssh/sshd_config", "content", "PasswordAuthentication no",
                "match", "^#?PasswordAuthentication "));
        Resource ssh = res("service", "running", "ssh", Map.of("reload", true), watch(sshd));
        List<Resource> all = List.of(group, user, sudoers, visudo, cron, sysctlConf, sysctl, hosts, tz, tzName, localeGen, localeRun,
                locale, sshd, ssh);

        ApplyResult first = ok(LAB.apply("web2", all, false));
        assertTrue(first.results().stream().noneMatch(r -> r.outcome() == Outcome.FAILED), first::toString);
        assertTrue(h.check("id", "jlabber").stdout().matches("uid=2345\\(jlabber\\) gid=2345\\(jlabops\\) groups=2345\\(jlabops\\),27\\(sudo\\)\\s*"),
                h.check("id", "jlabber").stdout());
        assertTrue(h.exec("sudo", "-l", "-U", "jlabber").stdout().contains("NOPASSWD: /usr/bin/systemctl status *"));
        assertEquals("1", h.check("sysctl", "-n", "net.ipv4.ip_forward").stdout().strip());
        assertEquals(machineForward, readMachine("/proc/sys/net/ipv4/ip_forward"), "the machine's own sysctl is untouched");
        assertEquals("10.77.0.50", h.check("getent", "hosts", "db-extra").stdout().split("\\s+")[0]);
        String zone = h.check("date", "+%Z").stdout().strip();
        assertTrue(zone.equals("CET") || zone.equals("CEST"), zone);
        assertTrue(h.check("locale", "-a").stdout().contains("de_DE.utf8"));
        assertTrue(h.check("sshd", "-T").stdout().contains("passwordauthentication no"));
        assertEquals("active", h.exec("systemctl", "is-active", "cron").stdout().strip());

        ApplyResult second = ok(LAB.apply("web2", all, false));
        assertTrue(second.results().stream().allMatch(r -> r.outcome() == Outcome.UNCHANGED || r.outcome() == Outcome.SKIPPED),
                second::toString);
    }

    private static String readMachine(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Requisite watch(Resource r) { return new Requisite(RequisiteKind.WATCH, r.key()); }

    static Requisite onchanges(Resource r) { return new Requisite(RequisiteKind.ONCHANGES, r.key()); }
}
