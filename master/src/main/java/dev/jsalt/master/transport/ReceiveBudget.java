package dev.jsalt.master.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmq.Msg;
import zmq.msg.PeerMsgAllocator;

import java.util.function.Predicate;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the memory the ROUTER's I/O thread may set aside for frames it is still receiving, across all connections.
 *
 * <p>ZeroMQ allocates a frame's whole buffer as soon as it has read the frame's size header, before a byte of the frame.
 * Before the CURVE handshake is done, jsalt's engine refuses any frame over 8 KB ({@code StreamEngine.HANDSHAKE_FRAME_MAX}),
 * so what this budget meets are peers whose handshake passed (accepted keys, and keys waiting to be accepted).
 * MAXMSGSIZE bounds one frame; this bounds the sum, so a few hundred connections that each announce a frame at the
 * limit cannot exhaust the heap. A frame that would take the total
 * over the budget gets an empty buffer instead: the frame is then cut short, its connection fails to decode it and
 * ZeroMQ closes that connection (a minion reconnects on its own; its job ends as "connection lost"). A buffer's bytes
 * return to the budget when the garbage collector frees it (with CURVE the buffer holds the frame's ciphertext, which
 * nothing keeps after decryption); a budget that runs out asks for a collection (see {@link #requestCollection}).
 *
 * <p>Frames up to {@link #SMALL} bytes are not counted (they are bounded by the number of connections times that).
 * Buffers live on the heap (JeroMQ's default puts large ones in direct memory, whose exhaustion is an
 * OutOfMemoryError thrown by library code, which -XX:+ExitOnOutOfMemoryError does not see).
 */
final class ReceiveBudget implements PeerMsgAllocator {
    private static final Logger log = LoggerFactory.getLogger(ReceiveBudget.class);
    static final int SMALL = 64 * 1024;
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "jsalt-receive-budget");
        t.setDaemon(true);
        return t;
    });

    private final long budget;
    private final Predicate<String> accepted;
    private final int strangerMax;
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedStrangers = new AtomicLong();
    private volatile long lastWarn;
    private volatile long lastStrangerWarn;

    /** A budget that takes every peer's frames alike (tests of the budget itself). */
    ReceiveBudget(long budget) {
        this(budget, key -> true, Integer.MAX_VALUE);
    }

    /**
     * @param accepted    whether a Curve key (z85, the peer's ZAP User-Id) is accepted
     * @param strangerMax the largest frame taken from a key that is not: what such a minion sends is its hello
     *                    ({@code limits.max_hello_kb}), so a bigger frame is not read into anything and its connection
     *                    is closed; strangers cannot hold the budget that accepted minions' big returns need
     */
    ReceiveBudget(long budget, Predicate<String> accepted, int strangerMax) {
        this.budget = budget;
        this.accepted = accepted;
        this.strangerMax = strangerMax;
    }

    @Override
    public Msg allocate(int size, String userId) {
        if (size > SMALL && size > strangerMax && (userId == null || !accepted.test(userId))) {
            long n = refusedStrangers.incrementAndGet();
            long t = System.currentTimeMillis();
            if (t - lastStrangerWarn > 10_000) {
                lastStrangerWarn = t;
                log.warn("refused a {}-byte frame from a key that is not accepted (over limits.max_hello_kb, {} bytes); its connection "
                        + "is dropped ({} refused so far)", size, strangerMax, n);
            }
            return new Msg(0);
        }
        return allocate(size);
    }

    long refusedStrangers() { return refusedStrangers.get(); }

    @Override
    public Msg allocate(int size) {
        if (size <= SMALL) return new Msg(size);
        long now = reserved.addAndGet(size);
        if (now > budget) {
            reserved.addAndGet(-size);
            long n = refused.incrementAndGet();
            long t = System.currentTimeMillis();
            if (t - lastWarn > 10_000) {
                lastWarn = t;
                log.warn("refused a {}-byte frame: {} bytes of frames are being received (limits.receive_budget_mb {}); "
                        + "its connection is dropped ({} refused so far)", size, now - size, budget >> 20, n);
            }
            requestCollection();
            return new Msg(0);
        }
        Msg m = new Msg(size);
        CLEANER.register(m, () -> reserved.addAndGet(-size));
        return m;
    }

    private final AtomicLong lastCollection = new AtomicLong();

    /**
     * Buffers of connections that died in the middle of a frame (a stranger that announced a big frame and went away)
     * return to the budget only when the garbage collector frees them, and a big one sits in the old generation until a
     * full collection, which an idle heap may not need for a long time: meanwhile every big frame, a real minion's
     * included, would be refused. So when the budget runs out, a collection is asked for, at most once every 30 s (a
     * stranger who keeps the budget exhausted must not make the master collect all the time), on a thread of its own
     * (this runs on ZeroMQ's I/O thread, which must not wait).
     */
    private void requestCollection() {
        long now = System.currentTimeMillis();
        long last = lastCollection.get();
        if (now - last < 30_000 || !lastCollection.compareAndSet(last, now)) return;
        Thread t = new Thread(System::gc, "jsalt-receive-budget-gc");
        t.setDaemon(true);
        t.start();
    }

    long reserved() { return reserved.get(); }

    long refused() { return refused.get(); }
}
