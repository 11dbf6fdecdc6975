package dev.jsalt.cloud.dns;

/** An answer of the Cloudflare API that is not a success, in one line: HTTP status, request, the API's errors. */
public final class CloudflareException extends DnsException {
    private final int status;

    public CloudflareException(int status, String request, String errors) {
        super("Cloudflare API: HTTP " + status + " on " + request + ": " + errors);
        this.status = status;
    }

    public CloudflareException(String message) {
        super("Cloudflare API: " + message);
        this.status = 0;
    }

    public CloudflareException(String message, Throwable cause) {
        super("Cloudflare API: " + message, cause);
        this.status = 0;
    }

    /** The HTTP status, 0 if there was no answer. */
    public int status() { return status; }
}
