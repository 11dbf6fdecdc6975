package dev.jsalt.master.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the compile workers at a lower CPU priority ({@value #NICE} nice levels below) than the rest of the master. A compile
 * renders templates that anyone with an API token wrote, and a runaway one burns CPU until its bound stops it; when the
 * cores are busy, the threads that publish jobs, take returns and answer health checks must come first. On an idle
 * machine a niced thread runs at full speed. Java has no call for this, so each worker lowers its own priority when it
 * starts: {@code renice} (util-linux) on its thread id, read from {@code /proc/thread-self}, run as an argv.
 */
final class LowPriority {
    private static final Logger log = LoggerFactory.getLogger(LowPriority.class);
    static final int NICE = 10;
    private static final AtomicBoolean warned = new AtomicBoolean();

    private LowPriority() {
    }

    /** {@code task}, run by a thread that first lowers its own priority. */
    static Runnable lowered(Runnable task) {
        return () -> {
            lowerCurrentThread();
            task.run();
        };
    }

    /** Lowers the calling thread's priority by {@value #NICE} nice levels; false (and one warning per process) if it cannot. */
    static boolean lowerCurrentThread() {
        try {
            // /proc/thread-self -> PID/task/TID; renice sets the value, so it is this thread's own plus NICE (at most 19)
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            int target = Math.min(19, niceOfCurrentThread() + NICE);
            Process p = new ProcessBuilder("renice", "-n", String.valueOf(target), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) return true;
            p.destroyForcibly();
            warn("renice exited " + (p.isAlive() ? "late" : String.valueOf(p.exitValue())));
        } catch (IOException | RuntimeException e) {
            warn(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The calling thread's nice value, as the kernel reports it (field 19 of /proc/thread-self/stat). */
    static int niceOfCurrentThread() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        // after "PID (comm) ", fields from the third on; the command name may hold spaces, so split after its ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[16]);
    }

    private static void warn(String why) {
        if (warned.compareAndSet(false, true)) {
            log.warn("compile workers run at normal CPU priority: cannot lower it ({}); a runaway compile competes with job traffic", why);
        }
    }
}
