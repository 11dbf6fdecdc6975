package dev.jsalt.cloud.droplets;

/**
 * A DigitalOcean call that failed, in one line: the call, the HTTP status and DigitalOcean's own {@code id} and
 * {@code message} (and {@code request_id} when given). Never carries the API token.
 */
public final class DoException extends RuntimeException {
    private final int status;
    private final String errorId;

    public DoException(String message, int status, String errorId) {
        super(message);
        this.status = status;
        this.errorId = errorId;
    }

    /** The HTTP status, 0 when no answer came (connection failed). */
    public int status() { return status; }

    /** DigitalOcean's error id ({@code not_found}, {@code unauthorized}, ...), or null. */
    public String errorId() { return errorId; }
}
