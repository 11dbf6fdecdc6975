package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyCallable;
import dev.jsalt.jinja.value.PyObject;
import dev.jsalt.jinja.value.Undefined;

import java.util.List;

/** Jinja2's BlockReference: {@code super()} and {@code self.blockname()} render a block of the chain. */
public final class BlockReference implements PyObject, PyCallable {
    private final String name;
    private final Context context;
    private final List<BlockFn> stack;
    private final int depth;

    public BlockReference(String name, Context context, List<BlockFn> stack, int depth) {
        this.name = name;
        this.context = context;
        this.stack = stack;
        this.depth = depth;
    }

    @Override
    public Object call(Invocation call) {
        Args.noKwargs("BlockReference.__call__", call.kwargs());
        Args.count("BlockReference.__call__", call.args(), 0, 0);
        Out out = context.state().newOut();
        context.state().enter();
        try {
            stack.get(depth).runner.run(context, out);
        } finally {
            context.state().leave();
        }
        return out.result();
    }

    @Override
    public Object getAttr(String attr) {
        if (attr.equals("name")) {
            return name;
        }
        if (attr.equals("super")) {
            if (depth + 1 >= stack.size()) {
                return Undefined.hint("there is no parent block called " + Py.repr(name) + ".", "super");
            }
            return new BlockReference(name, context, stack, depth + 1);
        }
        return Missing.MISSING;
    }

    @Override
    public boolean hasPrivate(String name) {
        return java.util.Set.of("_context", "_stack", "_depth", "_async_call", "__call__").contains(name);
    }

    @Override
    public String typeName() {
        return "BlockReference";
    }

    @Override
    public String typeModule() {
        return "jinja2.runtime";
    }

    @Override
    public String repr() {
        return "<jinja2.runtime.BlockReference object at " + Py.fakeAddress(this) + ">";
    }
}
