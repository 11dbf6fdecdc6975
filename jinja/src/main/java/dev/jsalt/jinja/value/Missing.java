package dev.jsalt.jinja.value;

/**
 * Jinja2's {@code missing}: "no value at all", distinct from None (Java null). Never visible to templates: an
 * unassigned template variable reads as Undefined, an absent attribute as "no attribute".
 */
public final class Missing {
    public static final Missing MISSING = new Missing();

    private Missing() {
    }

    @Override
    public String toString() {
        return "missing";
    }
}
