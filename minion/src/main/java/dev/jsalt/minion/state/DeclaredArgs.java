package dev.jsalt.minion.state;

import dev.jsalt.common.catalog.ArgSpec;
import dev.jsalt.common.catalog.Handling;
import dev.jsalt.common.catalog.StateFunctionSpec;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments a state module is handed: its function's own, read-only, and asking for one the catalog does not
 * declare for the function throws (a module reading past its declaration is a bug, not a missing value).
 */
final class DeclaredArgs extends AbstractMap<String, Object> {
    private final Map<String, Object> args;
    private final StateFunctionSpec spec;

    DeclaredArgs(Map<String, Object> args, StateFunctionSpec spec) {
        this.args = Map.copyOf(withoutNulls(args));
        this.spec = spec;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> { if (v != null) out.put(k, v); });
        return out;
    }

    private void check(Object key) {
        Optional<ArgSpec> a = spec.arg(String.valueOf(key));
        if (a.isEmpty() || a.get().handling() != Handling.MINION) {
            throw new IllegalStateException(spec.fun() + " reads argument '" + key + "', which the catalog does not declare"
                    + " for it as read by the minion");
        }
    }

    @Override
    public Object get(Object key) {
        check(key);
        return args.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        check(key);
        return args.containsKey(key);
    }

    @Override
    public Object getOrDefault(Object key, Object dflt) {
        check(key);
        return args.getOrDefault(key, dflt);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() { return args.entrySet(); }
}
