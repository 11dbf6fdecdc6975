package dev.jsalt.minion.exec;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs commands through Apache Commons Exec as argv lists with a timeout and bounded output capture.
 * Arguments are passed verbatim to execve; nothing is ever joined into a shell string. A command that asks for a
 * scope ({@link CommandSpec.Scope#TRANSIENT}) runs in a transient systemd scope where systemd is PID 1
 * ({@link ScopedCommands}); {@link #inFlight} tells which one a thread is waiting for.
 */
public class CommandRunner {
    /** Output kept per stream; the rest is counted and dropped so a chatty command cannot exhaust memory. */
    public static final int MAX_CAPTURE = 1 << 20;

    private final ScopedCommands scopes;
    private final Map<Thread, ScopedCommands.InFlight> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

    /** Scopes where this machine runs systemd (detected once, here). */
    public CommandRunner() { this(ScopedCommands.detect()); }

    public CommandRunner(ScopedCommands scopes) { this.scopes = scopes; }

    public ScopedCommands scopes() { return scopes; }

    /** The scoped command {@code thread} is waiting for right now, if any. */
    public java.util.Optional<ScopedCommands.InFlight> inFlight(Thread thread) {
        return java.util.Optional.ofNullable(inFlight.get(thread));
    }

    public CommandResult run(CommandSpec spec) throws IOException {
        if (spec.scope() == CommandSpec.Scope.TRANSIENT && scopes.available()) {
            Thread t = Thread.currentThread();
            return scopes.run(spec, f -> inFlight.put(t, f), () -> inFlight.remove(t));
        }
        return runHere(spec);
    }

    private CommandResult runHere(CommandSpec spec) throws IOException {
        CommandLine cl = new CommandLine(spec.argv().get(0));
        for (int i = 1; i < spec.argv().size(); i++) {
            cl.addArgument(spec.argv().get(i), false);
        }
        BoundedBuffer out = new BoundedBuffer(MAX_CAPTURE);
        BoundedBuffer err = new BoundedBuffer(MAX_CAPTURE);
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(spec.timeout()).get();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setWorkingDirectory(spec.cwd() == null ? null : spec.cwd().toFile())
                .get();
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        ByteArrayInputStream in = spec.stdin() == null ? null
                : new ByteArrayInputStream(spec.stdin().getBytes(StandardCharsets.UTF_8));
        executor.setStreamHandler(new PumpStreamHandler(out, err, in));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LC_ALL", "C");
        env.putAll(spec.env());
        long start = System.nanoTime();
        int code;
        try {
            code = executor.execute(cl, env);
        } catch (ExecuteException e) {
            code = e.getExitValue();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new CommandResult(code, out.text(), err.text(), watchdog.killedProcess(),
                out.truncated() || err.truncated(), elapsed);
    }

    /** Keeps the first {@code limit} bytes. */
    static final class BoundedBuffer extends OutputStream {
        private int len;
        private boolean truncated;

        BoundedBuffer(int limit) { this.limit = limit; }

        private final int limit;
        private byte[] data = new byte[8192];

        @Override
        public synchronized void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int n) {
            int keep = Math.min(n, limit - len);
            if (keep < n) truncated = true;
            if (keep <= 0) return;
            if (len + keep > data.length) {
                data = java.util.Arrays.copyOf(data, Math.min(limit, Math.max(data.length * 2, len + keep)));
            }
            System.arraycopy(b, off, data, len, keep);
            len += keep;
        }

        synchronized String text() { return new String(data, 0, len, StandardCharsets.UTF_8); }

        synchronized boolean truncated() { return truncated; }
    }
}
