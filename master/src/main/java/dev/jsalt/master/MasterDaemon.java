package dev.jsalt.master;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.crypto.SecureFiles;
import dev.jsalt.common.crypto.SigningKeys;
import dev.jsalt.common.wire.MasterKeys;
import dev.jsalt.common.wire.MasterMessage;
import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.master.api.ApiServer;
import dev.jsalt.master.api.ApiToken;
import dev.jsalt.master.api.MasterRoutes;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.jobs.JobCache;
import dev.jsalt.master.jobs.JobPublisher;
import dev.jsalt.master.jobs.JobSigner;
import dev.jsalt.master.jobs.JobTracker;
import dev.jsalt.master.jobs.ReturnRecorder;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.keys.KeyStore;
import dev.jsalt.master.registry.MinionRegistry;
import dev.jsalt.master.transport.KeyAnnouncer;
import dev.jsalt.master.transport.MasterChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import dev.jsalt.common.crypto.SafeFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The master: key store, channel, job tracking and the HTTP control plane, wired together. */
public final class MasterDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MasterDaemon.class);

    private final MasterConfig config;
    private final ZContext ctx = new ZContext(1);
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "jsalt-timer");
        t.setDaemon(true);
        return t;
    });
    private final KeyStore keys;
    private final MinionRegistry registry;
    private final JobTracker tracker;
    private final ReturnRecorder recorder;
    private final MasterChannel channel;
    private final KeyAnnouncer announcer;
    private final JobPublisher publisher;
    private final ApiServer api;
    private final MasterKeys masterKeys;
    private final dev.jsalt.master.events.EventBus events = new dev.jsalt.master.events.EventBus();
    private final dev.jsalt.master.mine.MineStore mine;
    private final dev.jsalt.master.states.StateService states;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Health health = new Health();
    private final MasterRoutes routes;
    /** What GET /metrics exports (docs/metrics.md): counted where each event happens, in a registry of this master's own. */
    private final dev.jsalt.master.metrics.MasterMetrics metrics = new dev.jsalt.master.metrics.MasterMetrics().withJvm();
    private final dev.jsalt.master.drift.DriftSchedule drift;
    private volatile boolean closed;
    private volatile String fatalError;

    public MasterDaemon(MasterConfig config) throws IOException, InterruptedException {
        this.config = config;
        // Validate all configuration before binding anything.
        var reactorRules = dev.jsalt.master.reactor.Reactor.parse(config.reactor(), config.configDir().resolve(MasterConfig.FILE).toString());
        SecureFiles.privateDir(config.rootDir());
        SecureFiles.privateDir(config.pkiDir());
        // Atomically: a full disk must never leave a truncated pid file behind (the old one stays, and we stop).
        SafeFiles.writeAtomically(config.rootDir().resolve("master.pid"), (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
        dev.jsalt.master.keys.MasterKeyRotation.finishInterrupted(config.pkiDir());
        CurveKeys curve = CurveKeys.loadOrCreate(config.pkiDir().resolve("master.key"));
        SigningKeys signing = SigningKeys.loadOrCreate(config.pkiDir().resolve("master_sign.key"));
        // Announced with every signed rotation so far: a minion that pinned an earlier key follows them to this one.
        masterKeys = MasterKeys.of(curve, signing)
                .withRotations(dev.jsalt.master.keys.MasterKeyRotation.load(config.pkiDir()));
        String fp = masterKeys.fingerprint();
        SafeFiles.writeAtomically(config.pkiDir().resolve("master.fingerprint"), (fp + "\n").getBytes(StandardCharsets.US_ASCII));
        // A broken operator certificate stops the start here, before anything is bound.
        io.netty.handler.ssl.SslContext apiTls = null;
        if (config.apiTls()) {
            dev.jsalt.master.api.ApiTls.Identity tlsId = dev.jsalt.master.api.ApiTls.identity(config.pkiDir(), config.apiTlsCert(),
                    config.apiTlsKey(), config.apiBind());
            apiTls = dev.jsalt.master.api.ApiTls.serverContext(tlsId);
            log.info("API certificate fingerprint {} (clients pin it: pki/api.fingerprint)", tlsId.fingerprint());
        }
        String token = ApiToken.loadOrCreate(config.tokenFile());
        // A missing, short or reused metrics token stops the start here too, naming its line in master.yaml.
        String metricsToken = config.metricsTokenFile() == null ? null : ApiToken.loadMetricsToken(config.metricsTokenFile(), token);

        // A fatal error on any ZeroMQ thread (an Error in its I/O thread) stops the master: it must not look alive.
        ctx.setUncaughtExceptionHandler((t, e) -> fatal("zeromq-io", e));
        ctx.setNotificationExceptionHandler((t, e) -> log.warn("ZeroMQ I/O thread: {}", e.toString()));
        keys = new KeyStore(config.pkiDir(), config.autoAccept(), config.limits().maxPending());
        registry = new MinionRegistry(config.rootDir().resolve("minions"));
        mine = new dev.jsalt.master.mine.MineStore(config.rootDir().resolve("mine"), keys, registry, events);
        JobCache cache = new JobCache(config.jobsDir(), config.limits().minFreeDisk());
        int purged = cache.purge(Duration.ofDays(config.keepJobsDays()));
        if (purged > 0) log.info("purged {} job(s) older than {} days", purged, config.keepJobsDays());
        tracker = new JobTracker(cache, timer, config.limits(), metrics);
        recorder = new ReturnRecorder(tracker, this::recorded, (t, e) -> fatal("results", e));
        channel = new MasterChannel(ctx, curve, config.bind(), config.port(), keys, config.limits(), new MasterChannel.Listener() {
            @Override
            public void onHello(MinionMessage.Hello hello, KeyStore.Registration verdict) { MasterDaemon.this.onHello(hello, verdict); }

            @Override
            public void onMessage(String minionId, MinionMessage message) { MasterDaemon.this.onMessage(minionId, message); }

            @Override
            public void onDisconnected(String minionId) {
                metrics.minionDisconnected();
                registry.disconnected(minionId);
                tracker.onDisconnected(minionId);
            }
        }, this::fatal);
        announcer = new KeyAnnouncer(ctx, config.bind(), config.keyPort(), masterKeys, this::fatal);
        health.register("channel", channel::state);
        health.register("results", recorder::state);
        health.register("zap", channel::zapState);
        health.register("key_announcer", announcer::state);
        publisher = new JobPublisher(keys, registry, tracker, new JobSigner(signing), channel);
        states = new dev.jsalt.master.states.StateService(config, registry, publisher, mine, metrics);
        metrics.withFleet(new dev.jsalt.master.metrics.MasterMetrics.Fleet() {
            @Override
            public java.util.Map<String, Long> keysByState() {
                java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
                keys.countByState().forEach((s, n) -> out.put(s.dir(), n));
                return out;
            }

            @Override
            public long connected() { return registry.connectedCount(); }

            @Override
            public long handshakes(boolean ok) { return channel.handshakes(ok); }
        }, java.util.Arrays.stream(KeyState.values()).map(KeyState::dir).toList());
        keys.onChange(change -> {
            String id = change.key().id();
            if (change.newState() == null || change.newState() == KeyState.REJECTED) {
                // Deleting or rejecting a key cuts the minion off at once: nothing more is sent to it or taken from it,
                // and everything held for its id is purged.
                registry.forget(id);
                mine.purge(id);
                metrics.runs().forget(id);
            } else if (change.newState() == KeyState.ACCEPTED) {
                channel.send(id, new MasterMessage.Welcome("accepted", "welcome"));
            }
            events.publish("jsalt/key/" + id + "/" + (change.newState() == null ? "deleted" : change.newState().dir()),
                    java.util.Map.of("id", id, "fingerprint", change.key().fingerprint()));
        });
        new dev.jsalt.master.reactor.Reactor(reactorRules, states, events, timer, metrics);
        metrics.withMinions(new dev.jsalt.master.metrics.MasterMetrics.Minions() {
            @Override
            public java.util.Collection<String> accepted() {
                return keys.list().stream().filter(k -> k.state() == KeyState.ACCEPTED).map(k -> k.id()).toList();
            }

            @Override
            public boolean connected(String id) { return registry.connected(id); }
        }, config.metricsMaxMinions());
        // A drift check that found differences is an event, so a reactor rule (or anyone on the bus) can act on it.
        metrics.runs().onDrift(d -> events.publish("jsalt/drift/" + d.minion(), java.util.Map.of("id", d.minion(), "jid", d.jid(),
                "would_change", d.wouldChange(), "failed", d.failed(), "states", d.states())));
        drift = new dev.jsalt.master.drift.DriftSchedule(config.drift(), states, Duration.ofSeconds(30),
                (target, jid, error) -> metrics.driftCheck(error == null));
        routes = new MasterRoutes(keys, registry, tracker, publisher, config, states, mine, events, health, metrics);
        api = new ApiServer(config.apiBind(), config.apiPort(), token, metricsToken, routes, apiTls, config.limits(), this::fatal);
        health.register("api", api::state);
        metrics.withApiLanes(new dev.jsalt.master.metrics.MasterMetrics.Lanes() {
            @Override
            public int waiting(boolean compile) { return api.waiting(compile); }

            @Override
            public int running(boolean compile) { return api.running(compile); }
        });
        log.info("master started: minions on {}:{}, keys on {}, API on {}:{}, fingerprint {}", config.bind(), config.port(),
                config.keyPort(), config.apiBind(), config.apiPort(), fp);
    }

    public MasterKeys masterKeys() { return masterKeys; }

    public KeyStore keys() { return keys; }

    public MinionRegistry registry() { return registry; }

    public JobPublisher publisher() { return publisher; }

    public JobTracker tracker() { return tracker; }

    public MasterConfig config() { return config; }

    public dev.jsalt.master.states.StateService states() { return states; }

    public dev.jsalt.master.mine.MineStore mine() { return mine; }

    public dev.jsalt.master.events.EventBus events() { return events; }

    public dev.jsalt.master.metrics.MasterMetrics metrics() { return metrics; }

    /** The scheduled drift checks (master.yaml {@code drift}); {@code check(target)} runs one now. */
    public dev.jsalt.master.drift.DriftSchedule drift() { return drift; }

    private static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("closing the {} failed: {}", what, e.toString());
        }
    }

    private void onHello(MinionMessage.Hello hello, KeyStore.Registration verdict) {
        // The minion's own timing of this connection's handshake, in its first hello on it only: counted for a key that is
        // accepted or waiting for a decision (a new minion's handshake is one too), not for a refused or conflicting one.
        if (hello.handshakeMillis() != null
                && (verdict == KeyStore.Registration.ACCEPTED || verdict == KeyStore.Registration.PENDING)) {
            metrics.handshake(hello.handshakeMillis());
        }
        if (verdict == KeyStore.Registration.ACCEPTED) {
            registry.hello(hello.id(), hello.grains(), hello.version());
            metrics.minionConnected();
            log.info("minion {} connected", hello.id());
            events.publish("jsalt/minion/" + hello.id() + "/start", java.util.Map.of("id", hello.id()));
        }
    }

    private void onMessage(String minion, MinionMessage message) {
        registry.seen(minion);
        // The allow-list: each kind a minion may send, handled explicitly.
        if (message instanceof MinionMessage.JobReturn r) {
            // Bounded whatever the minion sent: a result over limits.max_result_kb is cut and marked, never dropped.
            try {
                recorder.submit(minion, dev.jsalt.common.wire.Wire.truncateResult(r, config.limits().maxResult()));
            } catch (InterruptedException e) {
                // Stopping: not acknowledged, so the minion keeps its return and sends it again to the next master.
                Thread.currentThread().interrupt();
            }
        } else if (message instanceof MinionMessage.HandedOver h) {
            tracker.onHandedOver(minion, h.jids());
        } else if (message instanceof MinionMessage.MineUpdate m) {
            mine.update(minion, m.data());
        } else if (message instanceof MinionMessage.Event e) {
            // Minion events live under their sender's id: a minion cannot speak for another or for the master.
            String tag = e.tag() == null ? "" : e.tag().replaceAll("[^A-Za-z0-9_./:-]", "_");
            events.publish("minion/" + minion + "/" + tag, e.data());
        }
        // Hello is handled by the channel; Keepalive only refreshes seen() above.
    }

    /** A return is on disk (or known already, or refused for good): acknowledged, and announced on the event bus. */
    private void recorded(String minion, MinionMessage.JobReturn r) {
        // The minion may drop its stored copy now.
        if (r.jid() != null && dev.jsalt.master.jobs.JobIds.VALID.matcher(r.jid()).matches()) {
            channel.send(minion, new dev.jsalt.common.wire.MasterMessage.ReturnAck(r.jid()));
        }
        java.util.Map<String, Object> ev = new java.util.LinkedHashMap<>();
        ev.put("id", minion);
        ev.put("jid", r.jid());
        ev.put("success", r.success());
        events.publish("jsalt/job/" + r.jid() + "/ret/" + minion, ev);
    }

    public void awaitStop() throws InterruptedException { stopped.await(); }

    public Health health() { return health; }

    /** What the API serves, without HTTP in between (the API fuzz target calls it directly). */
    public MasterRoutes routes() { return routes; }

    /** Non-null when the master stopped because a component failed for good (the process should exit non-zero). */
    public String fatalError() { return fatalError; }

    /**
     * A component failed in a way it cannot recover from (an Error on its thread): record it, report it as down, and
     * stop the whole master, so that the process ends and systemd starts it again, rather than lingering half-alive.
     */
    public void fatal(String component, Throwable e) {
        if (fatalError != null || closed) return;
        fatalError = component + ": " + e;
        health.failed(component, String.valueOf(e));
        log.error("fatal error in {}: the master stops", component, e);
        Thread t = new Thread(this::close, "jsalt-fatal-stop");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        // Each step is bounded: a component that hangs must not keep the process from ending.
        quietly("drift schedule", drift::close);
        quietly("api", api::close);
        quietly("key announcer", announcer::close);
        quietly("channel", channel::close);
        quietly("results", recorder::close);
        timer.shutdownNow();
        Thread term = new Thread(ctx::close, "jsalt-zmq-term");
        term.setDaemon(true);
        term.start();
        try {
            term.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (term.isAlive()) log.warn("the ZeroMQ context did not close within 5 s; going on");
        try {
            Files.deleteIfExists(config.rootDir().resolve("master.pid"));
        } catch (IOException e) {
            log.debug("cannot remove the pid file: {}", e.getMessage());
        }
        stopped.countDown();
        log.info("master stopped");
    }

}
