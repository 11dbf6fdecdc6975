package dev.jsalt.e2e.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Booted hosts leave nothing behind (issue 17): no namespaces, processes, mounts, cgroups, nspawn /run entries or
 * state, and the cached image untouched; after a clean {@code down()} and after a SIGKILL of the JVM that built
 * them (the sweep). The machine's firewall is as it was although a host ran ufw.
 */
@ExtendWith(RequiresBootedLab.class)
class BootedTeardownTest {

    /** nspawn's lock file of each host's root, read while the lab is up (its name is the root's device and inode). */
    private static final java.util.Map<String, Path> LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private static void rememberLocks(List<HostState> hosts) throws java.io.IOException {
        for (HostState h : hosts) {
            Path dir = StateStore.hostDir(Netns.labOf(h.netns()), h.name());
            Path lock = Machines.lockFile(Machines.root(dir));
            assertTrue(Files.exists(lock), "nspawn holds " + lock);
            LOCKS.put(h.netns(), lock);
        }
    }

    /** Everything a lab's booted hosts can leave on this machine, as names and paths. */
    private static List<String> traces(String lab, List<HostState> hosts) {
        List<String> t = new ArrayList<>();
        for (String ns : Netns.list()) if (lab.equals(Netns.labOf(ns))) t.add("netns " + ns);
        t.addAll(Mounts.ours(lab::equals).stream().map(m -> "mount " + m).toList());
        for (String cg : Machines.labCgroupNames()) if (lab.equals(Netns.labOf(cg))) t.add("cgroup " + cg);
        for (HostState h : hosts) {
            if (h.initAlive()) t.add("systemd pid " + h.initPid());
            if (h.nspawnAlive()) t.add("nspawn pid " + h.nspawnPid());
            Path propagate = Path.of("/run/systemd/nspawn/propagate", h.netns());
            if (Files.exists(propagate)) t.add(propagate.toString());
            Path lock = LOCKS.get(h.netns());
            if (lock != null && Files.exists(lock)) t.add(lock.toString());
        }
        if (Files.exists(StateStore.dir(lab))) t.add("state " + StateStore.dir(lab));
        return t;
    }

    @Test
    void downLeavesNothingAndTheImageUntouched() throws Exception {
        String before = Firewall.snapshot();
        Path image = LabImage.ensure();
        Lab lab = Lab.up(LabSpec.builder("bdown" + TeardownTest.suffix()).boot(Boot.SYSTEMD).host("fw", 20).build());
        List<HostState> hosts;
        try {
            LabHost fw = lab.host("fw");
            // root's inotify budget is shared by every booted host's systemd: raised so that a lab of 20 boots
            assertTrue(InotifyLimits.read(InotifyLimits.INSTANCES) >= InotifyLimits.MIN_INSTANCES);
            fw.check("ufw", "default", "deny", "incoming");
            fw.check("ufw", "--force", "enable");
            assertTrue(fw.check("iptables", "-S").stdout().contains("ufw-user-input"), "ufw is live in the host");
            fw.check("systemd-run", "--unit=jlab-sleeper", "sleep", "600");
            fw.writeFile("/usr/local/jlab-marker", "written in the host\n");
            hosts = lab.state().hosts();
            rememberLocks(hosts);
            assertFalse(traces(lab.name(), hosts).isEmpty());
        } finally {
            lab.down();
        }
        assertEquals(List.of(), traces(lab.name(), hosts));
        assertFalse(Files.exists(image.resolve("usr/local/jlab-marker")), "the host's writes never reach the image");
        assertEquals(before, Firewall.snapshot(), "root-namespace iptables/ip6tables -S changed");
    }

    @Test
    void theSweepRemovesBootedHostsOfAKilledJvm() throws Exception {
        String crashed = "bcrash" + TeardownTest.suffix();
        Process child = new ProcessBuilder(JvmCommand.current().java(), "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                CrashingLabMain.class.getName(), crashed, "systemd").redirectErrorStream(true).start();
        try {
            CompletableFuture<Boolean> up = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) if (line.equals("UP")) return true;
                    return false;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertTrue(up.get(120, TimeUnit.SECONDS), "child JVM built its lab");
            List<HostState> hosts = StateStore.read(crashed).orElseThrow().hosts();
            assertTrue(hosts.stream().allMatch(h -> h.booted() && h.initAlive() && h.nspawnAlive()), hosts.toString());
            rememberLocks(hosts);

            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertTrue(hosts.stream().allMatch(HostState::initAlive), "booted hosts outlive their owner");

            SweepReport report = Lab.sweep();

            assertTrue(report.labs().contains(crashed), report.toString());
            assertTrue(Procs.awaitGone(hosts.stream().flatMap(h -> java.util.stream.Stream.of(h.initPid(), h.nspawnPid())).toList(),
                    Duration.ofSeconds(10)));
            assertEquals(List.of(), traces(crashed, hosts));
        } finally {
            child.destroyForcibly();
            Lab.attach(crashed).ifPresent(Lab::down);
        }
    }
}
