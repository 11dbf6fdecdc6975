package dev.jsalt.master.jobs;

/**
 * One minion's part of a job.
 *
 * @param result the function's return value (already free of secrets: minions never echo them)
 */
public record MinionResult(String minion, MinionStatus status, Integer retcode, Object result, Double durationMillis,
                           long receivedAt) {

    /** The same without the result tree: who returned how, what a finished job keeps in memory. */
    public MinionResult summary() {
        return result == null ? this : new MinionResult(minion, status, retcode, null, durationMillis, receivedAt);
    }

    public static MinionResult waiting(String minion) {
        return new MinionResult(minion, MinionStatus.WAITING, null, null, null, 0);
    }
}
