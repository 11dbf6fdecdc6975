package dev.jsalt.jinja;

/**
 * An operation failed the way the Python operation fails under Jinja2 ({@code 1 < 'a'} is a TypeError,
 * {@code 1 // 0} a ZeroDivisionError, {@code {}['x']} never raises but {@code [].pop()} is an IndexError). The
 * message is Python's where jsalt knows it.
 */
public final class PythonError extends JinjaException {
    /** The Python built-in exception classes jsalt raises. */
    public enum Kind {
        TypeError, ValueError, KeyError, IndexError, ZeroDivisionError, AttributeError, OverflowError,
        RecursionError, RuntimeError, AssertionError, LookupError, UnicodeError, NameError, SyntaxError
    }

    private final Kind kind;

    public PythonError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String pythonClass() {
        return kind.name();
    }
}
