package dev.jsalt.jinja;

import java.time.Duration;

/**
 * Bounds on one render (templates are hostile input for the master that renders them). Crossing one raises
 * {@link LimitExceededError} naming it. Checked cheaply: iterations and output on every step, the clock and
 * cancellation every few hundred steps and on every macro call, include and import.
 *
 * @param maxLoopIterations  for-loop iterations in the whole render (nested loops count each inner iteration)
 * @param maxOutputChars     characters of the output and of any one string a template builds
 * @param maxRecursionDepth  nesting of macro calls, includes, imports, extends and recursive loops
 * @param maxRangeLength     items one {@code range()} may produce (Jinja2's sandbox: 100000)
 * @param timeout            wall-clock time a render may take
 */
public record Limits(long maxLoopIterations, long maxOutputChars, int maxRecursionDepth, long maxRangeLength, Duration timeout) {
    public static final Limits DEFAULT = new Limits(1_000_000, 64L * 1024 * 1024, 100, 100_000, Duration.ofSeconds(30));

    public Limits {
        if (maxLoopIterations < 0 || maxOutputChars < 0 || maxRecursionDepth < 1 || maxRangeLength < 0 || timeout == null
                || timeout.isNegative()) {
            throw new IllegalArgumentException("invalid limits");
        }
    }

    public Limits withMaxLoopIterations(long v) {
        return new Limits(v, maxOutputChars, maxRecursionDepth, maxRangeLength, timeout);
    }

    public Limits withMaxOutputChars(long v) {
        return new Limits(maxLoopIterations, v, maxRecursionDepth, maxRangeLength, timeout);
    }

    public Limits withMaxRecursionDepth(int v) {
        return new Limits(maxLoopIterations, maxOutputChars, v, maxRangeLength, timeout);
    }

    public Limits withMaxRangeLength(long v) {
        return new Limits(maxLoopIterations, maxOutputChars, maxRecursionDepth, v, timeout);
    }

    public Limits withTimeout(Duration v) {
        return new Limits(maxLoopIterations, maxOutputChars, maxRecursionDepth, maxRangeLength, v);
    }
}
