package dev.jsalt.master.jobs;

import java.util.List;
import java.util.Map;

/**
 * What the job cache keeps of a job's request. Secrets never appear here: state documents are not stored, only
 * the function, its plain arguments and where the states came from.
 *
 * @param source the state tree commit the job was compiled from, or null for non-state jobs
 */
public record JobRecord(String jid, String target, String fun, List<Object> args, Map<String, Object> options,
                        List<String> minions, long startedAt, int timeoutSeconds, String source, String user) {
    public JobRecord {
        args = args == null ? List.of() : List.copyOf(args);
        options = options == null ? Map.of() : options;
        minions = List.copyOf(minions);
    }
}
