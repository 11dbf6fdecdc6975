package dev.jsalt.master.orchestrate;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Map;

/** What a client following an orchestration sees, in order: the run, each step's start, returns and end, the run's end. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
        @JsonSubTypes.Type(value = OrchestrateEvent.RunStarted.class, name = "run_started"),
        @JsonSubTypes.Type(value = OrchestrateEvent.StepStarted.class, name = "step_started"),
        @JsonSubTypes.Type(value = OrchestrateEvent.MinionDone.class, name = "minion"),
        @JsonSubTypes.Type(value = OrchestrateEvent.Waiting.class, name = "waiting"),
        @JsonSubTypes.Type(value = OrchestrateEvent.CloudProgress.class, name = "cloud"),
        @JsonSubTypes.Type(value = OrchestrateEvent.StepFinished.class, name = "step_finished"),
        @JsonSubTypes.Type(value = OrchestrateEvent.RunFinished.class, name = "run_finished"),
})
public sealed interface OrchestrateEvent {
    /** @param jid the orchestration's own job id */
    record RunStarted(String jid, String file, boolean test, List<String> steps) implements OrchestrateEvent {
    }

    record StepStarted(String step, String kind, String target, String what, int number, int of) implements OrchestrateEvent {
    }

    /** One minion's part of a step's job: {@code ok} false means it counts against the step. */
    record MinionDone(String step, String jid, String minion, String status, boolean ok, String summary) implements OrchestrateEvent {
    }

    /** A wait step polled and is not satisfied yet: minion → why. */
    record Waiting(String step, int attempt, double elapsedSeconds, Map<String, String> pending) implements OrchestrateEvent {
    }

    /** A cloud step's progress, one line per step and machine as it happens ({@code web1: active (droplet 3164444, ...)}). */
    record CloudProgress(String step, String line) implements OrchestrateEvent {
    }

    record StepFinished(String step, StepOutcome outcome) implements OrchestrateEvent {
    }

    /** @param failedStep the step that failed the run (null on success); {@code comment} says which minion and why */
    record RunFinished(String jid, boolean success, String failedStep, String comment, List<StepOutcome> steps)
            implements OrchestrateEvent {
    }
}
