package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyObject;

/** Jinja2's Namespace: attributes assignable from any scope with {@code {% set ns.x = ... %}}. */
public final class Namespace implements PyObject {
    private final PyDict attrs;

    public Namespace(PyDict attrs) {
        this.attrs = attrs;
    }

    public void set(String name, Object value) {
        attrs.put(name, value);
    }

    @Override
    public Object getAttr(String name) {
        return attrs.lookup(name);
    }

    @Override
    public boolean hasPrivate(String name) {
        return java.util.Set.of("_Namespace__attrs", "__setitem__").contains(name);
    }

    @Override
    public String typeName() {
        return "Namespace";
    }

    @Override
    public String typeModule() {
        return "jinja2.utils";
    }

    @Override
    public String repr() {
        return "<Namespace " + Py.repr(attrs) + ">";
    }
}
