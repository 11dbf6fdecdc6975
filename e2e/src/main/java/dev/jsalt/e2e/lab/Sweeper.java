package dev.jsalt.e2e.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Removes what earlier runs left behind (a killed test JVM, a crash mid-teardown), found only by the lab's own
 * naming: state dirs under {@link StateStore#ROOT}, {@code jlab-*} namespaces, mounts under either (a booted host's
 * overlay among them), {@code jlab-*} cgroups (a booted host's nspawn and systemd) and nspawn's /run entries. Labs
 * that are still live (another test JVM running now, or a detached {@code jsalt lab up}) are kept.
 */
final class Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private Sweeper() {
    }

    /** Must run under {@link StateStore#locked}. {@code includeDetached}: also remove detached labs (jsalt lab down --all). */
    static SweepReport sweep(boolean includeDetached) {
        List<String> labs = new ArrayList<>();
        List<String> netns = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        List<String> mounts = new ArrayList<>();
        Set<String> keep = new HashSet<>();

        for (String lab : StateStore.labNames()) {
            Optional<LabState> st = StateStore.read(lab);
            if (st.isPresent() && isKept(st.get(), includeDetached)) {
                keep.add(lab);
                continue;
            }
            LabState state = st.orElse(null);
            if (state != null) {
                Teardown.Removed r = Teardown.run(state, false);
                pids.addAll(r.pids());
                netns.addAll(r.netns());
                mounts.addAll(r.mounts());
            } else {
                StateStore.delete(lab);
            }
            labs.add(lab);
        }
        // Namespaces with no state dir: a run killed between 'ip netns add' and its first state write, or a state dir removed by hand.
        for (String ns : Netns.listOurs()) {
            String lab = Netns.labOf(ns);
            if (lab != null && keep.contains(lab)) continue;
            pids.addAll(Teardown.killAll(ns));
            ExecResult r = Netns.delete(ns);
            if (r.ok()) netns.add(ns);
            else LOG.warn("sweep: ip netns del {}: {}", ns, r.stderr().strip());
        }
        for (String mp : Mounts.ours(lab -> !keep.contains(lab))) {
            if (Mounts.unmount(mp).ok()) mounts.add(mp);
        }
        // Booted hosts of a run killed before it recorded them: their nspawn and systemd sit in the cgroup named
        // like the host's netns; killing what is in it and removing it leaves nothing.
        for (String cg : Machines.labCgroupNames()) {
            String lab = Netns.labOf(cg);
            if (lab == null || keep.contains(lab)) continue;
            mounts.addAll(Machines.cleanup(cg));
        }
        SweepReport report = new SweepReport(labs, netns, pids, mounts, List.copyOf(new java.util.TreeSet<>(keep)));
        if (!report.empty()) LOG.info("sweep removed leftovers: {}", report);
        return report;
    }

    private static boolean isKept(LabState s, boolean includeDetached) {
        if (s.owner().alive()) {
            // Built by a JVM that still runs: another test run, or this very JVM. Only an explicit --all takes a detached one.
            return !(includeDetached && s.owner().detached());
        }
        return s.owner().detached() && !includeDetached && s.hosts().stream().anyMatch(HostState::initAlive);
    }
}
