package dev.jsalt.master.api;

import dev.jsalt.common.catalog.Catalog;
import dev.jsalt.common.target.Globs;
import dev.jsalt.master.cloud.CloudRoutes;
import dev.jsalt.master.cloud.CloudService;
import dev.jsalt.master.cloud.LocalMasterLink;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.events.EventBus;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.JobPublisher;
import dev.jsalt.master.jobs.JobTracker;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.keys.KeyStore;
import dev.jsalt.master.keys.MinionKey;
import dev.jsalt.master.mine.MineStore;
import dev.jsalt.master.orchestrate.OrchestrateRoute;
import dev.jsalt.master.orchestrate.Orchestrator;
import dev.jsalt.master.registry.MinionRegistry;
import dev.jsalt.master.states.StateService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's routes (see docs/api.md, which {@code ApiRoutesDocTest} holds to {@link #table()}). Requests are validated
 * here, before anything is recorded or sent.
 */
public final class MasterRoutes implements Routes {
    private static final Set<String> FUNCTIONS = Catalog.standard().executionFunctions();

    /** What a route does with a call: answer with one JSON value, or stream lines into {@code out}. */
    private interface Answer {
        Object answer(Call call, Matcher path);
    }

    private interface Streamer {
        void stream(Call call, Matcher path, Stream out);
    }

    /**
     * One route: method, path as docs/api.md writes it ({@code /v1/jobs/{jid}}) and the pattern made from it, and either a one-shot or a streaming handler. A route
     * with both streams unless its body asks for {@code async}.
     */
    public record Route(String method, String doc, Pattern path, Answer answer, Streamer streamer) {
        boolean streamsFor(Call call) {
            return streamer != null && (answer == null || !BodyFields.flag(call.body(), "async"));
        }
    }

    private final KeyStore keys;
    private final MinionRegistry registry;
    private final JobTracker tracker;
    private final JobPublisher publisher;
    private final MasterConfig config;
    private final StateService states;
    private final MineStore mine;
    private final EventBus events;
    private final OrchestrateRoute orchestrate;
    /** Recent orchestration runs' events, for a client that comes in mid-run (the dashboard's page of a run). */
    private final dev.jsalt.master.orchestrate.OrchestrationProgress progress = new dev.jsalt.master.orchestrate.OrchestrationProgress();
    private final dev.jsalt.master.keys.EnrolmentIssuer enrolments;
    private final CloudService cloud;
    /** Seconds a new machine's first highstate may take (as `jsalt cloud create` allows it). */
    private static final int CLOUD_HIGHSTATE_TIMEOUT = 600;
    private final List<Route> table;

    public MasterRoutes(KeyStore keys, MinionRegistry registry, JobTracker tracker, JobPublisher publisher, MasterConfig config,
                        StateService states, MineStore mine, EventBus events) {
        this(keys, registry, tracker, publisher, config, states, mine, events, new dev.jsalt.master.Health());
    }

    private final dev.jsalt.master.Health health;

    public MasterRoutes(KeyStore keys, MinionRegistry registry, JobTracker tracker, JobPublisher publisher, MasterConfig config,
                        StateService states, MineStore mine, EventBus events, dev.jsalt.master.Health health) {
        this(keys, registry, tracker, publisher, config, states, mine, events, health, new dev.jsalt.master.metrics.MasterMetrics());
    }

    private final dev.jsalt.master.metrics.MasterMetrics metrics;

