package dev.jsalt.common.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What every minion offers: the remote-execution functions (the allow-list a job may name) and the state functions
 * with every argument they take ({@code states.catalog} beside this class: Salt's argument names and defaults, and
 * who handles each in jsalt). Declarative, so the master validates commands, runbooks and SLS files against it without
 * loading the minion, and the minion's state modules read their arguments only through these declarations; tests on
 * both sides hold them to it (the minion's {@code CatalogAgreementTest}). docs/states/*.md's argument tables are
 * generated from it ({@code CatalogDocs}).
 *
 * <p>A state function is either implemented or only declared: a declared one is known (documented, and an SLS using
 * it fails with "jsalt does not implement X yet", never "unknown function"), but no minion runs it.
 */
public final class Catalog {
    private static final Catalog STANDARD = standardCatalog();
    /** The execution functions {@code module.run} can call on a minion. */
    public static final Set<String> MODULE_RUN_FUNCTIONS = Set.of("test.ping", "test.echo", "test.true", "test.false",
            "test.sleep", "cmd.run", "cmd.retcode", "grains.get", "grains.items");

    private final Set<String> executionFunctions;
    private final List<ArgSpec> globals;
    private final Map<String, StateFunctionSpec> byFun;
    private final boolean openArguments;

    private Catalog(List<String> executionFunctions, List<ArgSpec> globals, List<StateFunctionSpec> functions) {
        this(executionFunctions, globals, functions, false);
    }

    private Catalog(List<String> executionFunctions, List<ArgSpec> globals, List<StateFunctionSpec> functions, boolean open) {
        this.openArguments = open;
        this.executionFunctions = Collections.unmodifiableSet(new TreeSet<>(executionFunctions));
        this.globals = List.copyOf(globals);
        Map<String, StateFunctionSpec> m = new LinkedHashMap<>();
        for (StateFunctionSpec f : functions) {
            if (m.put(f.fun(), f) != null) throw new IllegalStateException("state function " + f.fun() + " declared twice");
        }
        this.byFun = Collections.unmodifiableMap(m);
    }

    private static Catalog standardCatalog() {
        CatalogFile.Parsed p = CatalogFile.load("states.catalog");
        return new Catalog(List.of("cmd.run", "dns.query", "grains.get", "grains.items", "inventory.collect", "jsalt.render_calls", "mine.update",
                "mysql.replication_status", "state.apply", "test.echo", "test.ping", "test.sleep", "tinc.host"),
                p.globals(), p.functions());
    }

    /** The catalog of the minion shipped with this build. */
    public static Catalog standard() { return STANDARD; }

    /**
     * A catalog with other state functions (module → functions, all implemented), e.g. for tests of the compiler.
     * A function the standard catalog declares keeps its arguments; others take no declared arguments.
     */
    public static Catalog of(Set<String> executionFunctions, Map<String, ? extends Set<String>> stateFunctions) {
        List<StateFunctionSpec> fns = new ArrayList<>();
        new TreeMap<>(stateFunctions).forEach((m, names) -> {
            for (String f : new TreeSet<>(names)) {
                StateFunctionSpec known = STANDARD.byFun.get(m + "." + f);
                fns.add(new StateFunctionSpec(m, f, true, known == null ? "" : known.doc(),
                        known == null ? List.of() : known.args()));
            }
        });
        return new Catalog(List.copyOf(executionFunctions), STANDARD.globals, fns);
    }

    /**
     * This catalog, but every state function takes any argument (as a plain value for the minion): for tests of the
     * compiler that use arguments only as a probe of what templates render.
     */
    public Catalog withOpenArguments() {
        return new Catalog(List.copyOf(executionFunctions), globals, List.copyOf(byFun.values()), true);
    }

    /** Remote-execution function names ({@code test.ping}, {@code cmd.run}, ...), sorted. */
    public Set<String> executionFunctions() { return executionFunctions; }

    /** Implemented state functions: module → its function names, both sorted. */
    public Map<String, Set<String>> stateFunctions() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (StateFunctionSpec f : byFun.values()) {
            if (f.implemented()) out.computeIfAbsent(f.module(), k -> new TreeSet<>()).add(f.function());
        }
        out.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        return Collections.unmodifiableMap(out);
    }

    /** Every declared state function, implemented or not, in declaration order. */
    public List<StateFunctionSpec> declaredStateFunctions() { return List.copyOf(byFun.values()); }

    /** Every declared state module (with implemented or declared functions), sorted. */
    public Set<String> declaredModules() {
        Set<String> out = new TreeSet<>();
        for (StateFunctionSpec f : byFun.values()) out.add(f.module());
        return out;
    }

    public Optional<StateFunctionSpec> stateFunction(String module, String function) {
        return Optional.ofNullable(byFun.get(module + "." + function));
    }

    /** {@code module.function} → its spec. */
    public Optional<StateFunctionSpec> stateFunction(String fun) { return Optional.ofNullable(byFun.get(fun)); }

    public boolean hasStateFunction(String module, String function) {
        StateFunctionSpec f = byFun.get(module + "." + function);
        return f != null && f.implemented();
    }

    /** Salt's global state arguments, accepted by every state (requisites are not arguments and are not listed). */
    public List<ArgSpec> globalArgs() { return globals; }

    public Optional<ArgSpec> globalArg(String name) {
        for (ArgSpec a : globals) if (a.name().equals(name)) return Optional.of(a);
        return Optional.empty();
    }

    /**
     * The argument {@code name} of {@code fun} as the function or, failing that, the global arguments declare it.
     * Empty if neither does: the compiler refuses it.
     */
    public Optional<ArgSpec> argument(StateFunctionSpec fun, String name) {
        Optional<ArgSpec> own = fun.arg(name);
        if (own.isPresent()) return own;
        Optional<ArgSpec> global = globalArg(name);
        if (global.isPresent() || !openArguments) return global;
        return Optional.of(new ArgSpec(name, ArgType.ANY, "None", null, Handling.MINION, "(open catalog)"));
    }

    /** Everything {@code fun} accepts: its own arguments, then the global ones it does not redeclare. */
    public List<String> acceptedNames(StateFunctionSpec fun) {
        List<String> out = new ArrayList<>();
        for (ArgSpec a : fun.args()) if (a.supported()) out.add(a.name());
        for (ArgSpec g : globals) if (fun.arg(g.name()).isEmpty() && g.supported()) out.add(g.name());
        return out;
    }
}
