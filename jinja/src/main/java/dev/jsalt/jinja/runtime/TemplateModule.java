package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyObject;

import java.util.Map;

/** Jinja2's TemplateModule: what {@code import} yields; exported names as attributes, the output as str(). */
public final class TemplateModule implements PyObject {
    private final String name;
    private final Map<String, Object> exported;
    private final String body;

    public TemplateModule(String name, Map<String, Object> exported, String body) {
        this.name = name;
        this.exported = exported;
        this.body = body;
    }

    public String name() {
        return name;
    }

    public String body() {
        return body;
    }

    @Override
    public Object getAttr(String attr) {
        if (exported.containsKey(attr)) {
            return exported.get(attr);
        }
        if (attr.equals("__name__")) {
            return name;
        }
        return Missing.MISSING;
    }

    @Override
    public boolean hasPrivate(String name) {
        return java.util.Set.of("_body_stream", "__name__", "__html__").contains(name);
    }

    @Override
    public String typeName() {
        return "TemplateModule";
    }

    @Override
    public String typeModule() {
        return "jinja2.environment";
    }

    @Override
    public String str() {
        return body;
    }

    @Override
    public String repr() {
        return "<TemplateModule " + (name == null ? "memory:" + Integer.toHexString(System.identityHashCode(this)) : Py.repr(name)) + ">";
    }
}
