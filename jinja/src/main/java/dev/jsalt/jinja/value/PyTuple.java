package dev.jsalt.jinja.value;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Python's tuple: immutable, distinct from list (a list never equals a tuple, they print differently). It is a
 * {@link List} so hosts can read it like one; the engine always checks for PyTuple before List.
 */
public class PyTuple extends AbstractList<Object> implements RandomAccess {
    public static final PyTuple EMPTY = new PyTuple(new Object[0]);
    private final Object[] items;

    protected PyTuple(Object[] items) {
        this.items = items;
    }

    public static PyTuple of(Object... items) {
        return items.length == 0 ? EMPTY : new PyTuple(items.clone());
    }

    public static PyTuple ofList(List<?> items) {
        return items.isEmpty() ? EMPTY : new PyTuple(items.toArray());
    }

    /** Wraps without copying: the caller hands over the array. */
    public static PyTuple wrap(Object[] items) {
        return items.length == 0 ? EMPTY : new PyTuple(items);
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    public Object[] toArrayUnsafe() {
        return items;
    }

    // Identity-free structural equality for Java callers; templates use Py.eq (Python semantics).
    @Override
    public boolean equals(Object o) {
        return o instanceof PyTuple t && Arrays.equals(items, t.items);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(items);
    }

    @Override
    public String toString() {
        return Py.repr(this);
    }
}
