package dev.jsalt.master.orchestrate;

import dev.jsalt.master.api.Routes;
import dev.jsalt.master.events.EventBus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An orchestration's events reach the bus under the run's jid, and its client as before, even a client gone. */
class OrchestrateBroadcastTest {
    @Test
    void eachEventGoesOnTheBusAndToTheClient() {
        EventBus bus = new EventBus();
        List<EventBus.Event> seen = new ArrayList<>();
        bus.subscribe(seen::add);
        List<Object> client = new ArrayList<>();
        OrchestrateBroadcast out = new OrchestrateBroadcast(new Routes.Stream() {
            @Override
            public void accept(Object o) {
                client.add(o);
                throw new IllegalStateException("the client went away"); // the bus has it already
            }

            @Override
            public void onClose(Runnable r) { }

            @Override
            public void close() { }
        }, bus, new OrchestrationProgress());
        String jid = "20261203120000000001";
        List<Object> events = List.of(new OrchestrateEvent.RunStarted(jid, "deploy.sls", false, List.of("db", "web")),
                new OrchestrateEvent.StepStarted("db", "salt.state", "role=db", "db", 1, 2),
                new OrchestrateEvent.StepFinished("db", new StepOutcome.Succeeded("db", List.of(), "ok")),
                Map.of("event", "error", "error", "not an orchestration event: the client's alone"));
        for (Object e : events) {
            try {
                out.accept(e);
            } catch (IllegalStateException expected) {
                // as the Orchestrator's sink does
            }
        }
        assertEquals(List.of("jsalt/orchestrate/" + jid + "/run_started", "jsalt/orchestrate/" + jid + "/step_started",
                "jsalt/orchestrate/" + jid + "/step_finished"), seen.stream().map(EventBus.Event::tag).toList());
        assertEquals("role=db", seen.get(1).data().get("target"));
        assertEquals(events, client);
    }
}
