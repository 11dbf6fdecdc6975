package dev.jsalt.e2e.lab;

import dev.jsalt.common.state.StateResult;

import java.util.List;
import java.util.Optional;

/**
 * What {@code LocalApply} did in a host.
 *
 * @param exit    0 nothing failed, 2 a resource failed, 1 the input or the state-run lock was the problem
 * @param results one result per resource, in run order (empty when exit is 1)
 * @param stdout  raw stdout (the results JSON)
 * @param stderr  raw stderr (engine logs, usage errors)
 */
public record ApplyResult(int exit, List<StateResult> results, String stdout, String stderr) {
    public ApplyResult {
        results = List.copyOf(results);
    }

    public boolean ok() { return exit == 0; }

    /** The result of the resource with this ID declaration. */
    public Optional<StateResult> byId(String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public StateResult get(String id) {
        return byId(id).orElseThrow(() -> new AssertionError("no result for id '" + id + "' in " + results + "; stderr: " + stderr));
    }
}
