package dev.jsalt.jinja;

/** An undefined value was used ({@code 'x' is undefined}, {@code 'dict object' has no attribute 'y'}). */
public final class UndefinedError extends TemplateRuntimeError {
    public UndefinedError(String message) {
        super(message);
    }

    @Override
    public String pythonClass() {
        return "UndefinedError";
    }
}
