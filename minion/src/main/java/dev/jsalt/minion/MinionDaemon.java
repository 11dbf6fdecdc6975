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
import java.util.List;
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
    /**
     * How long a stopping minion lets running jobs finish before it hands them over to the next process
     * ({@code -Djsalt.minion.stopGraceMillis}); below the unit's TimeoutStopSec (30 s) with room to spare.
     */
    static final long STOP_GRACE_MILLIS = Long.getLong("jsalt.minion.stopGraceMillis", 5_000);
    private volatile long stopGraceMillis = STOP_GRACE_MILLIS;
    /** How long a continued job waits for the command the previous process left running (an apt run: minutes). */
    private static final java.time.Duration RESUME_WAIT = java.time.Duration.ofMinutes(30);

    private final MinionConfig config;
    private final ZContext ctx = new ZContext(1);
    private final CurveKeys keys;
    private final MasterPin pin;
    private final Functions functions = new Functions();
    private final CommandRunner commands;
    private final ExecutorService workers;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile MasterConnection connection;
    private volatile MasterKeys trustedMaster;
    private volatile JobGuard guard;
    private final Map<String, Object> grains;
    private volatile String keyState = "unknown";
    private volatile long lastSent;
    private volatile long lastHello;
    private volatile String fatal;
    private volatile boolean closed;
    private final FunctionContext functionContext;
    private final dev.jsalt.minion.jobs.JobStore store;
    private final Map<String, dev.jsalt.minion.jobs.JobControl> running = new java.util.concurrent.ConcurrentHashMap<>();
    /** Jobs accepted but not started yet (a full worker pool): told "stopping" if the minion stops first. */
    private final Map<String, JobRequest> queued = new java.util.concurrent.ConcurrentHashMap<>();
    private final dev.jsalt.minion.functions.StateApply stateApply;

    public MinionDaemon(MinionConfig config) throws IOException {
        this(config, new CommandRunner());
    }

    /** With a given command runner (tests: scopes through a stand-in for systemd-run). */
    public MinionDaemon(MinionConfig config, CommandRunner commands) throws IOException {
        this.config = config;
        this.commands = commands;
        SecureFiles.privateDir(config.rootDir());
        SecureFiles.privateDir(config.pkiDir());
        java.nio.file.Files.writeString(config.rootDir().resolve("minion.pid"), ProcessHandle.current().pid() + "\n");
        this.keys = CurveKeys.loadOrCreate(config.pkiDir().resolve("minion.key"));
        this.pin = new MasterPin(config.pkiDir(), config.masterFingerprint());
        this.grains = Grains.collect(config.id(), config.master().host(), config.grains());
        this.workers = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000),
                r -> {
                    Thread t = new Thread(r, "jsalt-job");
                    t.setDaemon(true);
                    return t;
                });
        this.functionContext = new FunctionContext(config.id(), commands, () -> grains, config.rootDir(), this::openSecret);
        this.mine = new dev.jsalt.minion.functions.Mine(config.mineFunctions(), functions, functionContext, this::send);
        this.store = new dev.jsalt.minion.jobs.JobStore(config.rootDir());
        this.stateApply = new dev.jsalt.minion.functions.StateApply(
                dev.jsalt.minion.state.StateModules::standard, this::openSecret,
                new dev.jsalt.minion.state.StateRunLock(config.rootDir()), results -> mine.refreshSoon());
        functions.register("state.apply", stateApply);
        functions.register("mysql.replication_status", (job, ctx) ->
                FunctionResult.ok(dev.jsalt.minion.states.mysql.MysqlModule.replicationStatus(ctx.commands())));
        functions.register("mine.update", (job, ctx) -> FunctionResult.ok(mine.update(true)));
        // the functions Salt runs on the minion while rendering a template, asked by the master's compile in one batch
        functions.register(dev.jsalt.minion.functions.RenderCalls.FUNCTION,
                Functions.lazily(dev.jsalt.minion.functions.RenderCalls::new));
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

    /** How long {@link #close()} lets running jobs finish before handing them over (default 5 s). */
    public void stopGrace(java.time.Duration grace) { this.stopGraceMillis = grace.toMillis(); }

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
        resumeHandedOver();
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
        sendHello(null);
    }

    /**
     * {@code handshakeMillis}: the connection's CURVE handshake duration, given to the first hello on a connection only,
     * so the master counts each connection's handshake once (retries and the hello after acceptance go without).
     */
    private void sendHello(Double handshakeMillis) {
        lastHello = System.currentTimeMillis();
        send(new MinionMessage.Hello(config.id(), grains, VERSION, "accepted".equals(keyState) ? null : enrolmentToken(),
                handshakeMillis));
    }

    /**
     * The one-time enrolment token a new machine was given ({@code root_dir/pki/enrolment.token}, written by its
     * cloud-init user-data; docs/cloud.md), sent in hellos until the key is accepted, then deleted: it is worth nothing
     * once used. Null when there is none.
     */
    private String enrolmentToken() {
        java.nio.file.Path f = config.pkiDir().resolve(ENROLMENT_TOKEN);
        try {
            if (!java.nio.file.Files.isRegularFile(f)) return null;
            String t = java.nio.file.Files.readString(f, StandardCharsets.US_ASCII).strip();
            return t.isEmpty() || t.length() > 256 ? null : t;
        } catch (IOException e) {
            log.warn("cannot read {}: {}", f, e.getMessage());
            return null;
        }
    }

    /** Where a new machine's one-time enrolment token waits for the first connection, under the minion's root_dir. */
    public static final String ENROLMENT_TOKEN = "enrolment.token";

    private void send(MinionMessage m) {
        MasterConnection c = connection;
        if (c != null) {
            c.send(m);
            lastSent = System.currentTimeMillis();
        }
    }

    private final class Listener implements MasterConnection.Listener {
        @Override
        public void onConnected(Double handshakeMillis) {
            sendHello(handshakeMillis);
        }

        @Override
        public void onMessage(MasterMessage message) {
            if (message instanceof MasterMessage.Welcome w) {
                onWelcome(w);
            } else if (message instanceof MasterMessage.SignedJob job) {
                onJob(job);
            } else if (message instanceof MasterMessage.ReturnAck ack) {
                store.forgetReturn(ack.jid());
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
            if (closed) return; // stopping: no keepalives, mine refreshes or key checks any more
            long now = System.currentTimeMillis();
            if (!"accepted".equals(keyState) && now - lastHello > PENDING_RETRY_MILLIS) {
                sendHello();
            } else if ("accepted".equals(keyState) && now - lastSent > KEEPALIVE_MILLIS) {
                send(new MinionMessage.Keepalive());
            }
            if ("accepted".equals(keyState)) mine.tick(workers);
            if (disconnectedSince != 0) checkMasterKeyChanged();
            classData.ifPresent(r -> r.tick("accepted".equals(keyState) && disconnectedSince == 0, now));
        }
    }

    /** Set when the launcher asked this process to record the class-data archive (a minion's first start). */
    private final Optional<ClassDataRecorder> classData = ClassDataRecorder.fromSystemProperties();
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
                // Returns the master has not acknowledged (made while it was unreachable, or by the process before
                // a restart): sent again on every new connection; the master keeps one copy.
                for (MinionMessage.JobReturn r : store.pendingReturns()) send(r);
                if (!"accepted".equals(previous)) {
                    log.info("key accepted by the master");
                    try {
                        if (java.nio.file.Files.deleteIfExists(config.pkiDir().resolve(ENROLMENT_TOKEN))) {
                            log.info("enrolment token used up and deleted");
                        }
                    } catch (IOException e) {
                        log.warn("cannot delete the used enrolment token: {}", e.getMessage());
                    }
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
        if (closed) {
            sendReturn(new MinionMessage.JobReturn(job.jid(), false, 1, "the minion is stopping; run the job again once it is back", 0));
            return;
        }
        try {
            queued.put(job.jid(), job);
            workers.execute(() -> run(job, f));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.remove(job.jid());
            sendReturn(new MinionMessage.JobReturn(job.jid(), false, 1, closed ? "the minion is stopping; run the job again once it is back"
                    : "minion busy: too many queued jobs", 0));
        }
    }

    private void run(JobRequest job, Optional<ExecFunction> f) {
        if (queued.remove(job.jid()) == null) return; // answered already: the minion stopped before it started
        MDC.put("minion", config.id());
        MDC.put("jid", job.jid());
        dev.jsalt.minion.jobs.JobControl control = new dev.jsalt.minion.jobs.JobControl(job, Thread.currentThread());
        running.put(job.jid(), control);
        long start = System.nanoTime();
        FunctionResult r;
        try {
            dev.jsalt.minion.jobs.JobControl.bind(control);
            if (f.isEmpty()) {
                r = FunctionResult.failed(1, "unknown function '" + job.fun() + "'; known: " + String.join(", ", functions.names()));
            } else {
                log.info("running {}", job.fun());
                r = f.get().call(job, functionContext);
            }
        } catch (dev.jsalt.minion.state.HandedOverException e) {
            r = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = FunctionResult.failed(1, "interrupted");
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            r = FunctionResult.failed(1, msg);
            log.warn("{} failed: {}", job.fun(), msg);
        } finally {
            dev.jsalt.minion.jobs.JobControl.unbind();
            running.remove(job.jid());
        }
        // Handed over: the next minion process finishes the job and returns it; this one must not.
        if (r != null && !control.handedOver()) {
            double ms = (System.nanoTime() - start) / 1e6;
            sendReturn(new MinionMessage.JobReturn(job.jid(), r.success(), r.retcode(), r.result(), ms));
        } else {
            log.info("{} handed over to the next minion process", job.fun());
        }
        MDC.remove("jid");
    }

    /** Stored until the master acknowledges it, then sent (again on every new connection until acknowledged). */
    private void sendReturn(MinionMessage.JobReturn whole) {
        // A result over the limit is cut and marked, never dropped: the master's frame limit would drop it whole.
        MinionMessage.JobReturn ret = dev.jsalt.common.wire.Wire.truncateResult(whole, config.maxResult());
        store.storeReturn(ret);
        send(ret);
    }

    /**
     * Jobs the previous minion process handed over while it stopped: each continues on a worker once the command it
     * was waiting for has ended; its return is stored and sent when the master is connected.
     */
    private void resumeHandedOver() {
        for (dev.jsalt.minion.jobs.Handover h : store.handovers()) {
            log.info("continuing job {} ({}) handed over by the previous minion process", h.job().jid(), h.job().fun());
            workers.execute(() -> resume(h));
        }
    }

    private void resume(dev.jsalt.minion.jobs.Handover h) {
        JobRequest job = h.job();
        MDC.put("minion", config.id());
        MDC.put("jid", job.jid());
        dev.jsalt.minion.jobs.JobControl control = new dev.jsalt.minion.jobs.JobControl(job, Thread.currentThread());
        running.put(job.jid(), control);
        long start = System.nanoTime();
        FunctionResult r;
        try {
            dev.jsalt.minion.jobs.JobControl.bind(control);
            dev.jsalt.minion.exec.CommandResult finished = null;
            if (h.inFlight() != null) {
                control.awaiting(h.inFlight());
                Optional<dev.jsalt.minion.exec.CommandResult> done = commands.scopes().await(h.inFlight().inFlight(), RESUME_WAIT);
                if (done.isEmpty()) {
                    throw new IllegalStateException("'" + String.join(" ", h.inFlight().argv()) + "' still runs in " + h.inFlight().unit()
                            + " " + RESUME_WAIT.toMinutes() + " min after the minion restarted");
                }
                finished = done.get();
                control.awaiting(null);
                log.info("{} ({}) ended with exit {}", h.inFlight().unit(), String.join(" ", h.inFlight().argv()), finished.exitCode());
            }
            r = switch (job.fun()) {
                case "state.apply" -> stateApply.resume(job, functionContext, h.results(), finished == null ? null
                        : new dev.jsalt.minion.functions.StateApply.Finished(h.inFlight().argv(), finished));
                case "cmd.run" -> finished != null ? Functions.cmdResult(finished) : call(job);
                default -> call(job);
            };
        } catch (dev.jsalt.minion.state.HandedOverException e) {
            r = null;
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            r = FunctionResult.failed(1, "continuing after a minion restart failed: " + msg);
            log.warn("{} failed: {}", job.fun(), msg);
        } finally {
            dev.jsalt.minion.jobs.JobControl.unbind();
            running.remove(job.jid());
        }
        if (r != null && !control.handedOver()) {
            double ms = (System.nanoTime() - start) / 1e6;
            sendReturn(new MinionMessage.JobReturn(job.jid(), r.success(), r.retcode(), r.result(), ms));
            store.forgetHandover(job.jid());
        }
        MDC.remove("jid");
    }

    private FunctionResult call(JobRequest job) throws Exception {
        Optional<ExecFunction> f = functions.get(job.fun());
        if (f.isEmpty()) return FunctionResult.failed(1, "unknown function '" + job.fun() + "'");
        return f.get().call(job, functionContext);
    }

    /** Grains as last sent to the master. */
    public Map<String, Object> grains() { return new LinkedHashMap<>(grains); }

    /**
     * Stops the minion. Running jobs get the stop grace ({@link #stopGrace}) to finish (their returns still go out on this
     * connection); a job still running then is handed over: it starts nothing more here, and what it did so far and
     * the command it waits for (running on in a systemd scope of its own) are written to disk for the next minion
     * process, which finishes the job and returns it. Nothing is killed: a command a state started, such as the apt-get
     * upgrading this very package, runs to its end.
     */
    @Override
    public void close() {
        if (closed) return;
        synchronized (this) {
            closed = true;
        }
        workers.shutdown();
        for (JobRequest q : List.copyOf(queued.values())) {
            if (queued.remove(q.jid()) != null) {
                sendReturn(new MinionMessage.JobReturn(q.jid(), false, 1, "the minion stopped before the job started; run it again", 0));
            }
        }
        try {
            // Returns at once when no job runs (idle workers end with the pool).
            if (!workers.awaitTermination(stopGraceMillis, TimeUnit.MILLISECONDS)) {
                List<String> handed = new java.util.ArrayList<>();
                for (dev.jsalt.minion.jobs.JobControl c : List.copyOf(running.values())) {
                    dev.jsalt.minion.jobs.Handover h = c.handOver(commands);
                    store.storeHandover(h);
                    handed.add(h.job().jid());
                    log.info("handing job {} ({}) over to the next minion process{}", h.job().jid(), h.job().fun(),
                            h.inFlight() == null ? "" : "; '" + String.join(" ", h.inFlight().argv()) + "' runs on in " + h.inFlight().unit());
                }
                if (!handed.isEmpty()) send(new MinionMessage.HandedOver(handed));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MasterConnection c = connection;
        if (c != null) c.close();
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
