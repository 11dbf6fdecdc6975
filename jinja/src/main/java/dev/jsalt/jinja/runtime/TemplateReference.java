package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyObject;

import java.util.List;

/** Jinja2's TemplateReference: the {@code self} variable; {@code self.name} is a block reference. */
public final class TemplateReference implements PyObject {
    private final Context context;

    public TemplateReference(Context context) {
        this.context = context;
    }

    @Override
    public Object getAttr(String name) {
        return Missing.MISSING;
    }

    @Override
    public Object getItem(Object key) {
        if (!(key instanceof String name)) {
            return Missing.MISSING;
        }
        List<BlockFn> blocks = context.blocks.get(name);
        if (blocks == null) {
            return Missing.MISSING;
        }
        return new BlockReference(name, context, blocks, 0);
    }

    @Override
    public boolean hasPrivate(String name) {
        return java.util.Set.of("_TemplateReference__context", "__getitem__").contains(name);
    }

    @Override
    public String typeName() {
        return "TemplateReference";
    }

    @Override
    public String typeModule() {
        return "jinja2.runtime";
    }

    @Override
    public String repr() {
        return "<TemplateReference " + Py.repr(context.templateName()) + ">";
    }
}
