package dev.jsalt.jinja;

/**
 * A Python/Jinja2 feature jsalt's engine deliberately does not implement (bytes from {@code str.encode}, complex
 * numbers, ...). Raised instead of producing output that could differ from Jinja2's.
 */
public final class UnsupportedError extends JinjaException {
    public UnsupportedError(String what) {
        super("not supported by jsalt's Jinja engine: " + what);
    }

    @Override
    public String pythonClass() {
        return "Unsupported";
    }
}