    /** {@code metrics}: what {@code GET /metrics} writes out. */
    public MasterRoutes(KeyStore keys, MinionRegistry registry, JobTracker tracker, JobPublisher publisher, MasterConfig config,
                        StateService states, MineStore mine, EventBus events, dev.jsalt.master.Health health,
                        dev.jsalt.master.metrics.MasterMetrics metrics) {
        this.metrics = metrics;
        this.health = health;
        this.states = states;
        this.mine = mine;
        this.events = events;
        this.keys = keys;
        this.registry = registry;
        this.tracker = tracker;
        this.publisher = publisher;
        this.config = config;
        this.enrolments = new dev.jsalt.master.keys.EnrolmentIssuer(keys, config == null ? null : config.pkiDir());
        // config is null only when a test reads the route table; cloud.yaml itself is read when a cloud run needs it.
        this.cloud = config == null ? null : new CloudService(config.configDir(),
                new LocalMasterLink(keys, enrolments, registry, states, CLOUD_HIGHSTATE_TIMEOUT), System.getenv(),
                java.time.Duration.ofMillis(Integer.getInteger("jsalt.cloud.poll_ms", 2000)));
        CloudRoutes cloudRoutes = new CloudRoutes(cloud, keys);
        this.orchestrate = new OrchestrateRoute(new Orchestrator(states, publisher, tracker, (target, key) -> mine.get(target, key), keys, cloud));
        this.table = List.of(
                route("GET", "/v1/health", (c, p) -> health(), null),
                route("GET", "/v1/keys", (c, p) -> keyList(), null),
                route("GET", "/v1/keys/refusals", (c, p) -> refusals(), null),
                route("POST", "/v1/keys/{action}", (c, p) -> keyAction(p.group(1), c.body()), null),
                route("GET", "/v1/minions", (c, p) -> minions(), null),
                route("GET", "/v1/drift", (c, p) -> drift(), null),
                route("GET", "/v1/enrolments", (c, p) -> enrolmentList(), null),
                route("POST", "/v1/enrolments", (c, p) -> enrol(c.body()), null),
                route("POST", "/v1/enrolments/revoke", (c, p) -> revokeEnrolments(c.body()), null),
                route("POST", "/v1/jobs", this::publishAsync, (c, p, out) -> publish(c.body(), e -> emit(out, e), new String[1])),
                route("POST", "/v1/apply", (c, p) -> Map.of("jid", states.apply(applyRequest(c.body()), null)),
                        (c, p, out) -> states.apply(applyRequest(c.body()), e -> emit(out, e))),
                route("POST", "/v1/show", (c, p) -> states.show(str(c.body(), "target"), BodyFields.strings(c.body(), "sls"),
                        BodyFields.optionalString(c.body(), "ref")), null),
                route("GET", "/v1/jobs", (c, p) -> tracker.list(parseInt(c.query().getOrDefault("limit", "50"), "limit")), null),
                route("GET", "/v1/jobs/{jid}", (c, p) -> tracker.view(p.group(1)).orElseThrow(() -> new ApiError(404, "no job " + p.group(1))), null),
                route("GET", "/v1/jobs/{jid}/events", null, (c, p, out) -> {
                    if (!tracker.subscribe(p.group(1), e -> emit(out, e))) throw new ApiError(404, "no job " + p.group(1));
                }),
                route("GET", "/v1/mine", (c, p) -> mineGet(c), null),
                route("POST", OrchestrateRoute.PATH, null,
                        (c, p, out) -> orchestrate.stream(c, new dev.jsalt.master.orchestrate.OrchestrateBroadcast(out, events, progress))),
                route("GET", OrchestrateRoute.PATH + "/{jid}/events", null, this::orchestrationEvents),
                route("GET", CloudRoutes.MACHINES, (c, p) -> cloudRoutes.machines(c), null),
                route("POST", CloudRoutes.CREATE, null, (c, p, out) -> cloudRoutes.create(c, out)),
                route("POST", CloudRoutes.DESTROY, null, (c, p, out) -> cloudRoutes.destroy(c, out)),
                route("GET", "/v1/events", null, this::eventStream),
                route("GET", ApiServer.METRICS_PATH, (c, p) -> new Routes.Text(metrics.contentType(), metrics.scrape()), null));
    }

