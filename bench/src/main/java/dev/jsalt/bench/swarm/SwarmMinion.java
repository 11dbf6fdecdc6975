package dev.jsalt.bench.swarm;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.crypto.Sealer;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.common.wire.MasterMessage;
import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.common.wire.Wire;
import dev.jsalt.minion.MinionDaemon;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.functions.ExecFunction;
import dev.jsalt.minion.functions.FunctionContext;
import dev.jsalt.minion.functions.FunctionResult;
import dev.jsalt.minion.functions.Functions;
import dev.jsalt.minion.functions.StateApply;
import dev.jsalt.minion.jobs.JobGuard;
import dev.jsalt.minion.state.StateModules;
import dev.jsalt.minion.state.StateRunLock;
import dev.jsalt.minion.states.file.FileModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One simulated minion: its own Curve keys, grains, job guard and scratch dir; everything else (sockets' I/O
 * threads, pollers, job workers, the command runner) is shared with the rest of the swarm. It answers what a real
 * minion answers, through the same allow-list ({@link Functions}) and the same signature/expiry/replay checks
 * ({@link JobGuard}); state runs use the real engine with only the file module, jailed to the scratch dir.
 */
final class SwarmMinion {
    private static final Logger log = LoggerFactory.getLogger(SwarmMinion.class);
    static final long KEEPALIVE_MILLIS = 15_000;
    static final long PENDING_RETRY_MILLIS = 10_000;
    /** One file module for every minion: it holds no per-minion state. */
    private static final StateModules FILE_ONLY = StateModules.of(new FileModule());

    final int index;
    final String id;
    final CurveKeys keys;
    final Path dir;
    final Path scratch;
    private final Map<String, Object> grains;
    private final FunctionContext context;
    private final Functions functions;
    private volatile JobGuard guard;
    private volatile StateApply stateApply;
    private volatile SwarmLoop loop;
    private volatile int slot;
    private volatile String keyState = "unknown";
    volatile long lastSent;
    volatile long lastHello;

    SwarmMinion(int index, String id, Path dir, Map<String, Object> baseGrains, Functions functions, CommandRunner commands)
            throws IOException {
        this.index = index;
        this.id = id;
        this.dir = dir;
        this.functions = functions;
        this.keys = CurveKeys.loadOrCreate(dir.resolve("minion.key"));
        this.scratch = Files.createDirectories(dir.resolve("scratch"));
        Map<String, Object> g = new LinkedHashMap<>(baseGrains);
        g.put("id", id);
        g.put("server_id", dev.jsalt.minion.grains.Grains.serverId(id));
        g.put("swarm_root", scratch.toAbsolutePath().toString());
        g.put("swarm_index", index);  // fleet-wide index, see SwarmConfig.firstIndex
        this.grains = java.util.Collections.unmodifiableMap(g); // keeps Salt's key order; grains may hold nulls
        this.context = new FunctionContext(id, commands, () -> grains, dir, this::openSecret);
    }

    /** Called once the master's signing key is pinned, before the socket connects. */
    void trust(String masterSigningKey) throws IOException {
        guard = new JobGuard(id, masterSigningKey, dir.resolve("seen_jobs"), Clock.systemUTC());
    }

    /** {@code slot}: this minion's socket index in {@code loop}. */
    void attach(SwarmLoop loop, int slot) {
        this.slot = slot;
        this.loop = loop;
    }

    int slot() { return slot; }

    String keyState() { return keyState; }

    /** The hello ZeroMQ sends by itself on every new connection (see SwarmLoop): registration survives master restarts. */
    byte[] helloBytes() { return Wire.encode(hello()); }

    private MinionMessage.Hello hello() { return new MinionMessage.Hello(id, grains, MinionDaemon.VERSION); }

    void sendHello() {
        lastHello = System.currentTimeMillis();
        send(hello());
    }

    void send(MinionMessage m) {
        SwarmLoop l = loop;
        if (l != null) {
            l.send(this, Wire.encode(m));
            lastSent = System.currentTimeMillis();
        }
    }

    /** About once a second, on the loop thread: hello retries while pending, keepalives when idle. */
    void tick(long now) {
        if (!"accepted".equals(keyState)) {
            if (now - lastHello > PENDING_RETRY_MILLIS) sendHello();
        } else if (now - lastSent > KEEPALIVE_MILLIS) {
            send(new MinionMessage.Keepalive());
        }
    }

    /** A message from the master, on a worker thread. */
    void onMessage(byte[] data) {
        MasterMessage m;
        try {
            m = Wire.decodeMaster(data);
        } catch (Wire.MalformedMessageException e) {
            log.warn("{}: dropped a malformed message from the master: {}", id, e.getMessage());
            return;
        }
        if (m instanceof MasterMessage.Welcome w) {
            onWelcome(w);
        } else if (m instanceof MasterMessage.SignedJob job) {
            onJob(job);
        }
    }

    private void onWelcome(MasterMessage.Welcome w) {
        String previous = keyState;
        keyState = w.keyState();
        // The master registers a minion only from a hello sent while its key is accepted: say hello again now.
        // Also when the pending answer was never seen: an unregistered minion would otherwise stay invisible.
        if ("accepted".equals(w.keyState()) && !"accepted".equals(previous)) sendHello();
        if (!w.keyState().equals(previous) && !"accepted".equals(w.keyState()) && !"pending".equals(w.keyState())) {
            log.warn("{}: the master refused this minion: {}", id, w.message());
        }
    }

    private void onJob(MasterMessage.SignedJob signed) {
        JobGuard g = guard;
        if (g == null) return;
        JobRequest job;
        try {
            job = g.check(signed);
        } catch (JobGuard.Refused e) {
            log.warn("{}: refused a job: {}", id, e.getMessage());
            return;
        }
        long start = System.nanoTime();
        FunctionResult r;
        try {
            Optional<ExecFunction> f = function(job.fun());
            r = f.isEmpty()
                    ? FunctionResult.failed(1, "unknown function '" + job.fun() + "' (a swarm minion offers "
                    + String.join(", ", functions.names()) + ", state.apply)")
                    : f.get().call(job, context);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = FunctionResult.failed(1, "interrupted");
        } catch (Exception e) {
            r = FunctionResult.failed(1, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        send(new MinionMessage.JobReturn(job.jid(), r.success(), r.retcode(), r.result(), (System.nanoTime() - start) / 1e6));
    }

    private Optional<ExecFunction> function(String name) {
        if (name.equals("state.apply")) return Optional.of(this::jailedApply);
        return functions.get(name);
    }

    private FunctionResult jailedApply(JobRequest job, FunctionContext ctx) throws Exception {
        Object raw = job.kwargs().get("document");
        if (raw == null) throw new IllegalArgumentException("state.apply needs a compiled document");
        ScratchJail.check(Json.convert(raw, StateDocument.class), scratch);
        StateApply a = stateApply;
        if (a == null) {
            // Built on first use: most swarm minions of a ping benchmark never run states.
            a = new StateApply(FILE_ONLY, this::openSecret, new StateRunLock(dir), null);
            stateApply = a;
        }
        return a.call(job, ctx);
    }

    private String openSecret(String sealed) {
        return new String(Sealer.open(keys.secretKey(), id, sealed), StandardCharsets.UTF_8);
    }
}
