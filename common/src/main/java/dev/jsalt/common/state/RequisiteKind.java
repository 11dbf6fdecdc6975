package dev.jsalt.common.state;

import java.util.Locale;

/**
 * Requisite kinds after compilation. The compiler turns every {@code *_in} form into the forward form on the
 * dependant resource, so the minion only ever sees these. Semantics are Salt's ({@code salt/state.py}):
 * docs/states/sls.md.
 */
public enum RequisiteKind {
    /** Run after the target; skip if the target failed. */
    REQUIRE,
    /** Like require; additionally, if the target changed, call the module's watch reaction. */
    WATCH,
    /** Run only if a target changed (skip otherwise); skip if one failed. */
    ONCHANGES,
    /** Run only if a target failed. */
    ONFAIL,
    /** Run after the targets; skip only if every target failed. */
    REQUIRE_ANY,
    /** Like watch, failing only if every target failed. */
    WATCH_ANY,
    /** Like onchanges; a failed target does not stop the state when another changed. */
    ONCHANGES_ANY,
    /** Run if any target failed (what plain onfail does too). */
    ONFAIL_ANY,
    /** Run only if every target failed. */
    ONFAIL_ALL,
    /**
     * On the state that has {@code prereq}: its target comes later in the document; this state runs only if the
     * target's plan, looked at first, has changes (it then runs before the target).
     */
    PREREQ,
    /** On a prereq's target: run after the state that pre-requires it; skip if that state failed. */
    PREREQUIRED,
    /**
     * Like watch, but the watch reaction runs at the end of the run (as result {@code listener_ID}), and it does not
     * order anything: the target may come before or after.
     */
    LISTEN;

    public String saltName() { return name().toLowerCase(Locale.ROOT); }

    /** The kind without its {@code _any} / {@code _all} suffix. */
    public RequisiteKind base() {
        return switch (this) {
            case REQUIRE_ANY -> REQUIRE;
            case WATCH_ANY -> WATCH;
            case ONCHANGES_ANY -> ONCHANGES;
            case ONFAIL_ANY, ONFAIL_ALL -> ONFAIL;
            default -> this;
        };
    }

    /** Whether the target must run before the state that has this requisite. */
    public boolean orders() { return this != PREREQ && this != LISTEN; }
}
