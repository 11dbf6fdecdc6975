package dev.jsalt.bench.swarm;

import dev.jsalt.common.crypto.SecureFiles;
import dev.jsalt.common.wire.MasterKeys;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.functions.Functions;
import dev.jsalt.minion.grains.Grains;
import dev.jsalt.minion.trust.MasterPin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many simulated minions in one JVM, sharing one ZeroMQ context with few I/O threads, a few poller threads and a small
 * job pool, so 1,000–5,000 minions fit on a 2-core machine. Each minion is real where the master can tell: its own id,
 * Curve keys and CURVE session, grains, hello/keepalive cadence, signed-job checks and returns.
 */
public final class Swarm implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Swarm.class);

    private final SwarmConfig config;
    private final ZContext ctx;
    private final ThreadPoolExecutor workers;
    private final List<SwarmMinion> minions = new ArrayList<>();
    private final List<SwarmLoop> loops = new ArrayList<>();
    private volatile boolean closed;

    public Swarm(SwarmConfig config) throws IOException {
        this.config = config;
        this.ctx = new ZContext(config.ioThreads());
        // One DEALER per minion plus two wake sockets per loop; JeroMQ's default ceiling is 1,024 sockets.
        ctx.getContext().setMaxSockets(config.count() + 4 * config.loops() + 64);
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1000, config.count() * 4)), daemon("jsalt-swarm-job"));
        SecureFiles.privateDir(config.root());
        Map<String, Object> configured = new LinkedHashMap<>(Map.of("role", "swarm"));
        configured.putAll(config.grains());
        Map<String, Object> base = Grains.collect(config.id(0), config.master().host(), configured);
        Functions functions = new Functions();
        CommandRunner commands = new CommandRunner();
        for (int i = 0; i < config.count(); i++) {
            String id = config.id(i);
            minions.add(new SwarmMinion(config.firstIndex() + i, id, SecureFiles.privateDir(config.root().resolve("minions").resolve(id)), base,
                    functions, commands));
        }
    }

    public SwarmConfig config() { return config; }

    /** Minions whose key the master has accepted (as last told by a welcome). */
    public int accepted() {
        return (int) minions.stream().filter(m -> "accepted".equals(m.keyState())).count();
    }

    /** Messages dropped so far (full job queue or full socket queue). */
    public long dropped() { return loops.stream().mapToLong(SwarmLoop::dropped).sum(); }

    /**
     * Pins the master's keys (trust on first use or {@code fingerprint}), then connects every minion. Blocks until the
     * master's key port answers (retrying with backoff) or the swarm is closed; returns false if closed first.
     */
    public boolean start() throws IOException, MasterPin.MasterKeyMismatch, InterruptedException {
        MasterKeys master = resolveMaster();
        if (master == null) return false;
        for (SwarmMinion m : minions) m.trust(master.signingPublic());
        int n = Math.min(config.loops(), minions.size());
        for (int l = 0; l < n; l++) {
            List<SwarmMinion> share = new ArrayList<>();
            for (int i = l; i < minions.size(); i += n) share.add(minions.get(i));
            SwarmLoop loop = new SwarmLoop(ctx, l, share, config.master().host(), config.master().port(), master.curvePublic(), workers);
            loops.add(loop);
            Thread t = new Thread(loop, "jsalt-swarm-loop-" + l);
            t.setDaemon(true);
            t.start();
            loop.awaitStarted();
        }
        log.info("swarm of {} minions ({}…{}) connecting to {}", minions.size(), config.id(0), config.id(minions.size() - 1),
                config.master());
        return true;
    }

    private MasterKeys resolveMaster() throws IOException, MasterPin.MasterKeyMismatch, InterruptedException {
        MasterPin pin = new MasterPin(SecureFiles.privateDir(config.root().resolve("pki")), config.fingerprint());
        Optional<MasterKeys> pinned = pin.pinned();
        if (pinned.isPresent()) return config.fingerprint() == null ? pinned.get() : pin.trust(pinned.get());
        long delay = 200;
        while (!closed) {
            Optional<MasterKeys> announced = MasterPin.fetch(ctx, config.master().host(), config.keyPort(), 2000);
            if (announced.isPresent()) return pin.trust(announced.get());
            log.info("master key port {}:{} not answering; retrying in {} ms", config.master().host(), config.keyPort(), delay);
            Thread.sleep(delay + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
            delay = Math.min(delay * 2, 10_000);
        }
        return null;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        loops.forEach(SwarmLoop::close);
        workers.shutdownNow();
        try {
            ctx.close();
        } catch (RuntimeException e) {
            log.debug("closing the ZeroMQ context: {}", e.toString());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
