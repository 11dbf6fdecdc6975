package dev.jsalt.common.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A state function as the catalog declares it: its arguments (Salt's names and defaults) and whether this jsalt
 * implements it. A declared but unimplemented function is known (so it is documented and its error says "not yet"
 * rather than "unknown"), and refused by the compiler.
 *
 * @param module      e.g. {@code file}
 * @param function    e.g. {@code managed}
 * @param implemented whether the minion has it
 * @param doc         one line on what it does, or for an unimplemented one why it is not there (may be empty)
 * @param args        its own arguments, in declaration order (global arguments are in {@link Catalog#globalArgs()})
 */
public record StateFunctionSpec(String module, String function, boolean implemented, String doc, List<ArgSpec> args) {

    public StateFunctionSpec {
        args = List.copyOf(args);
    }

    public String fun() { return module + "." + function; }

    public Optional<ArgSpec> arg(String name) {
        for (ArgSpec a : args) if (a.name().equals(name)) return Optional.of(a);
        return Optional.empty();
    }

    /** Arguments by name, in declaration order. */
    public Map<String, ArgSpec> byName() {
        Map<String, ArgSpec> m = new LinkedHashMap<>();
        for (ArgSpec a : args) m.put(a.name(), a);
        return m;
    }

    /** The arguments the state module itself reads on the minion. */
    public List<String> minionArgs() {
        List<String> out = new ArrayList<>();
        for (ArgSpec a : args) if (a.handling() == Handling.MINION) out.add(a.name());
        return out;
    }

    /** The compile error for using it when it is not implemented. */
    public String notImplemented() {
        return "jsalt does not implement " + fun() + " yet" + (doc == null || doc.isEmpty() ? "" : " (" + doc + ")");
    }
}
