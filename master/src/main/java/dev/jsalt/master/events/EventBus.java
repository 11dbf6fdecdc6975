package dev.jsalt.master.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The master's event bus: key changes, minion starts, job returns, mine changes, minion events. The reactor and
 * {@code jsalt events} subscribe. Delivery is synchronous and best effort; a slow subscriber must hand off itself.
 */
public final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    /** An event: a slash-separated tag and a small JSON-able payload. */
    public record Event(String tag, Map<String, Object> data, long time) {
    }

    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    public Runnable subscribe(Consumer<Event> s) {
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    public void publish(String tag, Map<String, Object> data) {
        Event e = new Event(tag, data == null ? Map.of() : data, System.currentTimeMillis());
        log.debug("event {}", tag);
        for (Consumer<Event> s : subscribers) {
            try {
                s.accept(e);
            } catch (RuntimeException ex) {
                log.warn("event subscriber failed on {}: {}", tag, ex.toString());
            }
        }
    }
}
