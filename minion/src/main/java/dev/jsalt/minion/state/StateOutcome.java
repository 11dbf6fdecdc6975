package dev.jsalt.minion.state;

import dev.jsalt.common.state.Outcome;

import java.util.Map;

/** What a state function reports for one resource; the engine adds identity and timing. */
public record StateOutcome(Outcome outcome, Map<String, Object> changes, String comment) {

    public StateOutcome {
        changes = changes == null ? Map.of() : changes;
    }

    public static StateOutcome unchanged(String comment) {
        return new StateOutcome(Outcome.UNCHANGED, Map.of(), comment);
    }

    public static StateOutcome changed(Map<String, Object> changes, String comment) {
        return new StateOutcome(Outcome.CHANGED, changes, comment);
    }

    public static StateOutcome wouldChange(Map<String, Object> changes, String comment) {
        return new StateOutcome(Outcome.WOULD_CHANGE, changes, comment);
    }

    /** Changed in a real run, would-change in test mode. */
    public static StateOutcome changedOrWould(RunContext ctx, Map<String, Object> changes, String comment) {
        return ctx.test() ? wouldChange(changes, comment) : changed(changes, comment);
    }

    public static StateOutcome failed(String comment) {
        return new StateOutcome(Outcome.FAILED, Map.of(), comment);
    }

    public static StateOutcome failed(Map<String, Object> changes, String comment) {
        return new StateOutcome(Outcome.FAILED, changes, comment);
    }
}
