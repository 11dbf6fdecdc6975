package dev.jsalt.e2e.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs one argv list (never a shell string) with a timeout and captured output. On timeout the whole process
 * tree is killed, because {@code nsenter -p} leaves its child running in the host's pid namespace otherwise.
 */
public final class Cmd {
    private static final Logger LOG = LoggerFactory.getLogger(Cmd.class);
    private static final int MAX_CAPTURE = 16 * 1024 * 1024;

    private Cmd() {
    }

    public static ExecResult run(List<String> argv, Duration timeout) {
        return run(argv, timeout, null);
    }

    /** Runs {@code argv}; {@code stdin} (may be null) is written to the process and then closed. */
    public static ExecResult run(List<String> argv, Duration timeout, byte[] stdin) {
        LOG.debug("run {}", argv);
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new LabException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        Drain out = drain(p.getInputStream());
        Drain err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        } catch (IOException e) {
            LOG.debug("{} closed its stdin early: {}", argv.get(0), e.getMessage());
        }
        int exit;
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = p.exitValue();
            } else {
                LOG.warn("{} did not finish within {}; killing it and its children", argv, timeout);
                killTree(p.toHandle());
                p.waitFor();
                exit = ExecResult.TIMED_OUT;
            }
            return new ExecResult(argv, exit, text(out), text(err));
        } catch (InterruptedException e) {
            killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + argv, e);
        }
    }

    public static ExecResult check(List<String> argv, Duration timeout, String where) {
        return run(argv, timeout).orThrow(where);
    }

    static void killTree(ProcessHandle h) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
    }

    private static Drain drain(InputStream s) {
        Drain d = new Drain();
        d.done = CompletableFuture.runAsync(() -> {
            byte[] chunk = new byte[8192];
            try (s) {
                int n;
                while ((n = s.read(chunk)) >= 0) d.append(chunk, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DrainThreads.POOL);
        return d;
    }

    private static String text(Drain d) throws InterruptedException {
        try {
            d.done.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // A daemon the command started may still hold the pipe open; what arrived so far is the output.
        }
        return d.text();
    }

    /** Output of one stream; keeps reading past the cap so the child never blocks on a full pipe. */
    private static final class Drain {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CompletableFuture<Void> done;

        synchronized void append(byte[] chunk, int n) {
            if (buf.size() < MAX_CAPTURE) buf.write(chunk, 0, Math.min(n, MAX_CAPTURE - buf.size()));
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

    /** Daemon threads, so a stuck pipe reader never keeps the JVM alive. */
    private static final class DrainThreads {
        static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lab-cmd-drain");
            t.setDaemon(true);
            return t;
        });
    }
}
