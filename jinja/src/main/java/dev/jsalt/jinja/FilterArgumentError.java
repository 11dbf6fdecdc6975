package dev.jsalt.jinja;

/** A filter was given arguments it cannot work with (Jinja2's {@code FilterArgumentError}). */
public final class FilterArgumentError extends TemplateRuntimeError {
    public FilterArgumentError(String message) {
        super(message);
    }

    @Override
    public String pythonClass() {
        return "FilterArgumentError";
    }
}
