package dev.jsalt.master.keys;

/** Where a minion key stands. */
public enum KeyState {
    PENDING, ACCEPTED, REJECTED;

    public String dir() { return name().toLowerCase(java.util.Locale.ROOT); }
}
