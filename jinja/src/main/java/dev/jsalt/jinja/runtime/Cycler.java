package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyCallable;
import dev.jsalt.jinja.value.PyObject;
import dev.jsalt.jinja.value.PyTuple;

/** Jinja2's cycler(): {@code next()}, {@code current}, {@code reset()}. */
public final class Cycler implements PyObject {
    private final PyTuple items;
    private int pos;

    public Cycler(PyTuple items) {
        if (items.isEmpty()) {
            throw Py.error(dev.jsalt.jinja.PythonError.Kind.RuntimeError, "at least one item has to be provided");
        }
        this.items = items;
    }

    @Override
    public Object getAttr(String name) {
        return switch (name) {
            case "items" -> items;
            case "pos" -> (long) pos;
            case "current" -> items.get(pos);
            case "next" -> (PyCallable) call -> {
                Args.noKwargs("next", call.kwargs());
                Args.count("next", call.args(), 0, 0);
                Object rv = items.get(pos);
                pos = (pos + 1) % items.size();
                return rv;
            };
            case "reset" -> (PyCallable) call -> {
                Args.count("reset", call.args(), 0, 0);
                pos = 0;
                return null;
            };
            default -> Missing.MISSING;
        };
    }

    @Override
    public boolean hasPrivate(String name) {
        return java.util.Set.of("__next__").contains(name);
    }

    @Override
    public String typeName() {
        return "Cycler";
    }

    @Override
    public String typeModule() {
        return "jinja2.utils";
    }

    @Override
    public String repr() {
        return "<jinja2.utils.Cycler object at " + Py.fakeAddress(this) + ">";
    }
}
