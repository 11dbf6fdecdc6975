package dev.jsalt.master.api;

import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.JobPublisher;
import dev.jsalt.master.jobs.JobTracker;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.keys.KeyStore;
import dev.jsalt.master.keys.MinionKey;
import dev.jsalt.master.registry.MinionRegistry;
import dev.jsalt.minion.functions.Functions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's routes (see docs/api.md). Requests are validated here, before anything is recorded or sent.
 */
public final class MasterRoutes implements Routes {
    private static final Pattern JOB = Pattern.compile("/v1/jobs/(\\d{20})");
    private static final Pattern KEY_ACTION = Pattern.compile("/v1/keys/(accept|reject|delete)");
    private static final Set<String> FUNCTIONS = Functions.standardNames();

    private final KeyStore keys;
    private final MinionRegistry registry;
    private final JobTracker tracker;
    private final JobPublisher publisher;
    private final MasterConfig config;

    private final dev.jsalt.master.states.StateService states;
    private final dev.jsalt.master.mine.MineStore mine;
    private final dev.jsalt.master.events.EventBus events;
    private final dev.jsalt.master.orchestrate.OrchestrateRoute orchestrate;

    public MasterRoutes(KeyStore keys, MinionRegistry registry, JobTracker tracker, JobPublisher publisher, MasterConfig config,
                        dev.jsalt.master.states.StateService states, dev.jsalt.master.mine.MineStore mine,
                        dev.jsalt.master.events.EventBus events) {
        this.states = states;
        this.mine = mine;
        this.events = events;
        this.keys = keys;
        this.registry = registry;
        this.tracker = tracker;
        this.publisher = publisher;
        this.config = config;
        this.orchestrate = new dev.jsalt.master.orchestrate.OrchestrateRoute(
                new dev.jsalt.master.orchestrate.Orchestrator(states, publisher, tracker, mine::get, keys));
    }

    @Override
    public boolean streams(Call call) {
        boolean async = BodyFields.flag(call.body(), "async");
        return call.method().equals("POST") && (call.path().equals("/v1/jobs") || call.path().equals("/v1/apply")) && !async
                || call.method().equals("GET") && call.path().matches("/v1/jobs/\\d{20}/events")
                || call.method().equals("GET") && call.path().equals("/v1/events")
                || orchestrate.matches(call);
    }

    @Override
    public Object handle(Call call) {
        String m = call.method();
        String p = call.path();
        if (m.equals("GET") && p.equals("/v1/health")) return Map.of("ok", true);
        if (m.equals("GET") && p.equals("/v1/keys")) return keyList();
        Matcher km = KEY_ACTION.matcher(p);
        if (m.equals("POST") && km.matches()) return keyAction(km.group(1), call.body());
        if (m.equals("GET") && p.equals("/v1/minions")) return minions();
        if (m.equals("GET") && p.equals("/v1/jobs")) {
            int limit = parseInt(call.query().getOrDefault("limit", "50"), "limit");
            return tracker.list(limit);
        }
        Matcher jm = JOB.matcher(p);
        if (m.equals("GET") && jm.matches()) {
            return tracker.view(jm.group(1)).orElseThrow(() -> new ApiError(404, "no job " + jm.group(1)));
        }
        if (m.equals("POST") && p.equals("/v1/show")) {
            return states.show(str(call.body(), "target"), BodyFields.strings(call.body(), "sls"), BodyFields.optionalString(call.body(), "ref"));
        }
        if (m.equals("POST") && p.equals("/v1/apply")) {
            String jid = states.apply(applyRequest(call.body()), null);
            return Map.of("jid", jid);
        }
        if (m.equals("GET") && p.equals("/v1/mine")) {
            String target = call.query().getOrDefault("target", "*");
            String key = call.query().get("key");
            if (key == null || key.isBlank()) throw new ApiError(400, "missing 'key'");
            return mine.get(target, key);
        }
        if (m.equals("POST") && p.equals("/v1/jobs")) {
            String[] jid = new String[1];
            List<String> minions = publish(call.body(), e -> {
            }, jid);
            return Map.of("jid", jid[0], "minions", minions);
        }
        throw new ApiError(404, "no route " + m + " " + p);
    }

    @Override
    public void stream(Call call, Stream out) {
        if (orchestrate.matches(call)) {
            orchestrate.stream(call, out);
            return;
        }
        // Thrown before the first line, a refusal (bad field, glob, target, compile error) is the API's 4xx: see ApiServer.
        if (call.path().equals("/v1/events")) {
            java.util.regex.Pattern p = dev.jsalt.common.target.Globs.compile(call.query().getOrDefault("tag", "*"));
            out.onClose(events.subscribe(e -> {
                if (p.matcher(e.tag()).matches()) out.accept(e);
            }));
            return;
        }
        if (call.method().equals("GET")) { // /v1/jobs/{jid}/events
            String jid = call.path().substring("/v1/jobs/".length(), "/v1/jobs/".length() + 20);
            if (!tracker.subscribe(jid, e -> emit(out, e))) throw new ApiError(404, "no job " + jid);
            return;
        }
        if (call.path().equals("/v1/apply")) {
            states.apply(applyRequest(call.body()), e -> emit(out, e));
        } else {
            publish(call.body(), e -> emit(out, e), new String[1]);
        }
    }

