package dev.jsalt.jinja.compile;

import dev.jsalt.jinja.runtime.Frame;

/** A compiled assignment target (a name, or a tuple of targets to unpack into). */
@FunctionalInterface
interface Assigner {
    void assign(Frame f, Object value);
}
