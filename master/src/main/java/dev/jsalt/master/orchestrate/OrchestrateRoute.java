package dev.jsalt.master.orchestrate;

import dev.jsalt.master.api.ApiError;
import dev.jsalt.master.api.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/orchestrate} (streams NDJSON {@link OrchestrateEvent}s): body {@code {file, text, test, pillar, user}}.
 * The runbook is parsed before the response starts, so a bad one answers 400 with its file:line error; the run itself
 * goes on a thread of its own (it may take hours; the API's handler pool must stay free) and keeps going if the
 * client disconnects — a migration is not left half-done because a terminal closed.
 */
public final class OrchestrateRoute {
    private static final Logger log = LoggerFactory.getLogger(OrchestrateRoute.class);
    public static final String PATH = "/v1/orchestrate";
    private static final int MAX_TEXT = 1 << 20;

    private final Orchestrator orchestrator;

    public OrchestrateRoute(Orchestrator orchestrator) { this.orchestrator = orchestrator; }

    public boolean matches(Routes.Call call) { return call.method().equals("POST") && call.path().equals(PATH); }

    public void stream(Routes.Call call, Routes.Stream out) {
        // Thrown before the first line, a refusal is the API's 400 with the error (see ApiServer's streams).
        Orchestrator.Request req = request(call.body());
        orchestrator.check(req);
        Thread t = new Thread(() -> {
            try {
                orchestrator.run(req, out::accept);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.accept(Map.of("event", "error", "error", "orchestration interrupted (master stopping)"));
            } catch (RuntimeException e) {
                log.error("orchestration of {} failed", req.file(), e);
                out.accept(Map.of("event", "error", "error", String.valueOf(e.getMessage())));
            } finally {
                out.close();
            }
        }, "jsalt-orchestrate");
        t.setDaemon(true);
        t.start();
    }

    @SuppressWarnings("unchecked")
    static Orchestrator.Request request(Map<String, Object> body) {
        Object file = body.get("file");
        Object text = body.get("text");
        if (!(file instanceof String f) || f.isBlank()) throw new ApiError(400, "missing 'file' (the runbook's name)");
        if (!(text instanceof String t)) throw new ApiError(400, "missing 'text' (the runbook's content)");
        if (t.length() > MAX_TEXT) throw new ApiError(400, "runbook larger than " + MAX_TEXT + " characters");
        Object pillar = body.get("pillar");
        if (pillar != null && !(pillar instanceof Map)) throw new ApiError(400, "'pillar' must be a JSON object");
        Object user = body.get("user");
        return new Orchestrator.Request(f, t, dev.jsalt.master.api.BodyFields.flag(body, "test"),
                pillar == null ? Map.of() : new LinkedHashMap<>((Map<String, Object>) pillar), user == null ? "api" : String.valueOf(user));
    }
}
