package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyCallable;
import dev.jsalt.jinja.value.PyObject;
import dev.jsalt.jinja.value.PyTuple;
import dev.jsalt.jinja.value.Undefined;

import java.util.Iterator;
import java.util.List;

/** Jinja2's LoopContext: the {@code loop} variable (index, first, last, length, cycle, changed, recursion...). */
public final class LoopContext implements PyObject, PyCallable {
    /** Renders the loop body again for a nested iterable (recursive loops). */
    @FunctionalInterface
    public interface Recurse {
        String call(Object iterable, int depth);
    }

    private final Object iterable;
    private Iterator<Object> iterator;
    private long index0 = -1;
    private long length = -1;
    private Object after = Missing.MISSING;
    private Object current = Missing.MISSING;
    private Object before = Missing.MISSING;
    private Object lastChanged = Missing.MISSING;
    private final Recurse recurse;
    private final int depth0;

    public LoopContext(Object iterable, Iterator<Object> iterator, Recurse recurse, int depth0) {
        this.iterable = iterable;
        this.iterator = iterator;
        this.recurse = recurse;
        this.depth0 = depth0;
    }

    public long length() {
        if (length >= 0) {
            return length;
        }
        if (Py.hasLen(iterable)) {
            length = Py.len(iterable);
        } else {
            List<Object> rest = new java.util.ArrayList<>();
            iterator.forEachRemaining(rest::add);
            iterator = rest.iterator();
            length = rest.size() + index() + (after != Missing.MISSING ? 1 : 0);
        }
        return length;
    }

    public long index() {
        return index0 + 1;
    }

    private Object peekNext() {
        if (after != Missing.MISSING) {
            return after;
        }
        after = iterator.hasNext() ? iterator.next() : Missing.MISSING;
        return after;
    }

    /** Advances; false when exhausted. The item is then {@link #currentItem()}. */
    public boolean advance() {
        Object rv;
        if (after != Missing.MISSING) {
            rv = after;
            after = Missing.MISSING;
        } else if (iterator.hasNext()) {
            rv = iterator.next();
        } else {
            return false;
        }
        index0++;
        before = current;
        current = rv;
        return true;
    }

    public Object currentItem() {
        return current;
    }

    @Override
    public Object getAttr(String name) {
        return switch (name) {
            case "index0" -> index0;
            case "index" -> index();
            case "length" -> length();
            case "revindex0" -> length() - index();
            case "revindex" -> length() - index0;
            case "first" -> index0 == 0;
            case "last" -> peekNext() == Missing.MISSING;
            case "depth" -> (long) depth0 + 1;
            case "depth0" -> (long) depth0;
            case "previtem" -> index0 == 0 ? Undefined.hint("there is no previous item", null) : before;
            case "nextitem" -> {
                Object rv = peekNext();
                yield rv == Missing.MISSING ? Undefined.hint("there is no next item", null) : rv;
            }
            case "cycle" -> (PyCallable) this::cycle;
            case "changed" -> (PyCallable) this::changed;
            case "__len__" -> length();
            default -> Missing.MISSING;
        };
    }

    private Object cycle(Invocation call) {
        dev.jsalt.jinja.value.Args.noKwargs("cycle", call.kwargs());
        List<Object> args = call.args();
        if (args.isEmpty()) {
            throw Py.typeError("no items for cycling given");
        }
        return args.get((int) (index0 % args.size()));
    }

    private Object changed(Invocation call) {
        dev.jsalt.jinja.value.Args.noKwargs("changed", call.kwargs());
        PyTuple value = PyTuple.ofList(call.args());
        if (lastChanged == Missing.MISSING || !Py.eq(lastChanged, value)) {
            lastChanged = value;
            return true;
        }
        return false;
    }

    @Override
    public Object call(Invocation call) {
        if (recurse == null) {
            throw Py.typeError("The loop must have the 'recursive' marker to be called recursively.");
        }
        dev.jsalt.jinja.value.Args.noKwargs("LoopContext.__call__", call.kwargs());
        if (call.args().size() != 1) {
            throw Py.typeError("LoopContext.__call__() takes 2 positional arguments but " + (call.args().size() + 1) + " were given");
        }
        return recurse.call(call.args().get(0), depth0 + 1);
    }

    @Override
    public boolean hasPrivate(String name) {
        return java.util.Set.of("_iterable", "_iterator", "_undefined", "_recurse", "_length", "_after", "_current", "_before", "_last_changed_value", "_peek_next", "_to_iterator", "__call__", "__iter__", "__next__", "__len__").contains(name);
    }

    @Override
    public String typeName() {
        return "LoopContext";
    }

    @Override
    public String typeModule() {
        return "jinja2.runtime";
    }

    @Override
    public String repr() {
        return "<LoopContext " + index() + "/" + length() + ">";
    }

    @Override
    public boolean truthy() {
        return length() != 0;
    }
}
