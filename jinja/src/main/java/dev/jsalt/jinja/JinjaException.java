package dev.jsalt.jinja;

/**
 * Every failure of a parse or a render. A render never lets another Java exception escape: a bug in the engine
 * surfaces as a {@link TemplateRuntimeError} naming the Java exception, never as a ClassCastException.
 *
 * <p>{@link #getMessage()} is Jinja2's message text (what Python's {@code str(exc)} gives, without a location);
 * {@link #templateName()} and {@link #line()} say where: the innermost template whose code was running, as in
 * Jinja2's rewritten traceback. {@link #pythonClass()} is the Python exception class Jinja2 raises for the same
 * failure, which is how the differential tests compare errors.
 */
public abstract sealed class JinjaException extends RuntimeException
        permits TemplateSyntaxError, TemplateRuntimeError, TemplateNotFound, PythonError, LimitExceededError,
        RenderCancelledError, UnsupportedError {
    private String templateName;
    private int line;
    private boolean located;

    protected JinjaException(String message) {
        super(message, null, false, true);
    }

    protected JinjaException(String message, Throwable cause) {
        super(message, cause, false, true);
    }

    /** The Python exception class name Jinja2 raises for this failure ({@code "UndefinedError"}, {@code "TypeError"}, ...). */
    public abstract String pythonClass();

    /** The template (loader name) the failure happened in; null for a template made from a string. */
    public String templateName() {
        return templateName;
    }

    /** The 1-based template line, 0 when unknown. */
    public int line() {
        return line;
    }

    /** "name:line: message", the form a host shows to a template author. */
    public String describe() {
        String where = templateName == null ? "<template>" : templateName;
        return line > 0 ? where + ":" + line + ": " + getMessage() : where + ": " + getMessage();
    }

    /**
     * Records where the failure happened, once: the innermost template frame wins, as in Jinja2's traceback.
     * Returns this for {@code throw e.locate(...)}.
     */
    public JinjaException locate(String name, int lineno) {
        if (!located) {
            located = true;
            templateName = name;
            line = lineno;
        }
        return this;
    }

    /** True once a template location was recorded. */
    public boolean isLocated() {
        return located;
    }
}
