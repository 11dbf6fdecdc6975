package dev.jsalt.common.state;

/**
 * Requisite kinds after compilation. The compiler turns every {@code *_in} form into the forward form
 * on the dependant resource, so the minion only ever sees these four.
 */
public enum RequisiteKind {
    /** Run after the target; skip if the target failed. */
    REQUIRE,
    /** Like require; additionally, if the target changed, call the module's watch reaction. */
    WATCH,
    /** Run only if the target changed (skip otherwise); skip if it failed. */
    ONCHANGES,
    /** Run only if the target failed. */
    ONFAIL;

    public String saltName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
