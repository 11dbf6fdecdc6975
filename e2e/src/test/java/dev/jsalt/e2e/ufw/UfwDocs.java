package dev.jsalt.e2e.ufw;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small hand-made ufw state documents for what the formula must never do (e.g. lockout-prone states). */
final class UfwDocs {
    private final String minionId;
    private final List<Resource> resources = new ArrayList<>();

    UfwDocs(String minionId) { this.minionId = minionId; }

    UfwDocs add(String id, String function, Map<String, Object> args) {
        resources.add(new Resource(Resource.keyOf("ufw", id, id, function), id, "ufw", function, id, args, List.of(),
                "lab", "lab.sls", 0, false));
        return this;
    }

    StateDocument done() { return new StateDocument(minionId, "dir:lab-test", resources); }
}
