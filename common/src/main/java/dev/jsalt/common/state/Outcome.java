package dev.jsalt.common.state;

/** What happened to one resource in a state run. */
public enum Outcome {
    /** The machine already matched; nothing was done. */
    UNCHANGED,
    /** The machine differed and was changed. */
    CHANGED,
    /** Test mode: the machine differs and would be changed. */
    WOULD_CHANGE,
    /** Looking or changing failed. */
    FAILED,
    /** Not run: a requisite failed, or an onchanges/onfail condition was not met. */
    SKIPPED;

    public boolean isFailure() { return this == FAILED; }

    public boolean hasChanges() { return this == CHANGED; }
}
