package dev.jsalt.common.state;

import java.util.List;

/**
 * What the master compiles for one minion and the minion applies: the resources in execution order
 * (requisites first, then declaration order / {@code order:}), every template already rendered.
 *
 * @param minionId  the minion this document was compiled for
 * @param source    the commit id the state tree was read at, or {@code dir:PATH}
 * @param resources ordered resources
 */
public record StateDocument(String minionId, String source, List<Resource> resources) {
    public StateDocument {
        resources = List.copyOf(resources);
    }
}
