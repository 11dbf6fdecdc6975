package dev.jsalt.e2e.lab;

/** Something in the lab could not be built, reached or torn down; the message says which host and command. */
public class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