    private static void emit(Stream out, JobEvent e) {
        out.accept(e);
        if (e instanceof JobEvent.Done) out.close();
    }

    @SuppressWarnings("unchecked")
    private List<String> publish(Map<String, Object> body, java.util.function.Consumer<JobEvent> listener, String[] jidOut) {
        String target = str(body, "target");
        String fun = str(body, "fun");
        if (!FUNCTIONS.contains(fun)) {
            throw new ApiError(400, "unknown function '" + fun + "' (known: " + String.join(", ", FUNCTIONS) + ")");
        }
        if (fun.equals("state.apply")) throw new ApiError(400, "use 'jsalt apply' for state runs");
        Object a = body.get("args");
        Object kw = body.get("kwargs");
        if (a != null && !(a instanceof List<?>)) throw new ApiError(400, "'args' must be a list, e.g. [\"uptime\"]");
        if (kw != null && !(kw instanceof Map<?, ?>)) throw new ApiError(400, "'kwargs' must be an object, e.g. {\"shell\": true}");
        List<Object> args = a == null ? List.of() : (List<Object>) a;
        Map<String, Object> kwargs = kw == null ? Map.of() : (Map<String, Object>) kw;
        int timeout = body.get("timeout") == null ? config.jobTimeoutSeconds() : parseInt(String.valueOf(body.get("timeout")), "timeout");
        List<String> minions = publisher.resolve(target);
        JobPublisher.Request req = new JobPublisher.Request(target, fun, args, kwargs, timeout, null, str(body, "user", "api"));
        jidOut[0] = publisher.publish(req, minions, null, listener);
        return minions;
    }

    private dev.jsalt.master.states.StateService.ApplyRequest applyRequest(Map<String, Object> body) {
        int timeout = body.get("timeout") == null ? Math.max(config.jobTimeoutSeconds(), 300)
                : parseInt(String.valueOf(body.get("timeout")), "timeout");
        return new dev.jsalt.master.states.StateService.ApplyRequest(str(body, "target"), BodyFields.strings(body, "sls"),
                BodyFields.flag(body, "test"), BodyFields.optionalString(body, "ref"), BodyFields.flag(body, "queue"), timeout,
                str(body, "user", "api"), pillar(body.get("pillar")));
    }

    /** The request's {@code pillar} override: a JSON object (deep-merged over the compiled pillar for this run). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> pillar(Object o) {
        if (o == null) return Map.of();
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new ApiError(400, "'pillar' must be an object, e.g. {\"phase\": \"cutover\"}");
    }

    private List<Map<String, Object>> keyList() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MinionKey k : keys.list()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", k.id());
            e.put("state", k.state().dir());
            e.put("fingerprint", k.fingerprint());
            e.put("connected", k.state() == KeyState.ACCEPTED && registry.connected(k.id()));
            out.add(e);
        }
        return out;
    }

    private Map<String, Object> keyAction(String action, Map<String, Object> body) {
        List<String> ids = new ArrayList<>();
        boolean all = BodyFields.flag(body, "all");
        if (all) {
            // "All" only ever means the pending keys being accepted: rejecting or deleting the whole fleet in one
            // careless call would cut every server off.
            if (!action.equals("accept")) throw new ApiError(400, "'all' is only for accept; name the minions to " + action);
            for (MinionKey k : keys.list()) {
                if (k.state() == KeyState.PENDING) ids.add(k.id());
            }
        } else {
            ids.addAll(BodyFields.strings(body, "ids"));
        }
        if (ids.isEmpty() && !all) throw new ApiError(400, "no minion ids given");
        Map<String, Object> result = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            boolean found = switch (action) {
                case "accept" -> keys.setState(id, KeyState.ACCEPTED).isPresent();
                case "reject" -> keys.setState(id, KeyState.REJECTED).isPresent();
                default -> keys.delete(id).isPresent();
            };
            if (!found) unknown.add(id);
        }
        if (!unknown.isEmpty()) throw new ApiError(404, "no key for minion(s): " + String.join(", ", unknown));
        result.put(action.equals("delete") ? "deleted" : action + "ed", ids);
        return result;
    }

    private List<Map<String, Object>> minions() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MinionRegistry.MinionInfo i : registry.all()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", i.id());
            e.put("connected", registry.connected(i.id()));
            e.put("last_seen", i.lastSeen().toString());
            e.put("connected_since", i.connectedSince().toString());
            e.put("version", i.version());
            e.put("grains", i.grains());
            out.add(e);
        }
        return out;
    }

    private static String str(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null || String.valueOf(v).isBlank()) throw new ApiError(400, "missing '" + key + "'");
        return String.valueOf(v);
    }

    private static String str(Map<String, Object> body, String key, String def) {
        Object v = body.get(key);
        return v == null ? def : String.valueOf(v);
    }

    private static int parseInt(String s, String what) {
        try {
            int v = Integer.parseInt(s.strip());
            if (v < 1 || v > 86400) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "'" + what + "' must be a whole number from 1 to 86400, got '" + s + "'");
        }
    }
}
