package dev.jsalt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A jsalt process the bench started: output to a log file, memory and CPU read from /proc, always stopped. */
final class Child implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static Child start(String name, List<String> command, Path log, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new Child(name, pb.start(), log);
    }

    long pid() { return process.pid(); }

    boolean alive() { return process.isAlive(); }

    Path log() { return log; }

    /** Resident set size in bytes (VmRSS), or -1 if gone. */
    long rssBytes() { return statusBytes("VmRSS:"); }

    /** Peak resident set size in bytes (VmHWM), or -1 if gone. */
    long peakRssBytes() { return statusBytes("VmHWM:"); }

    /** Open file descriptors, or -1. */
    int fds() {
        try (var s = Files.list(Path.of("/proc", String.valueOf(pid()), "fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** User + system CPU time in milliseconds (from /proc/PID/stat; assumes the usual 100 ticks/s). */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU milliseconds of each thread group of this process: thread names without trailing digits, summed. */
    java.util.Map<String, Long> threadGroupCpuMillis() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid()), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[-#0-9]+$", "");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // thread ended
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return out;
    }

    /** CPU milliseconds of this process's threads whose name starts with {@code prefix} (e.g. "iothread", "C2"). */
    long threadCpuMillis(String prefix) {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid()), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (!Files.readString(t.resolve("comm")).startsWith(prefix)) continue;
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
                } catch (IOException | RuntimeException e) {
                    // thread ended
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    private long statusBytes(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).replace("kB", "").strip()) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return -1;
    }

    /** Waits until the process printed a line starting with {@code prefix}; fails if it ends first or takes too long. */
    void awaitOutput(String prefix, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try {
                if (Files.readAllLines(log).stream().anyMatch(l -> l.startsWith(prefix))) return;
            } catch (IOException | RuntimeException e) {
                // not written yet
            }
            if (!process.isAlive()) throw new IllegalStateException(name + " ended before printing '" + prefix + "': " + tail(5));
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException(name + " did not print '" + prefix + "' in " + millis + " ms");
            Thread.sleep(50);
        }
    }

    /** Waits for the process to end by itself; false on timeout. */
    boolean awaitExit(long millis) throws InterruptedException { return process.waitFor(millis, TimeUnit.MILLISECONDS); }

    int exitCode() { return process.exitValue(); }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    /** SIGTERM, then SIGKILL after 10 s: the daemons stop cleanly on SIGTERM. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() { return name + " (pid " + pid() + ")"; }
}
