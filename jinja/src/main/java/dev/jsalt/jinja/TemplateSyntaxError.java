package dev.jsalt.jinja;

/**
 * The template cannot be parsed or compiled: Jinja2's {@code TemplateSyntaxError}, or its subclass
 * {@code TemplateAssertionError} (compile-time checks such as an unknown filter) when {@link #isAssertion()}.
 * Constructs jsalt's engine refuses on purpose (an {@code autoescape} block that turns escaping on) are syntax
 * errors whose message names the construct.
 */
public final class TemplateSyntaxError extends JinjaException {
    private final boolean assertion;

    public TemplateSyntaxError(String message, int lineno, String name) {
        this(message, lineno, name, false);
    }

    public TemplateSyntaxError(String message, int lineno, String name, boolean assertion) {
        super(message);
        this.assertion = assertion;
        locate(name, lineno);
    }

    public boolean isAssertion() {
        return assertion;
    }

    @Override
    public String pythonClass() {
        return assertion ? "TemplateAssertionError" : "TemplateSyntaxError";
    }
}
