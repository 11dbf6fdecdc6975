package dev.jsalt.minion.state;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Per-run context handed to every state function. Modules use {@link #memo} to read machine state once per run
 * (one dpkg-query for all packages, one read of ufw rules), and {@link #forget} after their actions change it.
 *
 * <p>Whether the run is a test run is known to the {@link StateEngine} only: there is deliberately no public accessor,
 * so a state module cannot branch on it (it returns a {@link Plan}, which the engine applies or not). What a test run
 * did not do but later states should take into account is available as {@link #pending(String)}.
 */
public final class RunContext {
    /** Where a minion keeps its own state when the daemon does not say otherwise. */
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/jsalt/minion");

    private final boolean test;
    private final CommandRunner commands;
    private final Map<String, Object> facts = new ConcurrentHashMap<>();
    private final Map<String, Object> grains;
    private final Path stateDir;
    /** resource key → names of args that were sealed; modules hide these from changes and diffs. */
    private final Map<String, Set<String>> secretArgs = new ConcurrentHashMap<>();

    public RunContext(boolean test, CommandRunner commands, Map<String, Object> grains) {
        this(test, commands, grains, DEFAULT_STATE_DIR);
    }

    /**
     * @param stateDir the minion's own directory (root_dir); file backups go under {@code stateDir/file_backup}
     */
    public RunContext(boolean test, CommandRunner commands, Map<String, Object> grains, Path stateDir) {
        this.test = test;
        this.commands = commands == null ? null : StateCommands.of(commands);
        this.grains = grains == null ? Map.of() : grains;
        this.stateDir = stateDir == null ? DEFAULT_STATE_DIR : stateDir;
    }

    /** Test mode: look and report, change nothing. Package-private on purpose: modules must not know. */
    boolean test() { return test; }

    /** Promises of plans a test run did not apply, by kind (see {@link Plan.Promise}). */
    private final Map<String, java.util.List<Object>> pending = new ConcurrentHashMap<>();

    /**
     * What earlier states of this run would have established but did not, because the run is a test run
     * ({@link Plan.Changes#promises()} of unapplied plans), e.g. the ufw rules earlier {@code ufw.rule} states would
     * have added. Always empty in a real run, where those plans were applied (or failed).
     */
    public java.util.List<Object> pending(String kind) {
        java.util.List<Object> l = pending.get(kind);
        return l == null ? java.util.List.of() : java.util.List.copyOf(l);
    }

    /** Called by the engine for each promise of a plan it did not apply. */
    void pend(String kind, Object value) {
        pending.computeIfAbsent(kind, k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>())).add(value);
    }

    /**
     * Runs the commands of states: each in a transient systemd scope of its own where systemd is PID 1, unless the
     * state marks it {@link CommandSpec#unscoped()} (read-only queries).
     */
    public CommandRunner commands() { return commands; }

    private volatile java.util.function.BooleanSupplier gate = () -> true;

    /** Set by the job that runs this context: false once the job was handed over to the next minion process. */
    public void gate(java.util.function.BooleanSupplier mayContinue) { this.gate = mayContinue; }

    /** Whether the run may start another resource or command (see {@link #gate}). */
    public boolean mayContinue() { return gate.getAsBoolean(); }

    public Map<String, Object> grains() { return grains; }

    public Path stateDir() { return stateDir; }

    /** Where file states keep copies of replaced files ({@code backup: minion}). */
    public Path backupDir() { return stateDir.resolve("file_backup"); }

    /** Runs a command; an exec failure (program missing) becomes an unchecked exception the engine reports. */
    public CommandResult run(CommandSpec spec) {
        if (!mayContinue()) throw new HandedOverException();
        try {
            return commands.run(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + spec.argv().get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Returns the cached value for {@code key}, computing it once per run. */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, Supplier<T> compute) {
        Object v = facts.get(key);
        if (v == null) {
            v = compute.get();
            // A fact that is "nothing" is still a fact: remember it too (the map cannot hold null).
            facts.put(key, v == null ? NONE : v);
        }
        return v == NONE ? null : (T) v;
    }

    private static final Object NONE = new Object();

    /** Drops a cached fact after the module changed what it describes. */
    public void forget(String key) { facts.remove(key); }

    /** Called by the engine: {@code arg} of {@code resource} arrived sealed. */
    public void markSecret(Resource resource, String arg) {
        secretArgs.computeIfAbsent(resource.key(), k -> ConcurrentHashMap.newKeySet()).add(arg);
    }

    /** True if {@code arg} of {@code resource} was a sealed secret: never show it in changes, diffs or comments. */
    public boolean isSecret(Resource resource, String arg) {
        Set<String> s = secretArgs.get(resource.key());
        return s != null && s.contains(arg);
    }
}
