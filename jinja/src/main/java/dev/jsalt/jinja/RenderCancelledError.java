package dev.jsalt.jinja;

/** The render was cancelled: its {@link CancelToken} was set or the rendering thread was interrupted. */
public final class RenderCancelledError extends JinjaException {
    public RenderCancelledError(String message) {
        super(message);
    }

    @Override
    public String pythonClass() {
        return "RenderCancelled";
    }
}
