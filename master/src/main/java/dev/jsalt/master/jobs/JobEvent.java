package dev.jsalt.master.jobs;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/** What a client watching a job sees, in order: started, one result per minion, done. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JobEvent.Started.class, name = "started"),
        @JsonSubTypes.Type(value = JobEvent.Result.class, name = "result"),
        @JsonSubTypes.Type(value = JobEvent.Done.class, name = "done"),
})
public sealed interface JobEvent {
    record Started(JobRecord job) implements JobEvent {
    }

    record Result(String jid, MinionResult result) implements JobEvent {
    }

    record Done(String jid, List<MinionResult> results) implements JobEvent {
    }
}
