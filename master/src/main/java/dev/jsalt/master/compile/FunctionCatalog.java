package dev.jsalt.master.compile;

import dev.jsalt.common.catalog.Catalog;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state functions minions offer ({@code pkg → installed, latest, removed, ...}). The compiler refuses an SLS that
 * names a function outside it, so a typo fails on the master with file and line instead of on every minion.
 * {@link #standard()} is the catalog of the minion shipped with this build ({@link Catalog}).
 */
public interface FunctionCatalog {

    boolean exists(String module, String function);

    /** Module → its functions, for error messages. */
    Map<String, Set<String>> all();

    /** The state functions of the minion shipped with this build. */
    static FunctionCatalog standard() {
        return of(Catalog.standard().stateFunctions());
    }

    /** A catalog over a fixed map (copied and sorted). */
    static FunctionCatalog of(Map<String, ? extends Set<String>> functions) {
        Map<String, Set<String>> copy = new TreeMap<>();
        functions.forEach((m, fns) -> copy.put(m, java.util.Collections.unmodifiableSet(new TreeSet<>(fns))));
        Map<String, Set<String>> frozen = java.util.Collections.unmodifiableMap(copy);
        return new FunctionCatalog() {
            @Override
            public boolean exists(String module, String function) {
                Set<String> fns = frozen.get(module);
                return fns != null && fns.contains(function);
            }

            @Override
            public Map<String, Set<String>> all() {
                return frozen;
            }
        };
    }
}
