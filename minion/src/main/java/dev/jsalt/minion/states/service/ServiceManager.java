package dev.jsalt.minion.states.service;

import dev.jsalt.minion.exec.CommandResult;

/** How services are queried and controlled on this machine (systemd, or init scripts when PID 1 is something else). */
interface ServiceManager {

    /** For comments: "systemd" or "init scripts (PID 1 is X)". */
    String describe();

    /**
     * Drops what earlier states saw of {@code name} (another state may have started or installed it since); called
     * before each state looks, so answers are reused only within one state.
     */
    default void forget(String name) {
    }

    /** Null if the service exists, else why not. */
    String missing(String name);

    boolean running(String name);

    /** Whether the unit is masked (systemd only), so that nothing can start it. */
    default boolean masked(String name) { return false; }

    /** "running", or "not running" with what the manager knows of why (for comments). */
    default String state(String name) { return running(name) ? "running" : "not running"; }

    /** After a successful start command: whether the service runs and keeps running (not dying right after it). */
    default boolean startedAndStays(String name) { return running(name); }

    /** True/false, or null if this manager cannot tell (boot-time enabling is not managed without systemd). */
    Boolean enabled(String name);

    /** Whether {@link #enable}/{@link #disable} can do anything here. */
    boolean managesBoot();

    CommandResult control(String action, String name);
}