    /** The placeholders a route's path may hold, and what each matches. */
    private static final Map<String, String> PLACEHOLDERS = Map.of("{jid}", "(\\d{20})", "{action}", "(accept|reject|delete)");

    private static Route route(String method, String path, Answer answer, Streamer streamer) {
        String regex = Pattern.quote(path);
        for (Map.Entry<String, String> p : PLACEHOLDERS.entrySet()) {
            regex = regex.replace(p.getKey(), "\\E" + p.getValue() + "\\Q");
        }
        return new Route(method, path, Pattern.compile(regex), answer, streamer);
    }

    /** Cloud provisioning on the master (orchestrate steps, /v1/cloud); null only for a route table read by a test. */
    public CloudService cloud() { return cloud; }

    /** Every route, in the order docs/api.md lists them. */
    public List<Route> table() { return table; }

    private Optional<Map.Entry<Route, Matcher>> find(Call call) {
        for (Route r : table) {
            if (!r.method().equals(call.method())) continue;
            Matcher m = r.path().matcher(call.path());
            if (m.matches()) return Optional.of(Map.entry(r, m));
        }
        return Optional.empty();
    }

    @Override
    public boolean streams(Call call) {
        return find(call).map(e -> e.getKey().streamsFor(call)).orElse(false);
    }

    @Override
    public Object handle(Call call) {
        Map.Entry<Route, Matcher> hit = find(call).filter(e -> e.getKey().answer() != null)
                .orElseThrow(() -> new ApiError(404, "no route " + call.method() + " " + call.path()));
        return hit.getKey().answer().answer(call, hit.getValue());
    }

    @Override
    public void stream(Call call, Stream out) {
        // Thrown before the first line, a refusal (bad field, glob, target, compile error) is the API's 4xx: see ApiServer.
        Map.Entry<Route, Matcher> hit = find(call).filter(e -> e.getKey().streamer() != null)
                .orElseThrow(() -> new ApiError(404, "no route " + call.method() + " " + call.path()));
        hit.getKey().streamer().stream(call, hit.getValue(), out);
    }

    /** {@code {ok, listeners: {name: "up" | "down: why"}}}: each listener's real state, read live. */
    public Map<String, Object> health() {
        Map<String, String> l = health.snapshot();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", l.values().stream().allMatch("up"::equals));
        out.put("listeners", l);
        return out;
    }

    private Map<String, Object> refusals() {
        KeyStore.Refusals r = keys.refusals();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pending", r.pending());
        out.put("max_pending", r.maxPending());
        out.put("refused", r.count());
        out.put("last_refused_id", r.lastId());
        out.put("last_refused_at", r.lastAt() == 0 ? null : java.time.Instant.ofEpochMilli(r.lastAt()).toString());
        return out;
    }

    private static final Set<String> COMPILING = Set.of("/v1/apply", "/v1/show", OrchestrateRoute.PATH);

    @Override
    public boolean compiles(Call call) {
        return call.method().equals("POST") && COMPILING.contains(call.path());
    }

    private Object publishAsync(Call call, Matcher path) {
        String[] jid = new String[1];
        List<String> minions = publish(call.body(), e -> {
        }, jid);
        return Map.of("jid", jid[0], "minions", minions);
    }

    private Object mineGet(Call call) {
        String target = call.query().getOrDefault("target", "*");
        String key = call.query().get("key");
        if (key == null || key.isBlank()) throw new ApiError(400, "missing 'key'");
        return mine.get(target, key);
    }

    private void orchestrationEvents(Call call, Matcher path, Stream out) {
        String jid = path.group(1);
        Optional<Runnable> stop = progress.follow(jid, e -> {
            out.accept(e);
            if (e instanceof dev.jsalt.master.orchestrate.OrchestrateEvent.RunFinished) out.close();
        });
        if (stop.isEmpty()) {
            throw new ApiError(404, "no recent orchestration " + jid + " (a finished run's steps are in GET /v1/jobs/" + jid + ")");
        }
        out.onClose(stop.get());
    }

