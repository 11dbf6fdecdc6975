package dev.jsalt.e2e.migration;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition the lab cannot announce (a file written in a host, a port answering): checks every
 * {@code every}, fails with {@code what} after {@code max}. Awaitility is a test dependency; the story also runs
 * from {@code jsalt demo --lab}.
 */
final class Poll {
    private Poll() {
    }

    static void until(String what, Duration max, Duration every, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new StoryFailure("timed out after " + max.toSeconds() + " s waiting for: " + what);
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoryFailure("interrupted waiting for: " + what);
            }
        }
    }
}
