package dev.jsalt.jinja.value;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** Python's range: lazy, printing as {@code range(0, 3)}. The sandbox caps its length (see Limits). */
public final class PyRange {
    private final long start;
    private final long stop;
    private final long step;
    private final long length;

    public PyRange(long start, long stop, long step) {
        this.start = start;
        this.stop = stop;
        this.step = step;
        long n;
        if (step > 0) {
            n = start < stop ? (stop - start - 1) / step + 1 : 0;
        } else {
            n = start > stop ? (start - stop - 1) / (-step) + 1 : 0;
        }
        this.length = n;
    }

    public long start() {
        return start;
    }

    public long stop() {
        return stop;
    }

    public long step() {
        return step;
    }

    public long length() {
        return length;
    }

    public long get(long i) {
        return start + i * step;
    }

    public boolean containsLong(long v) {
        if (step > 0 ? (v < start || v >= stop) : (v > start || v <= stop)) {
            return false;
        }
        return (v - start) % step == 0;
    }

    public Iterator<Object> iterator() {
        return new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return i < length;
            }

            @Override
            public Object next() {
                if (i >= length) {
                    throw new NoSuchElementException();
                }
                return get(i++);
            }
        };
    }

    public String repr() {
        return step == 1 ? "range(" + start + ", " + stop + ")" : "range(" + start + ", " + stop + ", " + step + ")";
    }
}
