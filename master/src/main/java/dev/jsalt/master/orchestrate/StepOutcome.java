package dev.jsalt.master.orchestrate;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/** How a step ended. Every kind names the step, the jobs it ran (possibly none) and one line of why. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "result")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StepOutcome.Succeeded.class, name = "succeeded"),
        @JsonSubTypes.Type(value = StepOutcome.Failed.class, name = "failed"),
        @JsonSubTypes.Type(value = StepOutcome.Skipped.class, name = "skipped"),
})
public sealed interface StepOutcome {
    String step();

    List<String> jids();

    String comment();

    /** In test mode {@code comment} says what would happen. */
    record Succeeded(String step, List<String> jids, String comment) implements StepOutcome {
    }

    /** @param minion the first minion that failed it, or null when the step failed as a whole (no minion matched) */
    record Failed(String step, List<String> jids, String minion, String comment) implements StepOutcome {
    }

    /** Not run: a requisite failed, an onfail did not trigger, or an earlier failhard step stopped the run. */
    record Skipped(String step, List<String> jids, String comment) implements StepOutcome {
        Skipped(String step, String comment) {
            this(step, List.of(), comment);
        }
    }
}
