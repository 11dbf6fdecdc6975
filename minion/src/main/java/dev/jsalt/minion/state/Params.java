package dev.jsalt.minion.state;

import dev.jsalt.common.catalog.ArgSpec;
import dev.jsalt.common.catalog.Catalog;
import dev.jsalt.common.catalog.Handling;
import dev.jsalt.common.catalog.StateFunctionSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The arguments one state function reads, declared up front against the {@link Catalog}: naming an argument the
 * catalog does not declare for the function (or declares as handled elsewhere) fails when the class holding the
 * declaration loads, and reading an argument outside the declared set fails when it happens ({@link Args}). The
 * minion's {@code CatalogAgreementTest} holds every implemented function's declared set equal to the catalog's
 * {@link Handling#MINION} arguments, so there are no undeclared reads and no dead declarations.
 *
 * <pre>
 * static final Params P = Params.of("file.managed", "name", "contents", "mode", ...);
 * static final Param CONTENTS = P.arg("contents");
 * ... args.string(CONTENTS) ...
 * </pre>
 */
public final class Params {
    private static final Map<String, Params> REGISTRY = new ConcurrentHashMap<>();

    private final StateFunctionSpec spec;
    private final Map<String, Param> reads;

    private Params(StateFunctionSpec spec, Map<String, Param> reads) {
        this.spec = spec;
        this.reads = Collections.unmodifiableMap(reads);
    }

    /** Declares what {@code fun} ({@code module.function}) reads: each name, or every name of each list given. */
    public static Params of(String fun, Object... names) {
        StateFunctionSpec spec = Catalog.standard().stateFunction(fun)
                .orElseThrow(() -> new IllegalStateException("the catalog declares no state function " + fun));
        if (!spec.implemented()) throw new IllegalStateException("the catalog declares " + fun + " as not implemented");
        Map<String, Param> reads = new LinkedHashMap<>();
        for (Object o : names) {
            List<?> list = o instanceof List<?> l ? l : List.of(o);
            for (Object n : list) {
                String name = n.toString();
                ArgSpec a = spec.arg(name).orElseThrow(() -> new IllegalStateException(
                        fun + " reads '" + name + "', which the catalog does not declare for it"));
                if (a.handling() != Handling.MINION) {
                    throw new IllegalStateException(fun + " reads '" + name + "', which the catalog says the "
                            + a.handling() + " handles");
                }
                if (reads.put(name, new Param(fun, name)) != null) throw new IllegalStateException(fun + " declares '" + name + "' twice");
            }
        }
        Params p = new Params(spec, reads);
        if (REGISTRY.putIfAbsent(fun, p) != null) throw new IllegalStateException("two declarations of what " + fun + " reads");
        return p;
    }

    /** The handle of a declared argument. */
    public Param arg(String name) {
        Param p = reads.get(name);
        if (p == null) throw new IllegalStateException(spec.fun() + " does not declare that it reads '" + name + "'");
        return p;
    }

    public boolean declares(String name) { return reads.containsKey(name); }

    public String fun() { return spec.fun(); }

    public StateFunctionSpec spec() { return spec; }

    /** The declared argument names. */
    public Set<String> names() { return reads.keySet(); }

    /** Every declaration loaded so far, by function (for the agreement test; module classes load them). */
    public static Map<String, Params> registered() { return Collections.unmodifiableMap(new TreeMap<>(REGISTRY)); }
}
