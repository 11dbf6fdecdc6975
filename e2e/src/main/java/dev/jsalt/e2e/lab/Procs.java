package dev.jsalt.e2e.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Process facts from /proc. A pid is only trusted together with its start time (ticks since boot), so a pid
 * recorded by a crashed run and since reused by an unrelated process is never killed.
 */
public final class Procs {
    private Procs() {
    }

    /** Start time of {@code pid} in clock ticks since boot, if it exists and is not a zombie. */
    public static OptionalLong startTicks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        // Fields after the command name, which may contain spaces and parentheses: ") S ppid ... starttime(22)".
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        char state = f[0].charAt(0);
        if (state == 'Z' || state == 'X') return OptionalLong.empty();
        return OptionalLong.of(Long.parseLong(f[19]));
    }

    public static boolean alive(long pid, long startTicks) {
        OptionalLong t = startTicks(pid);
        return t.isPresent() && t.getAsLong() == startTicks;
    }

    public static boolean alive(long pid) {
        return startTicks(pid).isPresent();
    }

    /** The pids this process has in each nested pid namespace, outermost first ({@code NSpid:} of /proc/PID/status). */
    public static List<Long> nsPids(long pid) {
        List<Long> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    for (String p : line.substring(6).trim().split("\\s+")) out.add(Long.parseLong(p));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return out;
    }

    /** SIGKILL {@code pid} if it is still the process that started at {@code startTicks}. */
    public static void kill(long pid, long startTicks) {
        if (alive(pid, startTicks)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Waits until none of the pids is alive (zombies count as gone); false on timeout. */
    public static boolean awaitGone(List<Long> pids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pids.stream().anyMatch(Procs::alive)) {
            if (System.nanoTime() > deadline) return false;
            Pause.briefly();
        }
        return true;
    }
}
