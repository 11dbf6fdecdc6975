package dev.jsalt.jinja.runtime;

/** Compiled template code: expressions and statements as closures over a {@link Frame}. */
public final class Code {
    private Code() {
    }

    /** Statement completion: normal, or a pending break/continue of the innermost loop. */
    public static final int NORMAL = 0;
    public static final int BREAK = 1;
    public static final int CONTINUE = 2;

    @FunctionalInterface
    public interface Ex {
        Object eval(Frame f);
    }

    @FunctionalInterface
    public interface St {
        int exec(Frame f, Out out);
    }
}
