package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.LimitExceededError;

/** Output being rendered (the template's, or a macro's or a set block's buffer), bounded by the render's limit. */
public final class Out {
    private final StringBuilder sb = new StringBuilder(256);
    private final long limit;

    public Out(long limit) {
        this.limit = limit;
    }

    public void write(String s) {
        if (sb.length() + (long) s.length() > limit) {
            throw new LimitExceededError("max output characters", limit);
        }
        sb.append(s);
    }

    public int length() {
        return sb.length();
    }

    public String result() {
        return sb.toString();
    }
}
