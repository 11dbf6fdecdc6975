package dev.jsalt.master.jobs;

/**
 * One minion's part of a job.
 *
 * @param result the function's return value (already free of secrets: minions never echo them)
 */
public record MinionResult(String minion, MinionStatus status, Integer retcode, Object result, Double durationMillis,
                           long receivedAt) {

    public static MinionResult waiting(String minion) {
        return new MinionResult(minion, MinionStatus.WAITING, null, null, null, 0);
    }
}
