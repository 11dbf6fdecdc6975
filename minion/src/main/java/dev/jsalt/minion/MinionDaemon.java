package dev.jsalt.minion;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.crypto.Sealer;
import dev.jsalt.common.crypto.SecureFiles;
import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.common.wire.MasterKeys;
import dev.jsalt.common.wire.MasterMessage;
import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.minion.config.MinionConfig;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.functions.ExecFunction;
import dev.jsalt.minion.functions.FunctionContext;
import dev.jsalt.minion.functions.FunctionResult;
import dev.jsalt.minion.functions.Functions;
import dev.jsalt.minion.grains.Grains;
import dev.jsalt.minion.jobs.JobGuard;
import dev.jsalt.minion.transport.MasterConnection;
import dev.jsalt.minion.trust.MasterPin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.zeromq.ZContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The minion: trusts the master (pinned keys), keeps one CURVE connection to it, runs the jobs it is sent after
 * {@link JobGuard} accepts them, and returns every result.
 */
public final class MinionDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MinionDaemon.class);
    public static final String VERSION = "0.1.0";
    private static final long KEEPALIVE_MILLIS = 15_000;
    private static final long PENDING_RETRY_MILLIS = 10_000;

    private final MinionConfig config;
    private final ZContext ctx = new ZContext(1);
    private final CurveKeys keys;
    private final MasterPin pin;
    private final Functions functions = new Functions();
    private final CommandRunner commands = new CommandRunner();
    private final ExecutorService workers;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile MasterConnection connection;
    private volatile MasterKeys trustedMaster;
    private volatile JobGuard guard;
    private volatile Map<String, Object> grains;
    private volatile String keyState = "unknown";
    private volatile long lastSent;
    private volatile long lastHello;
    private volatile String fatal;
    private volatile boolean closed;
    private final FunctionContext functionContext;

    public MinionDaemon(MinionConfig config) throws IOException {
        this.config = config;
        SecureFiles.privateDir(config.rootDir());
        SecureFiles.privateDir(config.pkiDir());
        java.nio.file.Files.writeString(config.rootDir().resolve("minion.pid"), ProcessHandle.current().pid() + "\n");
        this.keys = CurveKeys.loadOrCreate(config.pkiDir().resolve("minion.key"));
        this.pin = new MasterPin(config.pkiDir(), config.masterFingerprint());
        this.grains = Grains.collect(config.id(), config.grains());
        this.workers = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000),
                r -> {
                    Thread t = new Thread(r, "jsalt-job");
                    t.setDaemon(true);
                    return t;
                });
        this.functionContext = new FunctionContext(config.id(), commands, () -> grains, config.rootDir(), this::openSecret);
        this.mine = new dev.jsalt.minion.functions.Mine(config.mineFunctions(), functions, functionContext, this::send);
        functions.register("state.apply", new dev.jsalt.minion.functions.StateApply(
                dev.jsalt.minion.state.StateModules.standard(), this::openSecret,
                new dev.jsalt.minion.state.StateRunLock(config.rootDir()), results -> mine.refreshSoon()));
        functions.register("mysql.replication_status", (job, ctx) ->
                FunctionResult.ok(dev.jsalt.minion.states.mysql.MysqlModule.replicationStatus(ctx.commands())));
        functions.register("mine.update", (job, ctx) -> FunctionResult.ok(mine.update(true)));
        functions.register(dev.jsalt.minion.inventory.Inventory.FUNCTION, new dev.jsalt.minion.inventory.Inventory());
        // For the mine: this host's tinc host entry (node, address, subnet, port, public key) of network `net`.
        functions.register("tinc.host", (job, ctx) -> {
            Object net = job.kwargs().getOrDefault("net", job.args().isEmpty() ? null : job.args().get(0));
            if (net == null) throw new IllegalArgumentException("tinc.host needs net=NETNAME");
            Object node = job.kwargs().get("node");
            return FunctionResult.ok(dev.jsalt.minion.states.tinc.TincModule.hostInfo(java.nio.file.Path.of("/etc/tinc"),
                    String.valueOf(net), node == null ? null : String.valueOf(node)));
        });
    }

    private final dev.jsalt.minion.functions.Mine mine;

    public MinionConfig config() { return config; }

    public String publicKey() { return keys.publicZ85(); }

    public Functions functions() { return functions; }

    public FunctionContext functionContext() { return functionContext; }

    public String keyState() { return keyState; }

    /** Non-null when the minion stopped because it cannot continue safely (e.g. the master key changed). */
    public String fatalError() { return fatal; }

    /**
     * Non-null while the master answering on the key port presents keys that the pin does not lead to (the last such
     * refusal): the minion keeps its pinned key and keeps trying. Cleared when the master it trusts answers again.
     */
    public String masterKeyProblem() { return masterKeyProblem; }

    private volatile String masterKeyProblem;
    /**
     * Set when this minion's socket met a master presenting other keys: ZeroMQ does not reconnect a socket whose
     * handshake failed that way, so once the trusted master answers again the minion needs a new socket.
     */
    private volatile boolean metOtherKeys;

    /** Trusts the master and connects. Blocks until the master's keys are known (retrying with backoff) or closed. */
    public void start() throws IOException, MasterPin.MasterKeyMismatch {
        MasterKeys master;
        try (MDC.MDCCloseable ignored = MDC.putCloseable("minion", config.id())) {
            master = resolveMaster();
        }
        if (master == null) return;
        connectTo(master);
        log.info("minion {} started (key {}), master {}", config.id(), dev.jsalt.common.crypto.Fingerprint.ofMinion(keys.publicZ85()),
                config.master());
    }

    /** Jobs are checked against {@code master}'s signing key and the channel expects its Curve key. */
    private synchronized void connectTo(MasterKeys master) throws IOException {
        if (closed) return;
        MasterConnection previous = connection;
        if (previous != null) previous.close(); // its socket expects the old key: it can never handshake again
        guard = new JobGuard(config.id(), master.signingPublic(), config.rootDir().resolve("cache/seen_jobs"), Clock.systemUTC());
        trustedMaster = master;
        connection = new MasterConnection(ctx, config.id(), keys, master.curvePublic(), config.master().host(),
                config.master().port(), new Listener());
    }

    private MasterKeys resolveMaster() throws IOException, MasterPin.MasterKeyMismatch {
        Optional<MasterKeys> pinned = pin.pinned();
        if (pinned.isPresent()) {
            if (config.masterFingerprint() != null) pin.trust(pinned.get());
            // One quick look at what the master announces: if it rotated its key while this minion was away, follow the
            // signed rotation now rather than after a failed handshake. Unreachable: go with the pin.
            Optional<MasterKeys> announced = MasterPin.fetch(ctx, config.master().host(), config.masterKeyPort(), 2000);
            if (announced.isEmpty()) return pinned.get();
            try {
                return pin.trust(announced.get());
            } catch (MasterPin.MasterKeyMismatch e) {
                if (config.exitOnMasterKeyChange()) throw e;
                masterKeyProblem = e.getMessage();
                metOtherKeys = true;
                // Whatever answers on the key port now (a master being rebuilt, or an impostor) is refused; the master we
                // pinned may come back: connect with the pinned key and keep checking, loudly.
                log.error("{}; connecting with the pinned key and checking again with back-off "
                        + "(on_master_key_change: exit stops the minion instead)", e.getMessage());
                disconnectedSince = System.currentTimeMillis();
                return pinned.get();
            }
        }
        long delay = 500;
        while (!closed) {
            Optional<MasterKeys> announced = MasterPin.fetch(ctx, config.master().host(), config.masterKeyPort(), 2000);
            if (announced.isPresent()) {
                try {
                    return pin.trust(announced.get());
                } catch (MasterPin.MasterKeyMismatch e) {
                    if (config.exitOnMasterKeyChange()) throw e;
                    masterKeyProblem = e.getMessage();
                    log.error("{}; retrying in {} ms (on_master_key_change: exit stops the minion instead)", e.getMessage(), delay);
                }
            } else {
                log.info("master {} key port {} not answering; retrying in {} ms", config.master().host(), config.masterKeyPort(), delay);
            }
            try {
                Thread.sleep(delay + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            delay = Math.min(delay * 2, 30_000);
        }
        return null;
    }

    /** Waits until the daemon stops (closed, or a fatal error). */
    public void awaitStop() throws InterruptedException { finished.await(); }

    private String openSecret(String sealed) {
        return new String(Sealer.open(keys.secretKey(), config.id(), sealed), StandardCharsets.UTF_8);
    }

    private void sendHello() {
        lastHello = System.currentTimeMillis();
        grains = Grains.collect(config.id(), config.grains());
        send(new MinionMessage.Hello(config.id(), grains, VERSION));
    }

    private void send(MinionMessage m) {
        MasterConnection c = connection;
        if (c != null) {
            c.send(m);
            lastSent = System.currentTimeMillis();
        }
    }

    private final class Listener implements MasterConnection.Listener {
        @Override
        public void onConnected() {
            sendHello();
        }

        @Override
        public void onMessage(MasterMessage message) {
            if (message instanceof MasterMessage.Welcome w) {
                onWelcome(w);
            } else if (message instanceof MasterMessage.SignedJob job) {
                onJob(job);
            }
        }

        @Override
        public void onHandshakeFailed(boolean auth) {
            if (auth) {
                log.error("the master refused this minion's key (rejected); ask the operator to run 'jsalt keys list' on the master");
                return;
            }
            // Until the master answers again, check now and then whether it is still the master we pinned.
            if (disconnectedSince == 0) disconnectedSince = System.currentTimeMillis();
        }

        @Override
        public void onTick() {
            long now = System.currentTimeMillis();
            if (!"accepted".equals(keyState) && now - lastHello > PENDING_RETRY_MILLIS) {
                sendHello();
            } else if ("accepted".equals(keyState) && now - lastSent > KEEPALIVE_MILLIS) {
                send(new MinionMessage.Keepalive());
            }
            if ("accepted".equals(keyState)) mine.tick(workers);
            if (disconnectedSince != 0) checkMasterKeyChanged();
        }
    }

    private long lastKeyCheck;
    private volatile long keyCheckBackoff = 5_000;
    private volatile long disconnectedSince;

    /** A failed handshake may mean the master's key changed: compare its announced keys with our pin, and refuse loudly. */
    private void checkMasterKeyChanged() {
        long now = System.currentTimeMillis();
        if (now - lastKeyCheck < keyCheckBackoff) return;
        lastKeyCheck = now;
        workers.execute(() -> {
            MDC.put("minion", config.id());
            Optional<MasterKeys> announced = MasterPin.fetch(ctx, config.master().host(), config.masterKeyPort(), 2000);
            if (announced.isEmpty()) {
                keyCheckBackoff = 5_000; // nothing answers (a master restarting): nothing to refuse, look again soon
                return;
            }
            try {
                MasterKeys trusted = pin.trust(announced.get());
                MasterKeys current = trustedMaster;
                if (current != null && !dev.jsalt.common.crypto.Fingerprint.same(current.fingerprint(), trusted.fingerprint())) {
                    log.warn("reconnecting to the master with its rotated key {}", trusted.fingerprint());
                    disconnectedSince = 0;
                    connectTo(trusted);
                } else if (metOtherKeys) {
                    log.warn("the master presents its pinned key {} again; reconnecting", trusted.fingerprint());
                    metOtherKeys = false;
                    masterKeyProblem = null;
                    keyCheckBackoff = 5_000;
                    connectTo(trusted);
                } else {
                    log.warn("handshake with the master failed although its key matches the pin");
                }
            } catch (MasterPin.MasterKeyMismatch e) {
                if (config.exitOnMasterKeyChange()) {
                    log.error(e.getMessage());
                    fatal = e.getMessage();
                    // Close from a thread of its own: close() stops this worker pool.
                    new Thread(this::close, "jsalt-fatal-stop").start();
                    return;
                }
                // Keep the pinned key and keep trying: a master that is being rebuilt, or anything else answering on the
                // key port for a while, must not take the fleet down. Said loudly on every check.
                masterKeyProblem = e.getMessage();
                metOtherKeys = true;
                keyCheckBackoff = Math.min(keyCheckBackoff * 2, 60_000);
                log.error("{}; still refusing it, checking again in {} s (on_master_key_change: exit stops the minion instead)",
                        e.getMessage(), keyCheckBackoff / 1000);
            } catch (IOException | RuntimeException e) {
                log.warn("cannot check the master's key: {}", e.getMessage());
            }
        });
    }

    private void onWelcome(MasterMessage.Welcome w) {
        disconnectedSince = 0;
        masterKeyProblem = null;
        metOtherKeys = false;
        keyCheckBackoff = 5_000;
        String previous = keyState;
        keyState = w.keyState();
        switch (w.keyState()) {
            case "accepted" -> {
                if (!"accepted".equals(previous)) {
                    log.info("key accepted by the master");
                    // Say hello again so the master registers our grains, also if its "pending" answer never reached us.
                    sendHello();
                    mine.refreshSoon();
                }
            }
            case "pending" -> {
                if (!"pending".equals(previous)) log.info("waiting for the master to accept this minion's key: {}", w.message());
            }
            default -> log.error("the master refused this minion: {}", w.message());
        }
    }

    private void onJob(MasterMessage.SignedJob signed) {
        JobRequest job;
        try {
            job = guard.check(signed);
        } catch (JobGuard.Refused e) {
            log.warn("refused a job: {}", e.getMessage());
            return;
        }
        Optional<ExecFunction> f = functions.get(job.fun());
        try {
            workers.execute(() -> run(job, f));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            send(new MinionMessage.JobReturn(job.jid(), false, 1, "minion busy: too many queued jobs", 0));
        }
    }

    private void run(JobRequest job, Optional<ExecFunction> f) {
        MDC.put("minion", config.id());
        MDC.put("jid", job.jid());
        long start = System.nanoTime();
        FunctionResult r;
        try {
            if (f.isEmpty()) {
                r = FunctionResult.failed(1, "unknown function '" + job.fun() + "'; known: " + String.join(", ", functions.names()));
            } else {
                log.info("running {}", job.fun());
                r = f.get().call(job, functionContext);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = FunctionResult.failed(1, "interrupted");
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            r = FunctionResult.failed(1, msg);
            log.warn("{} failed: {}", job.fun(), msg);
        }
        double ms = (System.nanoTime() - start) / 1e6;
        // A result over the limit is cut and marked, never dropped: the master's frame limit would drop it whole.
        send(dev.jsalt.common.wire.Wire.truncateResult(new MinionMessage.JobReturn(job.jid(), r.success(), r.retcode(), r.result(), ms),
                config.maxResult()));
        MDC.remove("jid");
    }

    /** Grains as last sent to the master. */
    public Map<String, Object> grains() { return new LinkedHashMap<>(grains); }

    @Override
    public void close() {
        if (closed) return;
        synchronized (this) {
            closed = true;
        }
        MasterConnection c = connection;
        if (c != null) c.close();
        workers.shutdownNow();
        try {
            ctx.close();
        } catch (RuntimeException e) {
            log.debug("closing the ZeroMQ context: {}", e.toString());
        }
        try {
            java.nio.file.Files.deleteIfExists(config.rootDir().resolve("minion.pid"));
        } catch (IOException e) {
            log.debug("cannot remove the pid file: {}", e.getMessage());
        }
        finished.countDown();
        log.info("minion {} stopped", config.id());
    }
}
