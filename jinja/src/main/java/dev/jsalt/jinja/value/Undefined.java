package dev.jsalt.jinja.value;

import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.SecurityError;
import dev.jsalt.jinja.UndefinedError;

/**
 * Jinja2's Undefined. Salt's environment uses StrictUndefined ({@link #strict}): printing, iterating, testing
 * truth, comparing, arithmetic and attribute access all raise {@link UndefinedError}; only {@code is defined},
 * {@code default} and the like look at it. The implicit else of an inline {@code if} is a plain (lenient)
 * Undefined, as Jinja2 hard-codes, so {@code {{ 'a' if false }}} prints nothing even under StrictUndefined.
 */
public final class Undefined {
    private final String hint;
    private final Object obj;
    private final Object name;
    private final boolean security;
    private final boolean strict;

    private Undefined(String hint, Object obj, Object name, boolean security, boolean strict) {
        this.hint = hint;
        this.obj = obj;
        this.name = name;
        this.security = security;
        this.strict = strict;
    }

    /** {@code 'name' is undefined}. */
    public static Undefined name(String name) {
        return new Undefined(null, Missing.MISSING, name, false, true);
    }

    /** An attribute or item missing on {@code obj}. */
    public static Undefined missingOn(Object obj, Object name) {
        return new Undefined(null, obj, name, false, true);
    }

    /** An undefined value with its own message. */
    public static Undefined hint(String hint, Object name) {
        return new Undefined(hint, Missing.MISSING, name, false, true);
    }

    /** The sandbox's answer to an unsafe attribute: using it raises SecurityError. */
    public static Undefined unsafe(String hint, Object obj, String name) {
        return new Undefined(hint, obj, name, true, true);
    }

    /** The plain Undefined Jinja2 uses for an inline if without else. */
    public static Undefined lenient(String hint) {
        return new Undefined(hint, Missing.MISSING, null, false, false);
    }

    public boolean isStrict() {
        return strict;
    }

    /** Jinja2's {@code _undefined_message}. */
    public String message() {
        if (hint != null && !hint.isEmpty()) {
            return hint;
        }
        if (obj == Missing.MISSING) {
            return Py.repr(name) + " is undefined";
        }
        if (!(name instanceof String)) {
            return Py.objectTypeRepr(obj) + " has no element " + Py.repr(name);
        }
        return Py.repr(Py.objectTypeRepr(obj)) + " has no attribute " + Py.repr(name);
    }

    /** The exception using this value raises. */
    public JinjaException error() {
        return security ? new SecurityError(message()) : new UndefinedError(message());
    }

    /** Raises for an operation StrictUndefined refuses; a lenient Undefined allows it (returns normally). */
    public void failIfStrict() {
        if (strict) {
            throw error();
        }
    }

    @Override
    public String toString() {
        return "Undefined";
    }
}
