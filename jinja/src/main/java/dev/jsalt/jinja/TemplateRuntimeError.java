package dev.jsalt.jinja;

/** Jinja2's {@code TemplateRuntimeError}: a failure of the template engine's own runtime rules. */
public sealed class TemplateRuntimeError extends JinjaException permits UndefinedError, SecurityError, FilterArgumentError {
    public TemplateRuntimeError(String message) {
        super(message);
    }

    public TemplateRuntimeError(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String pythonClass() {
        return "TemplateRuntimeError";
    }
}
