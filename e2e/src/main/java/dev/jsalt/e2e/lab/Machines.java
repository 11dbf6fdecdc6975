package dev.jsalt.e2e.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Booted lab hosts ({@link Boot#SYSTEMD}): a root file system of their own and systemd as PID 1.
 *
 * <pre>
 *   hosts/HOST/upper, work    the host's own writes (thrown away with the state dir)
 *   hosts/HOST/root           overlay: lowerdir = the cached base image (read-only), upperdir = upper
 *   setsid boot-host.sh jlab-LAB-HOST systemd-nspawn -D root --boot --network-namespace-path=/run/netns/jlab-LAB-HOST
 *       --register=no --keep-unit --machine=jlab-LAB-HOST --hostname=HOST ...
 * </pre>
 * The overlay is mounted in this machine's mount namespace under the lab's state dir, so the lab reads and writes the
 * host's files from outside ({@link #hostSide}); nspawn runs from a cgroup of its own ({@code jlab-LAB-HOST}, named
 * like the netns) because there is no systemd on this machine to give it a scope; {@code --register=no} because there
 * is no machined either. Teardown powers the host off, kills what is left, unmounts the overlay and removes the cgroup
 * and nspawn's /run entries, all found by the lab's names.
 */
final class Machines {
    private static final Logger LOG = LoggerFactory.getLogger(Machines.class);
    /** Inside a booted host: this JVM's class path, bound read-only (see {@link HostClasspath}). */
    static final String CP_IN_HOST = "/opt/jsalt-lab/cp";
    /** Inside a booted host: the jsalt .debs of the lab's spec, bound read-only. */
    static final String DEBS_IN_HOST = "/opt/jsalt-lab/debs";
    /** Inside a booted host: pid files of daemons the lab spawns (in the overlay, so readable from outside). */
    static final String PID_DIR = "/var/lib/jlab";
    static final String JAVA_IN_HOST = "/usr/bin/java";
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final Path NSPAWN_RUN = Path.of("/run/systemd/nspawn");
    /** In the host's dir: the path of nspawn's lock file for its root (see {@link #lockFile}). */
    static final String LOCK_RECORD = "nspawn-lock";

    /** Host pids and start times of the nspawn that booted a host and of the host's systemd. */
    record Started(long nspawnPid, long nspawnTicks, long initPid, long initTicks, long bootMillis) {
    }

    private Machines() {
    }

    static Path root(Path hostDir) { return hostDir.resolve("root"); }

    /** The machine-side path of {@code pathInHost} (through the overlay). /run, /proc, /sys and /dev are the host's own. */
    static Path hostSide(Path hostDir, String pathInHost) {
        if (!pathInHost.startsWith("/") || pathInHost.contains("/../")) throw new IllegalArgumentException("not an absolute path: " + pathInHost);
        for (String p : List.of("/run", "/proc", "/sys", "/dev")) {
            if (pathInHost.equals(p) || pathInHost.startsWith(p + "/")) {
                throw new IllegalArgumentException(pathInHost + " is inside the booted host's own " + p + ", not on its root file system");
            }
        }
        return root(hostDir).resolve(pathInHost.substring(1));
    }

    /**
     * Mounts the host's overlay, writes its hostname and /etc/hosts, boots it and waits until systemd reports the
     * system running (or degraded: a unit that failed does not stop a test; the boot log says which).
     *
     * @param fleet every lab host's name and address: /etc/hosts lists the others, not this host itself, as on a
     *              fresh cloud image whose own name no resolver knows
     * @param cpDir this JVM's class path exported for booted hosts, or null
     * @param debs  the jsalt .debs directory, or null
     */
    static Started boot(Path script, Path image, Path hostDir, String netns, String hostname, Map<String, String> fleet,
                        Path cpDir, Path debs) {
        long t0 = System.nanoTime();
        InotifyLimits.ensure();
        Path root = root(hostDir);
        try {
            Path upper = Files.createDirectories(hostDir.resolve("upper"));
            Path work = Files.createDirectories(hostDir.resolve("work"));
            Files.createDirectories(root);
            Files.createDirectories(hostDir.resolve("logs"));
            Cmd.check(List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + image + ",upperdir=" + upper + ",workdir=" + work,
                    root.toString()), Duration.ofSeconds(30), "mounting the overlay of " + hostname);
            // nspawn locks the directory it boots as /run/systemd/nspawn/locks/inode-DEV:INO and leaves the file behind:
            // recorded here (the overlay's root has this identity only while mounted) for the teardown to remove.
            Files.writeString(hostDir.resolve(LOCK_RECORD), lockFile(root).toString() + "\n");
            Files.writeString(root.resolve("etc/hostname"), hostname + "\n");
            Files.writeString(root.resolve("etc/hosts"), hostsFile(hostname, fleet));
            Files.createDirectories(root.resolve(CP_IN_HOST.substring(1)));
            Files.createDirectories(root.resolve(DEBS_IN_HOST.substring(1)));
            Files.createDirectories(root.resolve(PID_DIR.substring(1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the root file system of " + hostname, e);
        }
        List<String> argv = new ArrayList<>(List.of("setsid", "/bin/sh", script.toString(), netns,
                "systemd-nspawn", "-D", root.toString(), "--boot", "--console=read-only",
                "--network-namespace-path=/run/netns/" + netns, "--register=no", "--keep-unit", "--machine=" + netns,
                "--hostname=" + hostname, "--link-journal=no", "--resolv-conf=off", "--timezone=off",
                // The host has a network namespace of its own: network administration in it is its own business
                // (tincd's tun device, ufw's iptables), as on a real machine. nspawn grants this only with its own
                // --private-network, which would leave the host off the lab's switch.
                "--capability=CAP_NET_ADMIN,CAP_NET_RAW"));
        // tincd needs the tun device; nspawn's minimal /dev has none.
        if (Files.exists(Path.of("/dev/net/tun"))) argv.add("--bind=/dev/net/tun");
        if (cpDir != null) argv.add("--bind-ro=" + cpDir + ":" + CP_IN_HOST);
        if (debs != null) argv.add("--bind-ro=" + debs + ":" + DEBS_IN_HOST);
        Path log = hostDir.resolve("boot.log");
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(new File("/dev/null")).redirectOutput(log.toFile()).redirectErrorStream(true);
            // /proc/sys/net writable in the host (sysctl net.* is per network namespace), the rest of /proc/sys read-only.
            pb.environment().put("SYSTEMD_NSPAWN_API_VFS_WRITABLE", "network");
            p = pb.start();
        } catch (IOException e) {
            throw new LabException("cannot start systemd-nspawn for " + hostname + ": " + e.getMessage(), e);
        }
        long nspawnPid = p.pid();
        OptionalLong nspawnTicks = Procs.startTicks(nspawnPid);
        long deadline = System.nanoTime() + INIT_TIMEOUT.toNanos();
        long initPid = 0;
        while (initPid == 0) {
            initPid = findInit(netns);
            if (initPid != 0) break;
            if (!p.isAlive()) throw new LabException("systemd-nspawn for " + hostname + " exited " + p.exitValue() + ": " + HostInit.tail(log));
            if (System.nanoTime() > deadline) {
                Cmd.killTree(p.toHandle());
                throw new LabException("host " + hostname + ": no systemd after " + INIT_TIMEOUT + ": " + HostInit.tail(log));
            }
            Pause.briefly();
        }
        OptionalLong initTicks = Procs.startTicks(initPid);
        return new Started(nspawnPid, nspawnTicks.orElse(0), initPid, initTicks.orElse(0), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Waits until the host's systemd says running (or degraded); returns what it said. */
    static String awaitBooted(LabHost host) {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        ExecResult r;
        while (true) {
            r = host.exec(List.of("systemctl", "is-system-running", "--wait"), BOOT_TIMEOUT);
            // Too early to ask: systemd has just started and not yet created /run/systemd/system (systemctl then says
            // "offline") or opened its private bus socket ("Failed to connect to bus"). Seen on a loaded machine.
            String said = r.stdout().strip();
            boolean tooEarly = said.equals("offline") || said.isEmpty() && r.stderr().contains("Failed to connect to bus");
            if (!tooEarly || System.nanoTime() > deadline) break;
            Pause.briefly();
        }
        String state = r.stdout().strip();
        if (!state.equals("running") && !state.equals("degraded")) {
            throw new LabException("host " + host.name() + " did not finish booting (systemctl is-system-running: '" + state + "' "
                    + r.stderr().strip() + "): " + HostInit.tail(host.dir().resolve("boot.log")));
        }
        if (state.equals("degraded")) {
            LOG.warn("host {} booted degraded: {}", host.name(), host.exec("systemctl", "--failed", "--no-legend", "--plain").stdout().strip());
        }
        return state;
    }

    /** The host's systemd: the process in the netns that is PID 1 of its pid namespace and runs systemd. */
    private static long findInit(String netns) {
        for (long pid : Netns.pids(netns)) {
            List<Long> ns = Procs.nsPids(pid);
            if (ns.size() >= 2 && ns.get(ns.size() - 1) == 1L && "systemd".equals(comm(pid))) return pid;
        }
        return 0;
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    static String hostsFile(String hostname, Map<String, String> fleet) {
        StringBuilder sb = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        fleet.forEach((name, addr) -> {
            if (!name.equals(hostname)) sb.append(addr).append('\t').append(name).append('\n');
        });
        return sb.toString();
    }

    /** Asks a booted host's systemd to power off (SIGRTMIN+4, systemd's "poweroff" signal); false if it is gone. */
    static boolean powerOff(HostState h) {
        if (!h.initAlive()) return false;
        ExecResult r = Cmd.run(List.of("kill", "-s", "RTMIN+4", Long.toString(h.initPid())), Duration.ofSeconds(10));
        if (!r.ok()) LOG.debug("host {}: poweroff signal: {}", h.name(), r.stderr().strip());
        return r.ok();
    }

    /** Whatever is still running of a booted host: its systemd (SIGKILL ends its whole pid namespace) and its nspawn. */
    static List<Long> kill(HostState h) {
        List<Long> killed = new ArrayList<>();
        if (h.initAlive()) {
            Procs.kill(h.initPid(), h.initTicks());
            killed.add(h.initPid());
        }
        if (h.nspawnAlive()) {
            Procs.kill(h.nspawnPid(), h.nspawnTicks());
            killed.add(h.nspawnPid());
        }
        return killed;
    }

    /** The lock file systemd-nspawn takes for a directory it boots: {@code inode-DEV:INO} of that directory. */
    static Path lockFile(Path dir) throws IOException {
        long dev = ((Number) Files.getAttribute(dir, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
        return NSPAWN_RUN.resolve("locks").resolve("inode-" + Long.toUnsignedString(dev) + ":" + Long.toUnsignedString(ino));
    }

    /** The host's dir of a booted host's netns/cgroup name {@code jlab-LAB-HOST}, or null if the name is not one. */
    static Path hostDirOf(String name) {
        String lab = Netns.labOf(name);
        if (lab == null) return null;
        String host = name.substring(Netns.PREFIX.length() + lab.length() + 1);
        return host.isEmpty() ? null : StateStore.hostDir(lab, host);
    }

    /**
     * Removes what booting left outside the host: its cgroups (after killing anything still in them) and nspawn's
     * /run entries for the machine (its propagation directory and the lock file of its root, recorded at boot). The
     * overlay is unmounted with the lab's other mounts. Names are the lab's own.
     */
    static List<String> cleanup(String name) {
        List<String> removed = new ArrayList<>();
        Path hostDir = hostDirOf(name);
        Path record = hostDir == null ? null : hostDir.resolve(LOCK_RECORD);
        if (record != null && Files.isRegularFile(record)) {
            try {
                Path lock = Path.of(Files.readString(record).strip());
                if (lock.startsWith(NSPAWN_RUN.resolve("locks")) && Files.deleteIfExists(lock)) removed.add(lock.toString());
                Files.deleteIfExists(record);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot remove nspawn's lock file recorded in {}: {}", record, e.getMessage());
            }
        }
        for (Path cg : cgroups(name)) {
            killCgroup(cg);
            if (rmdirTree(cg)) removed.add(cg.toString());
            else LOG.warn("cannot remove cgroup {}", cg);
        }
        for (Path p : List.of(NSPAWN_RUN.resolve("propagate").resolve(name), NSPAWN_RUN.resolve("locks").resolve(name))) {
            if (!Files.exists(p)) continue;
            LabImage.removeTree(p);
            if (!Files.exists(p)) removed.add(p.toString());
        }
        // nspawn's own directories, once no machine uses them any more
        for (Path p : List.of(NSPAWN_RUN.resolve("propagate"), NSPAWN_RUN.resolve("locks"), NSPAWN_RUN)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // not empty: another machine still runs
            }
        }
        return removed;
    }

    /** This lab's cgroup directories for {@code name} in every hierarchy where they exist. */
    static List<Path> cgroups(String name) {
        List<Path> out = new ArrayList<>();
        for (Path base : cgroupBases()) {
            Path d = base.resolve(name);
            if (Files.isDirectory(d)) out.add(d);
        }
        return out;
    }

    /** Names of cgroups at the top of any hierarchy that carry the lab's prefix (for the sweep). */
    static List<String> labCgroupNames() {
        List<String> names = new ArrayList<>();
        for (Path base : cgroupBases()) {
            try (Stream<Path> s = Files.list(base)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> n.startsWith(Netns.PREFIX))
                        .filter(n -> !names.contains(n)).forEach(names::add);
            } catch (IOException e) {
                // hierarchy not mounted
            }
        }
        return names;
    }

    private static List<Path> cgroupBases() {
        Path fs = Path.of("/sys/fs/cgroup");
        if (Files.exists(fs.resolve("cgroup.controllers"))) return List.of(fs);
        List<Path> bases = new ArrayList<>();
        try (Stream<Path> s = Files.list(fs)) {
            s.filter(Files::isDirectory).forEach(bases::add);
        } catch (IOException e) {
            // no cgroup file system
        }
        return bases;
    }

    private static void killCgroup(Path cg) {
        Path kill = cg.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                Files.writeString(kill, "1");
            } catch (IOException e) {
                LOG.debug("cgroup.kill {}: {}", cg, e.getMessage());
            }
        }
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> s = Files.walk(cg)) {
            for (Path procs : s.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                for (String line : Files.readAllLines(procs)) if (!line.isBlank()) pids.add(Long.parseLong(line.strip()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("listing {}: {}", cg, e.getMessage());
        }
        for (long pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        if (!Procs.awaitGone(pids, Duration.ofSeconds(10))) LOG.warn("processes in {} survived SIGKILL: {}", cg, pids);
    }

    /** rmdir, deepest first (a cgroup directory goes only once its children are gone; its files go with it). */
    private static boolean rmdirTree(Path cg) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Stream<Path> s = Files.walk(cg)) {
                for (Path d : s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(d);
                return true;
            } catch (IOException e) {
                // EBUSY until the last process is reaped
                if (System.nanoTime() > deadline) return false;
                Pause.briefly();
            }
        }
    }
}
