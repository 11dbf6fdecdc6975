package dev.jsalt.jinja;

import dev.jsalt.jinja.value.PyCallable;

/**
 * A host function, filter or test. It receives the evaluated positional and keyword arguments (for a filter or
 * test the value is the first positional argument, as in Jinja2) and, through {@link Invocation#context()}, the
 * render context a Jinja2 {@code pass_context} function would get. Return any template value (see the README's
 * value model); throw a {@link JinjaException} (e.g. {@link PythonError}) to fail the render with a message.
 */
@FunctionalInterface
public interface JinjaCallable extends PyCallable {
}
