package dev.jsalt.minion.state;

/**
 * The minion is stopping and handed this run over to the next minion process (which continues it where it stopped):
 * no further resource or command may start here. Not a failure of the resource; the run just ends in this process.
 */
public final class HandedOverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HandedOverException() {
        super("the minion is stopping; this run continues in the next minion process", null, false, false);
    }
}
