package dev.jsalt.master.compile;

/**
 * The cancellation hook of one compile: a flag that anyone may raise (the API raises it when the client that asked for
 * the compile goes away) and a deadline. Everything that can run long while compiling calls {@link #check()} at its
 * natural steps — the compiler between minions and SLS files, the YAML loader, the include resolver, and the template
 * engine in its loops — and stops with {@link Cancelled} once the flag is up or the deadline has passed.
 *
 * <p>The control in force is passed down explicitly where a signature carries it, and is also installed for the
 * compiling thread ({@link #runWith}), so that code deep in the render layer reaches it with {@link #current()} without
 * every signature in between changing. Outside a compile, {@link #current()} is a control that never cancels.
 */
public final class CompileControl {
    private static final ThreadLocal<CompileControl> CURRENT = new ThreadLocal<>();
    private static final CompileControl NONE = new CompileControl(Long.MAX_VALUE / 4_000_000);

    private final long deadlineNanos;
    private final long timeoutMillis;
    private volatile String cancelled;
    /** Renders poll this one (the Jinja layer knows nothing of compiles): raised with the flag. */
    private final dev.jsalt.jinja.CancelToken renderToken = new dev.jsalt.jinja.CancelToken();

    /** @param timeoutMillis the compile's wall-time budget from now */
    public CompileControl(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
    }

    /** Raises the flag: the compile stops at its next check with {@code reason}. */
    public void cancel(String reason) {
        if (cancelled == null) cancelled = reason;
        renderToken.cancel();
    }

    /** The token a template render of this compile stops on. */
    public dev.jsalt.jinja.CancelToken renderToken() { return renderToken; }

    public boolean isCancelled() { return cancelled != null || System.nanoTime() - deadlineNanos > 0; }

    /** Throws {@link Cancelled} if the compile was cancelled or ran past its deadline. Cheap: call it often. */
    public void check() {
        String c = cancelled;
        if (c != null) throw new Cancelled("compile cancelled: " + c);
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new Cancelled("compile stopped: it ran past its wall-time limit of " + timeoutMillis / 1000 + " s");
        }
    }

    /** The control of the compile running on this thread, or one that never cancels. */
    public static CompileControl current() {
        CompileControl c = CURRENT.get();
        return c == null ? NONE : c;
    }

    /** Runs {@code body} with {@code control} as this thread's {@link #current()}. */
    public static void runWith(CompileControl control, Runnable body) {
        CompileControl previous = CURRENT.get();
        CURRENT.set(control);
        try {
            body.run();
        } finally {
            if (previous == null) CURRENT.remove();
            else CURRENT.set(previous);
        }
    }

    /** A compile stopped by its control: the client went away, or it ran out of time. */
    public static final class Cancelled extends RuntimeException {
        public Cancelled(String message) {
            super(message);
        }
    }
}
