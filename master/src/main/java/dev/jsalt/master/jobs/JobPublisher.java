package dev.jsalt.master.jobs;

import dev.jsalt.common.target.Target;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.keys.KeyStore;
import dev.jsalt.master.keys.MinionKey;
import dev.jsalt.master.registry.MinionRegistry;
import dev.jsalt.master.transport.MasterChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Resolves a target against accepted minions, records the job, and sends each selected minion its own signed copy.
 * Only the selected minions receive anything.
 */
public final class JobPublisher {
    private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

    private final KeyStore keys;
    private final MinionRegistry registry;
    private final JobTracker tracker;
    private final JobSigner signer;
    private final MasterChannel channel;

    /** A job request from the API or CLI. */
    public record Request(String target, String fun, List<Object> args, Map<String, Object> kwargs, int timeoutSeconds,
                          String source, String user) {
    }

    public JobPublisher(KeyStore keys, MinionRegistry registry, JobTracker tracker, JobSigner signer, MasterChannel channel) {
        this.keys = keys;
        this.registry = registry;
        this.tracker = tracker;
        this.signer = signer;
        this.channel = channel;
    }

    /** Accepted minions the target selects (by id and last known grains). */
    public List<String> resolve(String targetExpression) {
        Target t = Target.parse(targetExpression);
        List<String> out = new ArrayList<>();
        for (MinionKey k : keys.list()) {
            if (k.state() == KeyState.ACCEPTED && t.matches(k.id(), registry.grains(k.id()))) out.add(k.id());
        }
        return out;
    }

    /**
     * Publishes a job. {@code perMinionKwargs} (may be null) gives each minion its own keyword arguments, e.g. its
     * compiled state document; otherwise every minion gets {@code request.kwargs()}.
     */
    public String publish(Request request, List<String> minions, BiFunction<String, Map<String, Object>, Map<String, Object>> perMinionKwargs,
                          Consumer<JobEvent> listener) {
        String jid = JobIds.next();
        Set<String> notConnected = new LinkedHashSet<>();
        for (String m : minions) {
            if (!registry.connected(m)) notConnected.add(m);
        }
        JobRecord rec = new JobRecord(jid, request.target(), request.fun(), request.args(), publicOptions(request.kwargs()),
                minions, System.currentTimeMillis(), request.timeoutSeconds(), request.source(), request.user());
        tracker.start(rec, notConnected, listener);
        long expires = System.currentTimeMillis() + Math.max(60, request.timeoutSeconds()) * 1000L;
        for (String m : minions) {
            if (notConnected.contains(m)) continue;
            MinionKey key = keys.byId(m).orElse(null);
            if (key == null || key.state() != KeyState.ACCEPTED) {
                tracker.sendFailed(jid, m);
                continue;
            }
            Map<String, Object> kw = perMinionKwargs == null ? request.kwargs() : perMinionKwargs.apply(m, request.kwargs());
            channel.send(m, signer.sign(jid, m, key.curvePublic(), request.fun(), request.args(), kw, expires))
                    .thenAccept(ok -> {
                        if (!ok) tracker.sendFailed(jid, m);
                    });
        }
        log.info("job {} {} -> {} minion(s) ({} not connected)", jid, request.fun(), minions.size(), notConnected.size());
        return jid;
    }

    /** Keyword options worth keeping in the job cache: small scalars only, never documents or secrets. */
    private static Map<String, Object> publicOptions(Map<String, Object> kwargs) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        if (kwargs == null) return out;
        kwargs.forEach((k, v) -> {
            if (v instanceof Boolean || v instanceof Number || (v instanceof String s && s.length() < 200 && !k.contains("pass"))) {
                out.put(k, v);
            }
        });
        return out;
    }
}
