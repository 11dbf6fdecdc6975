package dev.jsalt.minion.state;

/** Another state run holds the minion's state lock for longer than the caller was willing to wait. */
public final class StateRunBusyException extends Exception {
    private final String runningJid;

    public StateRunBusyException(String runningJid, String message) {
        super(message);
        this.runningJid = runningJid;
    }

    /** The job id of the run holding the lock, or "unknown" if it did not record one. */
    public String runningJid() { return runningJid; }
}
