package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.PyObject;
import dev.jsalt.jinja.value.PyTuple;

import java.util.List;

/** groupby's {@code (grouper, list)} namedtuple: a tuple that also has the two attributes. */
public final class GroupTuple extends PyTuple implements PyObject {
    GroupTuple(Object grouper, List<Object> list) {
        super(new Object[] {grouper, list});
    }

    @Override
    public Object getAttr(String name) {
        return switch (name) {
            case "grouper" -> get(0);
            case "list" -> get(1);
            default -> Missing.MISSING;
        };
    }

    @Override
    public Object getItem(Object key) {
        return Missing.MISSING;
    }

    @Override
    public String typeName() {
        return "_GroupTuple";
    }

    @Override
    public String typeModule() {
        return "jinja2.filters";
    }

    @Override
    public String repr() {
        return dev.jsalt.jinja.value.Py.repr(PyTuple.of(get(0), get(1)));
    }
}
