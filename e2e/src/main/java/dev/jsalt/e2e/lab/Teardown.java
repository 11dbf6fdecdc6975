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

    /** What was removed, for reports and tests. */
    record Removed(List<Long> pids, List<String> netns, List<String> mounts) {
    }

    private Teardown() {
    }

    static Removed run(LabState state, boolean keepStateDir) {
        String lab = state.name();
        List<Long> killed = new ArrayList<>();
        for (HostState h : state.hosts()) {
            if (!h.initAlive()) continue;
            LabHost host = new LabHost(h, StateStore.hostDir(lab, h.name()));
            if (Files.exists(PrivateTree.hostSide(host.dir(), "/run/mysqld/mysqld.sock"))) {
                // A SIGKILLed mariadbd would need crash recovery; a lab test should not have to think about that.
                ExecResult r = host.exec(List.of("mariadb-admin", "shutdown"), Duration.ofSeconds(30));
                if (!r.ok()) LOG.debug("host {}: mariadb-admin shutdown: {}", h.name(), r.stderr().strip());
            }
        }
        for (HostState h : state.hosts()) {
            if (h.initAlive()) {
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
        if (!keepStateDir) StateStore.delete(lab);
        LOG.info("lab {} down: killed {}, removed netns {}, unmounted {}", lab, killed, namespaces, mounts);
        return new Removed(killed, namespaces, mounts);
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
