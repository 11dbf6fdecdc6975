package dev.jsalt.jinja;

/**
 * A render crossed one of the environment's {@link Limits} (templates are hostile input). Names the bound and
 * its value, e.g. {@code limit exceeded: max loop iterations (1000000)}.
 */
public final class LimitExceededError extends JinjaException {
    private final String limit;
    private final long value;

    public LimitExceededError(String limit, long value) {
        super("limit exceeded: " + limit + " (" + value + ")");
        this.limit = limit;
        this.value = value;
    }

    public LimitExceededError(String limit, long value, String detail) {
        super("limit exceeded: " + limit + " (" + value + "): " + detail);
        this.limit = limit;
        this.value = value;
    }

    /** The bound's name ("max loop iterations", "max output characters", "max recursion depth", ...). */
    public String limit() {
        return limit;
    }

    /** The bound's configured value. */
    public long value() {
        return value;
    }

    @Override
    public String pythonClass() {
        return "LimitExceeded";
    }
}
