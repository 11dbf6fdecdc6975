package dev.jsalt.jinja.value;

/**
 * A runtime object with Python attributes (loop, namespace, macro, module, cycler, ...). Host Java objects are
 * never reflected upon: a host that wants attributes implements {@link dev.jsalt.jinja.JinjaObject}.
 */
public interface PyObject {
    /** The attribute, or {@link Missing#MISSING} when Python's getattr would raise AttributeError. */
    Object getAttr(String name);

    /** Python's {@code type(obj).__name__}. */
    String typeName();

    /** Python's {@code type(obj).__module__} ("builtins" for built-in types). */
    default String typeModule() {
        return "builtins";
    }

    /** Python's {@code repr(obj)}. */
    String repr();

    /** Python's {@code str(obj)} (repr unless the type defines {@code __str__}). */
    default String str() {
        return repr();
    }

    /** Python's {@code bool(obj)}. */
    default boolean truthy() {
        return true;
    }

    /** Python's {@code obj[key]}: the value, or {@link Missing#MISSING} when the type is not subscriptable. */
    default Object getItem(Object key) {
        return Missing.MISSING;
    }

    /** True when Python's getattr finds this underscore-prefixed name (the sandbox then refuses it as unsafe). */
    default boolean hasPrivate(String name) {
        return false;
    }

    /** Python's {@code callable(obj)}. */
    default boolean isCallable() {
        return this instanceof PyCallable;
    }
}
