package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyCallable;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyObject;
import dev.jsalt.jinja.value.PyTuple;
import dev.jsalt.jinja.value.Undefined;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Jinja2's Macro: a callable template function (also what a call block's {@code caller} is). */
public final class Macro implements PyObject, PyCallable {
    /** Runs the compiled macro body with its bound arguments. */
    @FunctionalInterface
    public interface Body {
        String run(Frame closure, Object[] arguments);
    }

    private final Body body;
    private final Frame closure;
    private final String name;
    private final List<String> arguments;
    private final boolean catchKwargs;
    private final boolean catchVarargs;
    private final boolean caller;
    private final boolean explicitCaller;

    public Macro(Body body, Frame closure, String name, List<String> arguments, boolean catchKwargs, boolean catchVarargs, boolean caller) {
        this.body = body;
        this.closure = closure;
        this.name = name;
        this.arguments = arguments;
        this.catchKwargs = catchKwargs;
        this.catchVarargs = catchVarargs;
        this.caller = caller;
        this.explicitCaller = arguments.contains("caller");
    }

    @Override
    public Object call(Invocation call) {
        List<Object> args = call.args();
        Map<String, Object> kwargs = new LinkedHashMap<>(call.kwargs());
        int count = arguments.size();
        List<Object> bound = new ArrayList<>(args.subList(0, Math.min(count, args.size())));
        int off = bound.size();
        boolean foundCaller = false;
        if (off != count) {
            for (String arg : arguments.subList(bound.size(), count)) {
                Object value = kwargs.containsKey(arg) ? kwargs.remove(arg) : Missing.MISSING;
                if (arg.equals("caller")) {
                    foundCaller = true;
                }
                bound.add(value);
            }
        } else {
            foundCaller = explicitCaller;
        }
        if (caller && !foundCaller) {
            Object c = kwargs.remove("caller");
            if (c == null) {
                c = Undefined.hint("No caller defined", "caller");
            }
            bound.add(c);
        }
        if (catchKwargs) {
            PyDict d = new PyDict();
            d.putAll(kwargs);
            bound.add(d);
        } else if (!kwargs.isEmpty()) {
            if (kwargs.containsKey("caller")) {
                throw Py.typeError("macro " + Py.repr(name) + " was invoked with two values for the special caller argument."
                        + " This is most likely a bug.");
            }
            throw Py.typeError("macro " + Py.repr(name) + " takes no keyword argument " + Py.repr(kwargs.keySet().iterator().next()));
        }
        if (catchVarargs) {
            bound.add(args.size() > count ? PyTuple.ofList(args.subList(count, args.size())) : PyTuple.EMPTY);
        } else if (args.size() > count) {
            throw Py.typeError("macro " + Py.repr(name) + " takes not more than " + count + " argument(s)");
        }
        RenderState state = closure.state;
        state.enter();
        try {
            return body.run(closure, bound.toArray());
        } finally {
            state.leave();
        }
    }

    @Override
    public Object getAttr(String attr) {
        return switch (attr) {
            case "name" -> name;
            case "arguments" -> PyTuple.ofList(arguments);
            case "catch_kwargs" -> catchKwargs;
            case "catch_varargs" -> catchVarargs;
            case "caller" -> caller;
            case "explicit_caller" -> explicitCaller;
            default -> Missing.MISSING;
        };
    }

    @Override
    public boolean hasPrivate(String name) {
        return java.util.Set.of("_environment", "_func", "_argument_count", "_default_autoescape", "_invoke", "_async_invoke", "__call__").contains(name);
    }

    @Override
    public String typeName() {
        return "Macro";
    }

    @Override
    public String typeModule() {
        return "jinja2.runtime";
    }

    @Override
    public String repr() {
        return "<Macro " + (name == null ? "anonymous" : Py.repr(name)) + ">";
    }
}
