package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyCallable;
import dev.jsalt.jinja.value.PyObject;

/** Jinja2's joiner(sep): empty on the first call, sep afterwards. */
public final class Joiner implements PyObject, PyCallable {
    private final Object sep;
    private boolean used;

    public Joiner(Object sep) {
        this.sep = sep;
    }

    @Override
    public Object call(Invocation call) {
        Args.count("Joiner.__call__", call.args(), 0, 0);
        if (!used) {
            used = true;
            return "";
        }
        return sep;
    }

    @Override
    public Object getAttr(String name) {
        return switch (name) {
            case "sep" -> sep;
            case "used" -> used;
            default -> Missing.MISSING;
        };
    }

    @Override
    public boolean hasPrivate(String name) {
        return java.util.Set.of("__call__").contains(name);
    }

    @Override
    public String typeName() {
        return "Joiner";
    }

    @Override
    public String typeModule() {
        return "jinja2.utils";
    }

    @Override
    public String repr() {
        return "<jinja2.utils.Joiner object at " + Py.fakeAddress(this) + ">";
    }
}
