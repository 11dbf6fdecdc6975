package dev.jsalt.minion.inventory;

/**
 * One part of a host's inventory (packages, services, ...). Each reads the machine on its own, so one that fails
 * (a missing tool, an unreadable file) is reported as that section's error and the others still answer.
 */
interface Section {
    /** The key in the inventory map, e.g. {@code packages}. */
    String name();

    /** A JSON-able value: maps, lists, strings, numbers, booleans. */
    Object collect(Host host) throws Exception;
}
