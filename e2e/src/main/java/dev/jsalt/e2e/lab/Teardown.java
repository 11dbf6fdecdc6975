package dev.jsalt.e2e.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a lab apart, from its recorded state, whoever built it: stop mariadbd gracefully where a socket exists,
 * SIGKILL each host's init (the kernel then kills its whole pid namespace and drops its mounts), kill whatever
 * else still sits in the lab's network namespaces, delete them (veths and the bridge go with them), unmount
 * leftovers, delete the state dir. Every step runs even if an earlier one failed.
 */
final class Teardown {
    private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

    /** What was removed, for reports and tests (mounts: also booted hosts' cgroups and nspawn's /run entries). */
    record Removed(List<Long> pids, List<String> netns, List<String> mounts) {
    }

    /** How long booted hosts get to power off (stop their services) before they are killed. */
    static final Duration POWEROFF_WAIT = Duration.ofSeconds(30);

    private Teardown() {
    }

    static Removed run(LabState state, boolean keepStateDir) {
        return run(state, keepStateDir, false);
    }

    /**
     * {@code graceful}: booted hosts are powered off and given {@link #POWEROFF_WAIT} to stop their services (a lab
     * taken down by its owner); otherwise they are killed at once (a sweep of a dead run's leftovers).
     */
    static Removed run(LabState state, boolean keepStateDir, boolean graceful) {
        String lab = state.name();
        List<Long> killed = new ArrayList<>();
        List<HostState> booted = state.hosts().stream().filter(HostState::booted).toList();
        if (graceful) {
            List<Long> stopping = new ArrayList<>();
            for (HostState h : booted) if (Machines.powerOff(h)) stopping.add(h.nspawnPid());
            if (!stopping.isEmpty() && !Procs.awaitGone(stopping, POWEROFF_WAIT)) {
                LOG.warn("lab {}: booted hosts still running {} after poweroff; killing them", lab, POWEROFF_WAIT);
            }
        }
        for (HostState h : booted) killed.addAll(Machines.kill(h));
        for (HostState h : state.hosts()) {
            if (h.booted() || !h.initAlive()) continue;
            LabHost host = new LabHost(h, StateStore.hostDir(lab, h.name()));
            if (Files.exists(PrivateTree.hostSide(host.dir(), "/run/mysqld/mysqld.sock"))) {
                // A SIGKILLed mariadbd would need crash recovery; a lab test should not have to think about that.
                ExecResult r = host.exec(List.of("mariadb-admin", "shutdown"), Duration.ofSeconds(30));
                if (!r.ok()) LOG.debug("host {}: mariadb-admin shutdown: {}", h.name(), r.stderr().strip());
            }
        }
        for (HostState h : state.hosts()) {
            if (!h.booted() && h.initAlive()) {
                Procs.kill(h.initPid(), h.initTicks());
                killed.add(h.initPid());
            }
        }
        if (!Procs.awaitGone(killed, Duration.ofSeconds(10))) LOG.warn("lab {}: some host init still alive: {}", lab, killed);

        List<String> namespaces = new ArrayList<>();
        for (String ns : Netns.listOurs()) {
            if (lab.equals(Netns.labOf(ns))) namespaces.add(ns);
        }
        for (String ns : namespaces) killed.addAll(killAll(ns));
        for (String ns : namespaces) {
            ExecResult r = Netns.delete(ns);
            if (!r.ok()) LOG.warn("lab {}: ip netns del {}: {}", lab, ns, r.stderr().strip());
        }
        List<String> mounts = Mounts.ours(lab::equals);
        for (String mp : mounts) {
            ExecResult r = Mounts.unmount(mp);
            if (!r.ok()) LOG.warn("lab {}: umount {}: {}", lab, mp, r.stderr().strip());
        }
        // Booted hosts' cgroups and nspawn's /run entries, by the lab's names (also those of a host whose state was
        // recorded before it finished booting).
        for (HostState h : state.hosts()) if (h.booted()) mounts.addAll(Machines.cleanup(h.netns()));
        if (!keepStateDir) StateStore.delete(lab);
        LOG.info("lab {} down: killed {}, removed netns {}, unmounted {}", lab, killed, namespaces, mounts);
        return new Removed(killed, namespaces, mounts);
    }

    /**
     * Takes one host of a running lab apart (a destroyed droplet), found by its recorded state and the lab's names: its
     * processes (a booted host is killed at once, as a destroyed machine is powered off), its netns (its veth leaves the
     * switch with it), its mounts, a booted host's cgroups and nspawn entries, and its directory. The rest of the lab
     * is not touched.
     */
    static Removed host(String lab, HostState h) {
        List<Long> killed = new ArrayList<>();
        if (h.booted()) {
            killed.addAll(Machines.kill(h));
        } else if (h.initAlive()) {
            Procs.kill(h.initPid(), h.initTicks());
            killed.add(h.initPid());
        }
        if (!Procs.awaitGone(killed, Duration.ofSeconds(10))) LOG.warn("lab {}: host {} still alive: {}", lab, h.name(), killed);
        killed.addAll(killAll(h.netns()));
        ExecResult r = Netns.delete(h.netns());
        if (!r.ok()) LOG.warn("lab {}: ip netns del {}: {}", lab, h.netns(), r.stderr().strip());
        java.nio.file.Path dir = StateStore.hostDir(lab, h.name());
        List<String> mounts = new ArrayList<>();
        for (String mp : Mounts.ours(lab::equals)) {
            if (!java.nio.file.Path.of(mp).startsWith(dir) && !mp.equals("/run/netns/" + h.netns())) continue;
            ExecResult u = Mounts.unmount(mp);
            if (u.ok()) mounts.add(mp);
            else LOG.warn("lab {}: umount {}: {}", lab, mp, u.stderr().strip());
        }
        if (h.booted()) mounts.addAll(Machines.cleanup(h.netns()));
        StateStore.deleteHost(lab, h.name());
        LOG.info("lab {}: host {} removed: killed {}, unmounted {}", lab, h.name(), killed, mounts);
        return new Removed(killed, List.of(h.netns()), mounts);
    }

    /**
     * Kills every process in one of the lab's network namespaces: stray {@code nsenter}s, or anything started with
     * {@code ip netns exec}. Found by the namespace the lab named, never by process name.
     */
    static List<Long> killAll(String ns) {
        List<Long> pids = Netns.pids(ns);
        for (long pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        if (!Procs.awaitGone(pids, Duration.ofSeconds(10))) LOG.warn("processes in {} survived SIGKILL: {}", ns, pids);
        return pids;
    }
}
