package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyCallable;
import dev.jsalt.jinja.value.PyObject;

/** A method of a built-in value ({@code 'a'.upper}, {@code [].append}): Python's builtin_function_or_method. */
public final class BoundMethod implements PyObject, PyCallable {
    /** The method's implementation. */
    @FunctionalInterface
    public interface Impl {
        Object call(Object self, Invocation call);
    }

    private final Object self;
    private final String name;
    private final Impl impl;

    public BoundMethod(Object self, String name, Impl impl) {
        this.self = self;
        this.name = name;
        this.impl = impl;
    }

    public String name() {
        return name;
    }

    public Object self() {
        return self;
    }

    @Override
    public Object call(Invocation call) {
        return impl.call(self, call);
    }

    @Override
    public Object getAttr(String attr) {
        if (attr.equals("__self__")) {
            return self;
        }
        if (attr.equals("__name__")) {
            return name;
        }
        return Missing.MISSING;
    }

    @Override
    public boolean hasPrivate(String name) {
        return java.util.Set.of("__self__", "__name__", "__qualname__", "__module__", "__text_signature__", "__call__", "__doc__")
                .contains(name);
    }

    @Override
    public String typeName() {
        return "builtin_function_or_method";
    }

    @Override
    public String repr() {
        return "<built-in method " + name + " of " + Py.typeName(self) + " object at " + Py.fakeAddress(self) + ">";
    }
}
