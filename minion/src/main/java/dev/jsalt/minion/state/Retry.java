package dev.jsalt.minion.state;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Salt's {@code retry}: True, or {@code {attempts: 2, interval: 30, until: True, splay: 0}}. */
record Retry(int attempts, long interval, boolean until, long splay) {

    static Retry of(Object raw) {
        if (raw == null) return null;
        Boolean b = Args.truth(raw);
        if (b != null) return b ? new Retry(2, 30, true, 0) : null;
        if (!(raw instanceof Map<?, ?> m)) throw new IllegalArgumentException("retry must be true or a map of attempts, interval, until, splay");
        for (Object k : m.keySet()) {
            if (!java.util.Set.of("attempts", "interval", "until", "splay").contains(String.valueOf(k))) {
                throw new IllegalArgumentException("retry: unknown key '" + k + "' (attempts, interval, until, splay)");
            }
        }
        return new Retry((int) num(m.get("attempts"), 2), num(m.get("interval"), 30),
                m.get("until") == null || Boolean.TRUE.equals(Args.truth(m.get("until"))), num(m.get("splay"), 0));
    }

    private static long num(Object v, long dflt) {
        if (v == null) return dflt;
        try {
            long n = Long.parseLong(v.toString().trim());
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("retry: '" + v + "' is not a whole number >= 0");
    }

    /** Whether another attempt is wanted after {@code out}. */
    boolean wanted(StateOutcome out) { return !out.outcome().isFailure() != until; }

    long pauseMillis() {
        return interval * 1000 + (splay > 0 ? ThreadLocalRandom.current().nextLong(splay * 1000 + 1) : 0);
    }

    String describe() {
        return "The state would be retried every " + interval + " seconds (with a splay of up to " + splay
                + " seconds) a maximum of " + attempts + " times or until a result of " + (until ? "True" : "False")
                + " is returned";
    }
}
