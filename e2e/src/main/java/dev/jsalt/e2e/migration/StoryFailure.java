package dev.jsalt.e2e.migration;

/** A check of the migration story did not hold: the message says which check, and what was seen instead. */
public final class StoryFailure extends RuntimeException {
    public StoryFailure(String message) {
        super(message);
    }
}
