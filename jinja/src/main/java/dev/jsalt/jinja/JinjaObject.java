package dev.jsalt.jinja;

import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.PyObject;

/**
 * A host object templates may use: it exposes exactly the attributes {@link #getAttr} answers (never Java
 * reflection), prints as {@link #str()}, and is true unless {@link #truthy()} says otherwise. Implement
 * {@link JinjaCallable} as well to make it callable. Attribute names starting with {@code _} never reach it:
 * the sandbox refuses them first.
 */
public interface JinjaObject extends PyObject {
    @Override
    default Object getAttr(String name) {
        return Missing.MISSING;
    }

    @Override
    default String typeName() {
        return getClass().getSimpleName();
    }

    @Override
    default String typeModule() {
        return "jsalt";
    }

    @Override
    default String repr() {
        return "<" + typeName() + " object>";
    }
}
