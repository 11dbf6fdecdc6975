package dev.jsalt.minion.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One state run per minion at a time (Salt learned this the hard way: two highstates racing apt and file writes).
 * Two layers: a semaphore per lock file inside this JVM, because a second {@link FileChannel#tryLock} on the same
 * file from the same JVM throws instead of waiting, and an OS file lock so a {@code jsalt apply} in another
 * process sees the daemon's run. The lock file holds the running jid so a refusal can name it.
 */
public final class StateRunLock {
    private static final Map<Path, Semaphore> IN_JVM = new ConcurrentHashMap<>();
    private static final Map<Path, String> IN_JVM_HOLDER = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;

    private final Path lockFile;

    public StateRunLock(Path stateDir) {
        this.lockFile = stateDir.toAbsolutePath().normalize().resolve("state-run.lock");
    }

    public Path lockFile() { return lockFile; }

    /**
     * Waits up to {@code timeout} for the lock.
     *
     * @throws StateRunBusyException if another run still holds it; the message names its jid
     */
    public Lease acquire(String jid, Duration timeout) throws StateRunBusyException, IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore local = IN_JVM.computeIfAbsent(lockFile, p -> new Semaphore(1));
        if (!local.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw busy(IN_JVM_HOLDER.getOrDefault(lockFile, "unknown"), timeout);
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(lockFile.getParent());
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock fl;
            // File locks cannot wait with a timeout, so poll; a state run lasts seconds, 50 ms costs nothing.
            while ((fl = ch.tryLock()) == null) {
                if (System.nanoTime() >= deadline) throw busy(readHolder(ch), timeout);
                Thread.sleep(POLL_MILLIS);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((jid + " " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            IN_JVM_HOLDER.put(lockFile, jid);
            return new Lease(ch, fl, local);
        } catch (IOException | StateRunBusyException | InterruptedException | RuntimeException e) {
            if (ch != null) ch.close();
            local.release();
            throw e;
        }
    }

    private StateRunBusyException busy(String holder, Duration waited) {
        String jid = holder.isBlank() ? "unknown" : holder.split("\\s+")[0];
        String pid = holder.contains(" ") ? ", pid " + holder.split("\\s+")[1] : "";
        return new StateRunBusyException(jid, "another state run is in progress (jid " + jid + pid + "); waited "
                + waited.toMillis() + " ms for " + lockFile);
    }

    private static String readHolder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(256);
        ch.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
    }

    /** The held lock; closing it lets the next run in. */
    public final class Lease implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private final Semaphore local;
        private boolean closed;

        private Lease(FileChannel channel, FileLock lock, Semaphore local) {
            this.channel = channel;
            this.lock = lock;
            this.local = local;
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) return;
            closed = true;
            IN_JVM_HOLDER.remove(lockFile);
            try {
                // Empty rather than delete: deleting would let a waiter lock an unlinked inode while a newcomer
                // creates a fresh file and locks that one too.
                channel.truncate(0);
                lock.release();
            } finally {
                channel.close();
                local.release();
            }
        }
    }
}
