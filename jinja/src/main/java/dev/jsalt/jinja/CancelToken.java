package dev.jsalt.jinja;

/** Cooperative cancellation of renders: set it from any thread; renders using it stop with RenderCancelledError. */
public final class CancelToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
