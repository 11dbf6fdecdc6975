package dev.jsalt.master.orchestrate;

import dev.jsalt.common.json.Json;
import dev.jsalt.master.api.Routes;
import dev.jsalt.master.events.EventBus;

import java.util.Map;

/**
 * An orchestration's progress for everyone, not only the client that started it: each event also goes on the event
 * bus as {@code jsalt/orchestrate/<jid>/<event>} (run_started, step_started, minion, waiting, step_finished,
 * run_finished), and into the run's {@link OrchestrationProgress}, which the dashboard's page of the run replays and
 * follows. A run outlives its client, and so do these events.
 */
public final class OrchestrateBroadcast implements Routes.Stream {
    private final Routes.Stream client;
    private final EventBus bus;
    private final OrchestrationProgress progress;
    private volatile String jid;

    public OrchestrateBroadcast(Routes.Stream client, EventBus bus, OrchestrationProgress progress) {
        this.client = client;
        this.bus = bus;
        this.progress = progress;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void accept(Object value) {
        if (value instanceof OrchestrateEvent.RunStarted s) jid = s.jid();
        // The bus first: a client that went away must not keep the others from seeing the run.
        if (value instanceof OrchestrateEvent e && jid != null) {
            Map<String, Object> data = Json.convert(e, Map.class);
            bus.publish("jsalt/orchestrate/" + jid + "/" + data.get("event"), data);
            progress.record(jid, e);
        }
        client.accept(value);
    }

    @Override
    public void onClose(Runnable r) { client.onClose(r); }

    @Override
    public void close() { client.close(); }
}
