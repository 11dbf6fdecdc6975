package dev.jsalt.common.catalog;

/** Who deals with a declared argument. */
public enum Handling {
    /** The state module on the minion reads it. */
    MINION,
    /** The master's compiler consumes it (e.g. {@code source: salt://}, {@code template}); it never reaches the minion. */
    MASTER,
    /** The minion's state engine handles it for every state (guards, retry, check_cmd). */
    ENGINE,
    /** Accepted and ignored, on purpose and documented (e.g. {@code reload_modules}: jsalt has no module loader). */
    NOOP,
    /** Salt takes it, jsalt does not implement it: a compile error that says so, never dropped in silence. */
    UNSUPPORTED;

    /** Whether the argument reaches the minion in the compiled document. */
    public boolean shipped() { return this == MINION || this == ENGINE; }
}
