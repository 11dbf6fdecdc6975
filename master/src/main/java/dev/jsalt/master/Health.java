package dev.jsalt.master;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The real state of each listener of the master (the minion channel, the ZAP handler, the key announcer, ZeroMQ's
 * I/O thread, the API), as {@code GET /v1/health} reports it: each component says "up" or why it is not, read live
 * from the component (its thread is alive, its socket is open), never a flag set once at start.
 */
public final class Health {
    private final Map<String, Supplier<String>> components = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    /** Registers a component whose state {@code probe} returns: "up", or a short reason it is not. */
    public void register(String name, Supplier<String> probe) { components.put(name, probe); }

    /** Records that {@code name} failed for good (a fatal error): it reports this reason from now on. */
    public void failed(String name, String reason) { failures.put(name, reason); }

    public Map<String, String> snapshot() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : components.keySet().stream().sorted().toList()) {
            String f = failures.get(name);
            String state;
            try {
                state = f != null ? "down: " + f : components.get(name).get();
            } catch (RuntimeException e) {
                state = "down: " + e;
            }
            out.put(name, state);
        }
        failures.forEach((k, v) -> out.putIfAbsent(k, "down: " + v));
        return out;
    }

    public boolean ok() { return snapshot().values().stream().allMatch("up"::equals); }
}
