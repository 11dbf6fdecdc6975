package dev.jsalt.master.api;

/** A request the API refuses; becomes {@code {"error": message}} with the given HTTP status. */
public class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() { return status; }
}
