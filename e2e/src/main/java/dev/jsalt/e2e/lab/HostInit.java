package dev.jsalt.e2e.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Starts a host's init: {@code setsid ip netns exec NS unshare --mount --uts --pid --fork ... host-init.sh}.
 * setsid plus files for stdio let the init outlive this JVM (a detached lab) and ignore the terminal's Ctrl-C.
 */
final class HostInit {
    private static final Logger LOG = LoggerFactory.getLogger(HostInit.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    /** Host pid and start time of a running init. */
    record Started(long pid, long ticks) {
    }

    private HostInit() {
    }

    static Started start(Path script, Path hostDir, String netns, String hostname, List<PrivateTree.Bind> binds) {
        List<String> argv = new ArrayList<>(List.of("setsid", "ip", "netns", "exec", netns,
                "unshare", "--mount", "--uts", "--pid", "--fork", "--mount-proc", "--propagation", "private",
                "/bin/sh", script.toString(), hostname, PrivateTree.READY));
        for (PrivateTree.Bind b : binds) {
            argv.add(b.source().toString());
            argv.add(b.target());
        }
        Path log = hostDir.resolve("init.log");
        Path ready = PrivateTree.hostSide(hostDir, PrivateTree.READY);
        Process p;
        try {
            p = new ProcessBuilder(argv)
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(log.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new LabException("cannot start init of " + hostname + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.exists(ready)) {
            if (!p.isAlive() && !Files.exists(ready)) {
                throw new LabException("init of host " + hostname + " exited " + p.exitValue() + " before it was ready: " + tail(log));
            }
            if (System.nanoTime() > deadline) {
                Cmd.killTree(p.toHandle());
                throw new LabException("init of host " + hostname + " not ready after " + READY_TIMEOUT + ": " + tail(log));
            }
            Pause.briefly();
        }
        Started s = findInit(netns);
        LOG.debug("host {} init pid {}", hostname, s.pid());
        return s;
    }

    /** The process in {@code netns} that is PID 1 of its own pid namespace (found by NSpid, robust to setsid forking). */
    private static Started findInit(String netns) {
        for (long pid : Netns.pids(netns)) {
            List<Long> ns = Procs.nsPids(pid);
            if (ns.size() >= 2 && ns.get(ns.size() - 1) == 1L) {
                OptionalLong ticks = Procs.startTicks(pid);
                if (ticks.isPresent()) return new Started(pid, ticks.getAsLong());
            }
        }
        throw new LabException("no init process found in " + netns);
    }

    static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log " + log + ")";
        }
    }
}
