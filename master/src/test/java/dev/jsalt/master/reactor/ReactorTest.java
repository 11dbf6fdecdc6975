package dev.jsalt.master.reactor;

import dev.jsalt.master.events.EventBus;
import dev.jsalt.master.metrics.MasterMetrics;
import dev.jsalt.master.states.StateService;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which events start which state runs, with the master's own event bus and timer; the runs are recorded, not made. */
class ReactorTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final EventBus events = new EventBus();
    private final List<StateService.ApplyRequest> ran = new CopyOnWriteArrayList<>();
    private final List<EventBus.Event> announced = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Reactor reactor(String yaml) {
        List<Object> raw = new org.yaml.snakeyaml.Yaml().load(yaml);
        events.subscribe(e -> {
            if (e.tag().startsWith("jsalt/reactor/")) announced.add(e);
        });
        return new Reactor(Reactor.parse(raw, "master.yaml"), r -> {
            ran.add(r);
            return "2026120400000000000" + ran.size();
        }, events, timer, new MasterMetrics());
    }

    /** A joining member fires "accepted" and then its mine's "tinc.host": the same states, so one run covers both. */
    @Test
    void rulesThatApplyTheSameStatesShareOneRun() throws Exception {
        reactor("""
                - {event: 'jsalt/key/*/accepted', apply: {target: 'role=app', sls: [firewall, vpn]}}
                - {event: 'jsalt/mine/*/tinc.host', apply: {target: 'role=app', sls: [firewall, vpn]}}
                - {event: 'jsalt/mine/*/tinc.host', apply: {target: 'role=app', sls: [vpn]}}
                """);
        events.publish("jsalt/key/s1/accepted", Map.of());
        events.publish("jsalt/mine/s1/tinc.host", Map.of());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
        Thread.sleep(2500); // past another settle time: nothing more comes
        assertEquals(2, ran.size(), ran.toString());
        assertEquals(List.of(List.of("firewall", "vpn"), List.of("vpn")), ran.stream().map(StateService.ApplyRequest::sls).sorted(
                (a, b) -> b.size() - a.size()).toList());
        // The run's event names the rule the first trigger matched.
        EventBus.Event shared = announced.stream().filter(e -> e.data().get("sls").equals(List.of("firewall", "vpn"))).findFirst().orElseThrow();
        assertEquals("jsalt/key/*/accepted", shared.data().get("rule"));
        assertEquals("jsalt/key/s1/accepted", shared.data().get("trigger"));
    }

    @Test
    void rulesOnDifferentTargetsKeepTheirOwnRuns() throws Exception {
        reactor("""
                - {event: 'jsalt/key/*/accepted', apply: {target: 'role=app', sls: [vpn]}}
                - {event: 'jsalt/key/*/accepted', apply: {target: 'role=db', sls: [vpn]}}
                """);
        events.publish("jsalt/key/s1/accepted", Map.of());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
        assertEquals(List.of("role=app", "role=db"), ran.stream().map(StateService.ApplyRequest::target).sorted().toList());
    }
}
