package dev.jsalt.jinja;

/** The sandbox refused an access ({@code access to attribute '__class__' of 'int' object is unsafe.}). */
public final class SecurityError extends TemplateRuntimeError {
    public SecurityError(String message) {
        super(message);
    }

    @Override
    public String pythonClass() {
        return "SecurityError";
    }
}
