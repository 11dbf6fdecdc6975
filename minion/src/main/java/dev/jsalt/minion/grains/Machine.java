package dev.jsalt.minion.grains;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the grains read: files (under a root, so tests can point it at a fixture tree) and a few short commands, each
 * with a timeout. Every read that fails answers "absent" (null, false, empty) the way Salt's grain code treats an
 * {@code OSError}.
 */
class Machine {
    /** A command that has not finished after this long is killed; its grain then takes the "failed" branch. */
    static final long COMMAND_TIMEOUT_MILLIS = 3000;
    private static final int MAX_OUTPUT = 1 << 20;
    private static final String DEFAULT_PATH = "/bin:/sbin:/usr/bin:/usr/sbin:/usr/local/bin";
    /** Threads for commands and lookups: started on demand, gone a second after collection (an idle minion keeps none). */
    static final ExecutorService RUNNERS = shortLived("jsalt-grains", 32);
    private static final ScheduledThreadPoolExecutor KILLER = new ScheduledThreadPoolExecutor(1, daemon("jsalt-grains-timeout"));

    static {
        KILLER.setKeepAliveTime(1, TimeUnit.SECONDS);
        KILLER.allowCoreThreadTimeOut(true);
        KILLER.setRemoveOnCancelPolicy(true);
    }

    static ExecutorService shortLived(String name, int max) {
        return new ThreadPoolExecutor(0, max, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), daemon(name),
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private final Path root;
    private final Map<String, String> env;

    Machine(Path root, Map<String, String> env) {
        this.root = root;
        this.env = env;
    }

    static Machine live() {
        return new Machine(Path.of("/"), System.getenv());
    }

    boolean isLive() {
        return root.equals(Path.of("/"));
    }

    Path path(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /** The file as text (UTF-8, bad bytes replaced), or null when it does not exist or cannot be read. */
    String read(String absolute) {
        byte[] b = readBytes(absolute, MAX_OUTPUT);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    byte[] readBytes(String absolute, int max) {
        try (InputStream in = Files.newInputStream(path(absolute))) {
            return in.readNBytes(max);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    boolean exists(String absolute) {
        return Files.exists(path(absolute));
    }

    boolean isDir(String absolute) {
        return Files.isDirectory(path(absolute));
    }

    boolean isFile(String absolute) {
        return Files.isRegularFile(path(absolute));
    }

    /** Entry names in directory order (what Python's glob and os.listdir return), empty when unreadable. */
    List<String> list(String dir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(path(dir))) {
            for (Path p : s) out.add(p.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            // absent
        }
        return out;
    }

    String readlink(String absolute) {
        try {
            return Files.readSymbolicLink(path(absolute)).toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** {@code unix:dev} and {@code unix:ino} of a path, or null (what Salt compares to spot a chroot). */
    long[] devIno(String absolute) {
        try {
            Path p = path(absolute);
            return new long[]{((Number) Files.getAttribute(p, "unix:dev")).longValue(),
                    ((Number) Files.getAttribute(p, "unix:ino")).longValue()};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    String env(String name) {
        return env.get(name);
    }

    Map<String, String> env() {
        return env;
    }

    /**
     * Salt's {@code salt.utils.path.which}: a name that is itself an executable file, else the first executable in
     * {@code $PATH} followed by the default directories {@code PATH} lacks. Null when not found.
     */
    String which(String exe) {
        if (exe == null || exe.isEmpty()) return null;
        if (exe.contains("/") && executable(exe)) return exe;
        String pathVar = env.getOrDefault("PATH", DEFAULT_PATH);
        List<String> dirs = new ArrayList<>(List.of(pathVar.split(":", -1)));
        for (String d : DEFAULT_PATH.split(":")) if (!dirs.contains(d)) dirs.add(d);
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            String full = d.endsWith("/") ? d + exe : d + "/" + exe;
            if (executable(full)) return full;
        }
        return null;
    }

    private boolean executable(String absolute) {
        Path p = path(absolute);
        return Files.isExecutable(p) && (Files.isRegularFile(p) || Files.isSymbolicLink(p));
    }

    /** The outcome of one command: exit code (-1 when it could not run or timed out) and its standard output. */
    record Output(int code, String stdout) {
        static final Output FAILED = new Output(-1, "");

        boolean ok() { return code == 0; }

        /** Salt's {@code cmd.run} strips trailing whitespace. */
        String text() { return stdout.stripTrailing(); }
    }

    /** Commands run one after another in the background (one child at a time keeps the JVM's reaper threads to one). */
    private final ExecutorService queue = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            daemon("jsalt-grains-cmd"));

    /**
     * Runs {@code argv} in the background with {@code LC_ALL=C}, killed after the timeout; commands started this way
     * run in the order started, while the caller reads files.
     */
    Future<Output> start(List<String> argv) {
        return queue.submit(() -> exec(argv));
    }

    /** The output of a started command ({@link Output#FAILED} if it could not run). */
    static Output join(Future<Output> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return Output.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Output.FAILED;
        }
    }

    Output run(List<String> argv) {
        return exec(argv);
    }

    private Output exec(List<String> argv) {
        if (!isLive()) return Output.FAILED;
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("LC_ALL", "C");
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            return Output.FAILED;
        }
        ScheduledFuture<?> kill = KILLER.schedule(() -> { p.destroyForcibly(); }, COMMAND_TIMEOUT_MILLIS,
                TimeUnit.MILLISECONDS);
        try (InputStream in = p.getInputStream()) {
            byte[] out = in.readNBytes(MAX_OUTPUT);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return Output.FAILED;
            }
            boolean killed = kill.isDone() && !kill.isCancelled();
            return killed ? Output.FAILED : new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Output.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return Output.FAILED;
        } finally {
            kill.cancel(false);
        }
    }
}