    private void eventStream(Call call, Matcher path, Stream out) {
        Pattern tag = Globs.compile(call.query().getOrDefault("tag", "*"));
        out.onClose(events.subscribe(e -> {
            if (tag.matcher(e.tag()).matches()) out.accept(e);
        }));
    }

    private static void emit(Stream out, JobEvent e) {
        out.accept(e);
        if (e instanceof JobEvent.Done) out.close();
    }

    @SuppressWarnings("unchecked")
    private List<String> publish(Map<String, Object> body, Consumer<JobEvent> listener, String[] jidOut) {
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

    private StateService.ApplyRequest applyRequest(Map<String, Object> body) {
        int timeout = body.get("timeout") == null ? Math.max(config.jobTimeoutSeconds(), 300)
                : parseInt(String.valueOf(body.get("timeout")), "timeout");
        return new StateService.ApplyRequest(str(body, "target"), BodyFields.strings(body, "sls"),
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
            e.put("last_apply", metrics.runs().lastApply(i.id()).map(MasterRoutes::lastApply).orElse(null));
            e.put("drift", metrics.runs().lastDriftCheck(i.id()).map(MasterRoutes::driftCheck).orElse(null));
            out.add(e);
        }
        return out;
    }

    /** Every minion's last drift check (a test run of its highstate): when, and which resources would change. */
    private List<Map<String, Object>> drift() {
        return metrics.runs().driftChecks().stream().map(MasterRoutes::driftCheck).toList();
    }

    private static Map<String, Object> lastApply(dev.jsalt.master.drift.MinionRuns.LastApply a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jid", a.jid());
        m.put("ended_at", java.time.Instant.ofEpochMilli(a.endedAt()).toString());
        m.put("duration_seconds", a.durationSeconds());
        m.put("ok", a.ok());
        m.put("changed", a.changed());
        m.put("failed", a.failed());
        return m;
    }

    private static Map<String, Object> driftCheck(dev.jsalt.master.drift.MinionRuns.DriftCheck d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minion", d.minion());
        m.put("jid", d.jid());
        m.put("checked_at", java.time.Instant.ofEpochMilli(d.checkedAt()).toString());
        m.put("drifted", d.drifted());
        m.put("would_change", d.wouldChange());
        m.put("failed", d.failed());
        m.put("states", d.states());
        return m;
    }

    /**
     * Issues a one-time enrolment token for a minion id that has no accepted key (docs/security.md, "Enrolment"). The
     * answer is the only place the token ever appears; with it goes the master's fingerprint, which the new machine pins.
     */
    private Map<String, Object> enrol(Map<String, Object> body) {
        String id = str(body, "id");
        int ttl = parseInt(str(body, "ttl", "900"), "ttl");
        dev.jsalt.master.keys.EnrolmentIssuer.Grant grant;
        try {
            grant = enrolments.issue(id, java.time.Duration.ofSeconds(ttl));
        } catch (dev.jsalt.master.keys.EnrolmentIssuer.NameTaken e) {
            throw new ApiError(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new ApiError(500, e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", grant.issued().id());
        out.put("token", grant.issued().token());
        out.put("expires_at", grant.issued().expiresAt().toString());
        out.put("master_fingerprint", grant.masterFingerprint());
        return out;
    }

    private List<Map<String, Object>> enrolmentList() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (var e : keys.enrolments().list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("issued_at", e.issuedAt().toString());
            m.put("expires_at", e.expiresAt().toString());
            m.put("used_at", e.usedAt() == null ? null : e.usedAt().toString());
            m.put("used_by", e.usedBy());
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> revokeEnrolments(Map<String, Object> body) {
        List<String> revoked = new ArrayList<>();
        for (String id : BodyFields.strings(body, "ids")) if (keys.enrolments().revoke(id)) revoked.add(id);
        return Map.of("revoked", revoked);
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
