package dev.jsalt.minion.state;

import dev.jsalt.common.state.Outcome;

import java.util.Map;

/**
 * What became of one resource, as the engine reports it (it adds identity and timing). Modules do not make these:
 * they return {@link Plan}s; a watch reaction is handed the outcome its resource's plan came to.
 */
public record StateOutcome(Outcome outcome, Map<String, Object> changes, String comment) {

    public StateOutcome {
        changes = changes == null ? Map.of() : changes;
    }

    static StateOutcome unchanged(String comment) {
        return new StateOutcome(Outcome.UNCHANGED, Map.of(), comment);
    }

    static StateOutcome failed(String comment) {
        return new StateOutcome(Outcome.FAILED, Map.of(), comment);
    }

    static StateOutcome failed(Map<String, Object> changes, String comment) {
        return new StateOutcome(Outcome.FAILED, changes, comment);
    }
}
