package dev.jsalt.cli.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.cli.ApiClient;
import dev.jsalt.cloud.droplets.MasterLink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Provisioning's questions to the master, over its HTTP API (docs/api.md). */
final class ApiMasterLink implements MasterLink {
    private final ApiClient api;
    private final int highstateTimeout;

    ApiMasterLink(ApiClient api, int highstateTimeout) {
        this.api = api;
        this.highstateTimeout = highstateTimeout;
    }

    @Override
    public Enrolment enrol(String id, int ttlSeconds) {
        JsonNode r = api.post("/v1/enrolments", Map.of("id", id, "ttl", ttlSeconds));
        return new Enrolment(r.path("token").asText(), r.path("master_fingerprint").asText());
    }

    @Override
    public boolean joined(String id) {
        boolean accepted = false;
        for (JsonNode k : api.get("/v1/keys")) {
            if (id.equals(k.path("id").asText())) accepted = "accepted".equals(k.path("state").asText()) && k.path("connected").asBoolean();
        }
        return accepted;
    }

    @Override
    public String highstate(String id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", "L@" + id);
        body.put("sls", List.of());
        body.put("timeout", highstateTimeout);
        body.put("user", "jsalt-cloud");
        // Behind a run already going on the new machine (a reactor's, set off by its own key being accepted), not failed by it.
        body.put("queue", true);
        AtomicReference<String> failure = new AtomicReference<>("no result from " + id);
        try {
            streamApply(id, body, failure);
        } catch (ApiClient.ApiException e) {
            // 503: the compile queue is full and nothing was started (docs/api.md); the provisioner asks again.
            if (e.status() == 503) throw new Busy(e.getMessage());
            throw e;
        }
        return failure.get();
    }

    private void streamApply(String id, Map<String, Object> body, AtomicReference<String> failure) {
        api.stream("/v1/apply", body, e -> {
            if (!"result".equals(e.path("event").asText())) return;
            JsonNode r = e.path("result");
            if (!id.equals(r.path("minion").asText())) return;
            if ("RETURNED".equals(r.path("status").asText()) && r.path("retcode").asInt(1) == 0) {
                failure.set(null);
            } else {
                failure.set(r.path("status").asText() + ", retcode " + r.path("retcode").asText());
            }
        });
    }

    @Override
    public void forget(String id) {
        api.post("/v1/enrolments/revoke", Map.of("ids", List.of(id)));
        try {
            api.post("/v1/keys/delete", Map.of("ids", List.of(id)));
        } catch (ApiClient.ApiException e) {
            if (!e.getMessage().contains("no key for minion")) throw e;
        }
    }
}
