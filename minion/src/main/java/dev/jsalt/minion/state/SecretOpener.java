package dev.jsalt.minion.state;

/**
 * Opens a secret the master sealed to this minion's key ({@code {"$sealed": "..."}} in resource args).
 * The crypto layer provides the real implementation; the engine only knows this interface so it never holds keys.
 */
@FunctionalInterface
public interface SecretOpener {

    /** Returns the clear value (usually a String) of {@code sealed}; throws if it cannot be opened. */
    Object open(String sealed) throws Exception;

    /** For runs without a minion key (e.g. {@link LocalApply}): every sealed value fails its resource. */
    static SecretOpener refusing() {
        return sealed -> {
            throw new IllegalStateException("sealed secret cannot be opened here: no minion key available");
        };
    }
}
