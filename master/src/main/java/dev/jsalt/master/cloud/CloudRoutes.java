package dev.jsalt.master.cloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jsalt.cloud.droplets.DoException;
import dev.jsalt.cloud.droplets.Droplet;
import dev.jsalt.cloud.droplets.Provisioner;
import dev.jsalt.common.json.Json;
import dev.jsalt.master.api.ApiError;
import dev.jsalt.master.api.BodyFields;
import dev.jsalt.master.api.Routes;
import dev.jsalt.master.keys.KeyStore;
import dev.jsalt.master.keys.MinionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/cloud/machines}, {@code POST /v1/cloud/create} and {@code POST /v1/cloud/destroy} (docs/api.md).
 * Create and destroy are checked against cloud.yaml before the response starts (a mistake is a 400 naming file:line),
 * then run on a thread of their own, streaming NDJSON: the plan, one progress line per step and machine, one outcome
 * per machine, and {@code done}. A run keeps going if the client goes away: a half-made machine is worse than an
 * unread answer. With {@code test: true} only the plan is sent and nothing is created or destroyed.
 */
public final class CloudRoutes {
    private static final Logger log = LoggerFactory.getLogger(CloudRoutes.class);
    public static final String MACHINES = "/v1/cloud/machines";
    public static final String CREATE = "/v1/cloud/create";
    public static final String DESTROY = "/v1/cloud/destroy";
    private static final Set<String> CREATE_FIELDS = Set.of("profile", "names", "keep_failed", "test");
    private static final Set<String> DESTROY_FIELDS = Set.of("names", "provider", "test");

    private final CloudService cloud;
    private final KeyStore keys;

    public CloudRoutes(CloudService cloud, KeyStore keys) {
        this.cloud = cloud;
        this.keys = keys;
    }

    /** The machines jsalt made, each with its minion's key state ({@code none} when it has no key). */
    public List<Object> machines(Routes.Call call) {
        Map<String, Droplet> managed;
        try {
            managed = cloud.machines(call.query().get("provider"));
        } catch (DoException e) {
            throw new ApiError(502, e.getMessage());
        }
        List<Object> out = new ArrayList<>();
        for (Droplet d : managed.values()) {
            ObjectNode o = Json.mapper().valueToTree(d);
            o.put("key", keys.byId(d.name()).map(MinionKey::state).map(s -> s.dir()).orElse("none"));
            out.add(o);
        }
        return out;
    }

    public void create(Routes.Call call, Routes.Stream out) {
        Map<String, Object> body = fields(call.body(), CREATE_FIELDS);
        String profile = BodyFields.optionalString(body, "profile");
        if (profile == null || profile.isBlank()) throw new ApiError(400, "missing 'profile'");
        CloudService.CreateRun run = cloud.prepareCreate(profile, BodyFields.strings(body, "names"));
        boolean test = BodyFields.flag(body, "test");
        boolean keepFailed = BodyFields.flag(body, "keep_failed");
        background("create", out, sink -> {
            Provisioner.Plan plan = cloud.plan(run);
            sink.accept(planEvent(plan));
            if (test) return true;
            return outcomes(cloud.create(run, keepFailed, line -> sink.accept(progress(line))), sink);
        });
    }

    public void destroy(Routes.Call call, Routes.Stream out) {
        Map<String, Object> body = fields(call.body(), DESTROY_FIELDS);
        CloudService.DestroyRun run = cloud.prepareDestroy(BodyFields.optionalString(body, "provider"), BodyFields.strings(body, "names"));
        boolean test = BodyFields.flag(body, "test");
        background("destroy", out, sink -> {
            Map<String, Droplet> plan = cloud.plan(run);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event", "plan");
            e.put("destroy", plan.entrySet().stream().filter(x -> x.getValue() != null).map(Map.Entry::getKey).toList());
            e.put("absent", plan.entrySet().stream().filter(x -> x.getValue() == null).map(Map.Entry::getKey).toList());
            sink.accept(e);
            if (test) return true;
            return outcomes(cloud.destroy(run, line -> sink.accept(progress(line))), sink);
        });
    }

    static Map<String, Object> planEvent(Provisioner.Plan plan) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", "plan");
        e.put("create", new ArrayList<>(plan.create().keySet()));
        e.put("unchanged", plan.unchanged());
        e.put("not_joined", plan.notJoined());
        e.put("foreign", plan.foreign());
        return e;
    }

    private static Map<String, Object> progress(String line) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", "progress");
        e.put("line", line);
        return e;
    }

    private static boolean outcomes(List<Provisioner.Outcome> outcomes, java.util.function.Consumer<Object> sink) {
        for (Provisioner.Outcome o : outcomes) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event", "outcome");
            e.put("name", o.name());
            e.put("status", o.status());
            e.put("detail", o.detail());
            sink.accept(e);
        }
        return outcomes.stream().allMatch(Provisioner.Outcome::ok);
    }

    private interface Work {
        boolean run(java.util.function.Consumer<Object> sink) throws InterruptedException;
    }

    /** Runs {@code work} on its own thread (it may take as long as a profile's join_timeout), then ends with done. */
    private static void background(String what, Routes.Stream out, Work work) {
        Object lock = new Object();
        java.util.function.Consumer<Object> sink = e -> {
            synchronized (lock) { // machines are created in parallel; lines must not interleave
                try {
                    out.accept(e);
                } catch (RuntimeException ex) {
                    log.debug("cloud {} listener failed: {}", what, ex.toString());
                }
            }
        };
        Thread t = new Thread(() -> {
            try {
                boolean ok = work.run(sink);
                Map<String, Object> done = new LinkedHashMap<>();
                done.put("event", "done");
                done.put("ok", ok);
                sink.accept(done);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sink.accept(Map.of("event", "error", "error", "cloud " + what + " interrupted (master stopping)"));
            } catch (RuntimeException e) {
                log.warn("cloud {} failed: {}", what, e.getMessage());
                sink.accept(Map.of("event", "error", "error", String.valueOf(e.getMessage())));
            } finally {
                out.close();
            }
        }, "jsalt-cloud-" + what);
        t.setDaemon(true);
        t.start();
    }

    private static Map<String, Object> fields(Map<String, Object> body, Set<String> allowed) {
        for (String k : body.keySet()) {
            if (!allowed.contains(k)) {
                throw new ApiError(400, "unknown field '" + k + "' (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return body;
    }
}
