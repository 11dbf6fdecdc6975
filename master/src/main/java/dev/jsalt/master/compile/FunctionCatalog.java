package dev.jsalt.master.compile;

import dev.jsalt.common.catalog.Catalog;
import dev.jsalt.common.catalog.StateFunctionSpec;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state functions minions offer ({@code pkg → installed, latest, removed, ...}) with the arguments each takes. The
 * compiler refuses an SLS that names a function outside it, or an argument the function does not take, so a typo fails
 * on the master with file and line instead of on every minion. {@link #standard()} is the catalog of the minion shipped
 * with this build ({@link Catalog}).
 */
public interface FunctionCatalog {

    /** Whether the minion implements {@code module.function}. */
    boolean exists(String module, String function);

    /** Module → its implemented functions, for error messages. */
    Map<String, Set<String>> all();

    /** The full catalog (declared functions, arguments, global arguments). */
    Catalog catalog();

    /** The declaration of {@code module.function}, implemented or not. */
    default Optional<StateFunctionSpec> spec(String module, String function) {
        return catalog().stateFunction(module, function);
    }

    /** The state functions of the minion shipped with this build. */
    static FunctionCatalog standard() {
        return of(Catalog.standard());
    }

    /** A catalog of these implemented functions (arguments as the standard catalog declares them), for tests. */
    static FunctionCatalog of(Map<String, ? extends Set<String>> functions) {
        return of(Catalog.of(Set.of(), functions));
    }

    static FunctionCatalog of(Catalog c) {
        Map<String, Set<String>> frozen = c.stateFunctions();
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

            @Override
            public Catalog catalog() {
                return c;
            }
        };
    }
}
