package dev.jsalt.jinja.value;

import dev.jsalt.jinja.Invocation;

/** Anything a template can call: macros, bound methods, builtin functions, host functions. */
public interface PyCallable {
    Object call(Invocation call);
}
