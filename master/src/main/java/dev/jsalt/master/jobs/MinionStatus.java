package dev.jsalt.master.jobs;

/** How each expected minion of a job ended. */
public enum MinionStatus {
    /** Still expected. */
    WAITING,
    /** Returned and succeeded. */
    RETURNED,
    /** Returned and reported failure. */
    FAILED,
    /** Connected when the job was sent but did not return before the timeout. */
    NO_RESPONSE,
    /** Not connected when the job was sent; nothing was sent to it. */
    NOT_CONNECTED,
    /** Returned after the job had timed out; kept, and reported as late. */
    LATE,
    /** Its connection ended while the job was running (the minion died, was killed or lost its network). */
    DISCONNECTED;

    public boolean ok() { return this == RETURNED; }

    public String label() {
        return switch (this) {
            case WAITING -> "waiting";
            case RETURNED -> "returned";
            case FAILED -> "failed";
            case NO_RESPONSE -> "no response";
            case NOT_CONNECTED -> "not connected";
            case LATE -> "late";
            case DISCONNECTED -> "connection lost";
        };
    }
}
