package dev.jsalt.e2e.lab;

/**
 * The JVM that built a lab. A lab whose owner is gone is a leftover (a crashed or killed test run) unless it
 * was built detached ({@code jsalt lab up}), in which case it lives until {@code jsalt lab down}.
 */
public record Owner(long pid, long startTicks, boolean detached) {
    public static Owner current(boolean detached) {
        long pid = ProcessHandle.current().pid();
        return new Owner(pid, Procs.startTicks(pid).orElseThrow(), detached);
    }

    public boolean alive() { return Procs.alive(pid, startTicks); }
}
