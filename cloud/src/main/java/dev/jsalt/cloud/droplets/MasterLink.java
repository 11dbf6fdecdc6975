package dev.jsalt.cloud.droplets;

/**
 * What provisioning asks of the master (the CLI implements it over the master's HTTP API): a one-time enrolment for
 * a new machine's name, whether that machine has joined, its first state run, and clean-up after a destroy.
 */
public interface MasterLink {
    /** A token for {@code id}, valid {@code ttlSeconds}, and the master's fingerprint the machine pins. */
    record Enrolment(String token, String masterFingerprint) {
        @Override
        public String toString() { return "Enrolment[fingerprint=" + masterFingerprint + "]"; }
    }

    Enrolment enrol(String id, int ttlSeconds);

    /** True once the minion's key is accepted and it is connected. */
    boolean joined(String id);

    /**
     * Runs the highstate on {@code id}; answers null when it converged, else a one-line reason. Throws {@link Busy} when
     * the master refused to start it for now (its compile queue is full): nothing was started, and asking again later
     * is safe.
     */
    String highstate(String id);

    /** The master refused a request for load, before starting anything; the message is the master's. */
    final class Busy extends RuntimeException {
        public Busy(String message) {
            super(message);
        }
    }

    /** Withdraws an unused enrolment and deletes the minion's key (which purges its grains and mine data). */
    void forget(String id);
}
