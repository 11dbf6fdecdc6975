package dev.jsalt.common.state;

import java.util.Map;

/**
 * The result of one resource, as reported back to the master.
 *
 * @param key            the resource key
 * @param id             the ID declaration
 * @param function       {@code module.function}
 * @param name           the resource name
 * @param outcome        what happened
 * @param changes        what changed (or would change); a file diff is under {@code diff}; never secrets
 * @param comment        one line saying what happened or why not
 * @param durationMillis wall time spent on this resource
 */
public record StateResult(
        String key,
        String id,
        String function,
        String name,
        Outcome outcome,
        Map<String, Object> changes,
        String comment,
        double durationMillis) {

    public StateResult {
        changes = changes == null ? Map.of() : changes;
    }
}
