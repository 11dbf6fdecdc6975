package dev.jsalt.jinja.value;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A one-shot Python iterator: what {@code map}, {@code select}, {@code unique}, {@code batch}, {@code reverse}...
 * return. Always true, has no len(), empties when consumed, prints as {@code <generator object sync_do_map at 0x...>}
 * (the address is not reproducible, as in Python).
 */
public final class PyIter implements Iterator<Object> {
    private final String typeName;
    private final String qualName;
    private final Iterator<Object> source;

    /** A generator object of the named function. */
    public static PyIter generator(String function, Iterator<Object> source) {
        return new PyIter("generator", function, source);
    }

    /** A built-in iterator type ({@code list_reverseiterator}, ...). */
    public static PyIter of(String typeName, Iterator<Object> source) {
        return new PyIter(typeName, null, source);
    }

    private PyIter(String typeName, String qualName, Iterator<Object> source) {
        this.typeName = typeName;
        this.qualName = qualName;
        this.source = source;
    }

    public String typeName() {
        return typeName;
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public Object next() {
        if (!source.hasNext()) {
            throw new NoSuchElementException();
        }
        return source.next();
    }

    public String repr() {
        String at = " at " + Py.fakeAddress(this) + ">";
        return qualName != null ? "<generator object " + qualName + at : "<" + typeName + " object" + at;
    }
}
