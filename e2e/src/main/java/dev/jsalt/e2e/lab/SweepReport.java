package dev.jsalt.e2e.lab;

import java.util.List;

/**
 * What {@link Lab#sweep()} removed.
 *
 * @param labs   leftover labs torn down (state dir found)
 * @param netns  {@code jlab-*} namespaces deleted, with or without a state dir
 * @param pids   processes killed (host inits and anything left in the namespaces)
 * @param mounts root-namespace mounts removed
 * @param kept   labs left alone because they are live (their owner runs, or they were built detached)
 */
public record SweepReport(List<String> labs, List<String> netns, List<Long> pids, List<String> mounts, List<String> kept) {
    public boolean empty() { return labs.isEmpty() && netns.isEmpty() && pids.isEmpty() && mounts.isEmpty(); }
}
