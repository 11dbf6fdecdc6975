package dev.jsalt.minion.state;

import dev.jsalt.minion.exec.CommandRunner;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Per-run context handed to every state function. Modules use {@link #memo} to read machine state once per run
 * (one dpkg-query for all packages, one read of ufw rules), and {@link #forget} after they change it.
 */
public final class RunContext {
    private final boolean test;
    private final CommandRunner commands;
    private final Map<String, Object> facts = new ConcurrentHashMap<>();
    private final Map<String, Object> grains;

    public RunContext(boolean test, CommandRunner commands, Map<String, Object> grains) {
        this.test = test;
        this.commands = commands;
        this.grains = grains == null ? Map.of() : grains;
    }

    /** Test mode: look and report, change nothing. */
    public boolean test() { return test; }

    public CommandRunner commands() { return commands; }

    public Map<String, Object> grains() { return grains; }

    /** Returns the cached value for {@code key}, computing it once per run. */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, Supplier<T> compute) {
        Object v = facts.get(key);
        if (v == null) {
            v = compute.get();
            facts.put(key, v);
        }
        return (T) v;
    }

    /** Drops a cached fact after the module changed what it describes. */
    public void forget(String key) { facts.remove(key); }
}
