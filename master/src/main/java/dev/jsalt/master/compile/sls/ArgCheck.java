package dev.jsalt.master.compile.sls;

import dev.jsalt.common.catalog.ArgSpec;
import dev.jsalt.common.catalog.Catalog;
import dev.jsalt.common.catalog.DidYouMean;
import dev.jsalt.common.catalog.Handling;
import dev.jsalt.common.catalog.StateFunctionSpec;
import dev.jsalt.master.compile.SourcePos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every argument of every state checked against the {@link Catalog}, before anything else reads them: an argument the
 * function does not take is an error naming it, the arguments the function does take and the likeliest one meant; an
 * argument Salt has but jsalt does not implement is an error saying so; a value of the wrong shape (a list for a
 * boolean) is an error. Nothing is dropped in silence. {@link #strip()} runs last and removes what the compiler
 * consumed (the {@link Handling#MASTER} arguments), so the document carries only what the minion reads.
 *
 * <p>{@code module.run}'s new-style arguments (each an execution function, {@code - test.echo: [{text: hi}]}) become
 * {@code functions: [{fun, args, kwargs}]} here.
 */
public final class ArgCheck implements ArgRewriter {
    private final Catalog catalog;

    public ArgCheck(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void rewrite(Target t) {
        StateFunctionSpec spec = catalog.stateFunction(t.module(), t.function()).orElse(null);
        if (spec == null) return; // the parser refused unknown functions already
        if (t.module().equals("module") && t.function().equals("run")) moduleRun(t);
        boolean templated = t.module().equals("file") && t.function().equals("managed") && t.args().get("template") != null
                && !String.valueOf(t.args().get("template")).isBlank();
        for (String key : List.copyOf(t.args().keySet())) {
            SourcePos pos = t.posOf(key);
            if (templated && catalog.argument(spec, key).isEmpty() && !key.contains(".")) {
                // Salt hands file.managed's other keyword arguments to the template as variables (ntp-formula's config:)
                templateVariable(t, key);
                continue;
            }
            ArgSpec a = catalog.argument(spec, key).orElseThrow(() -> unknown(t, spec, key, pos));
            if (a.handling() == Handling.UNSUPPORTED && atDefault(a, t.args().get(key))) {
                t.args().remove(key); // changes nothing in Salt either
                continue;
            }
            if (a.handling() == Handling.UNSUPPORTED) {
                throw pos.error("jsalt does not implement argument '" + key + "' of " + spec.fun()
                        + (a.doc().isEmpty() ? "" : " (" + a.doc() + ")") + " in " + t.label());
            }
            Object v = t.args().get(key);
            if (!a.type().accepts(v)) {
                throw pos.error("argument '" + key + "' of " + t.label() + " must be " + article(a.type().word()) + ", found "
                        + describe(v));
            }
            switch (key) {
                case "saltenv", "__env__" -> {
                    if (v != null && !"base".equals(String.valueOf(v))) {
                        throw pos.error(key + ": '" + v + "' in " + t.label() + ": only the base environment exists in jsalt");
                    }
                }
                case "onlyif", "unless" -> {
                    if (v instanceof Map || (v instanceof List<?> l && l.stream().anyMatch(o -> o instanceof Map))) {
                        throw pos.error(key + " of " + t.label() + " uses Salt's {fun: ..., args: ...} form, which jsalt does"
                                + " not support: write a command (e.g. test -e /path)");
                    }
                }
                case "retry" -> retry(v, pos, t);
                default -> { }
            }
        }
    }

    /**
     * Salt hands {@code file.managed}'s keyword arguments that are not its own to the template as variables: moves each
     * into {@code defaults} (for a view of the compile that does not check arguments, e.g. Salt's show).
     */
    public void templateVariables(Target t) {
        StateFunctionSpec spec = catalog.stateFunction(t.module(), t.function()).orElse(null);
        boolean templated = spec != null && t.module().equals("file") && t.function().equals("managed")
                && t.args().get("template") != null && !String.valueOf(t.args().get("template")).isBlank();
        if (!templated) return;
        for (String key : List.copyOf(t.args().keySet())) {
            if (catalog.argument(spec, key).isEmpty() && !key.contains(".")) templateVariable(t, key);
        }
    }

    /** Moves {@code key} into {@code defaults}, which the template sees (and {@code context} overrides). */
    @SuppressWarnings("unchecked")
    private static void templateVariable(Target t, String key) {
        Object v = t.args().remove(key);
        Object d = t.args().get("defaults");
        Map<String, Object> defaults = d instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        if (d != null && !(d instanceof Map)) return; // FileArgs reports the bad defaults
        defaults.putIfAbsent(key, v);
        t.args().put("defaults", defaults);
        if (!t.argPos().containsKey("defaults") && t.argPos().containsKey(key)) t.argPos().put("defaults", t.argPos().get(key));
    }

    /**
     * Whether an argument jsalt does not implement is given a value that does nothing in Salt either: null, or its
     * default (formulas often pass every argument with its default, e.g. {@code members: None}).
     */
    static boolean atDefault(ArgSpec a, Object v) {
        if (v == null) return true;
        String d = a.dflt();
        String s = String.valueOf(v).strip();
        return switch (d) {
            case "None" -> false;
            case "False" -> v instanceof Boolean b ? !b : s.equalsIgnoreCase("false") || s.equals("0") || s.equalsIgnoreCase("no");
            case "True" -> v instanceof Boolean b ? b : s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("yes");
            case "''" -> s.isEmpty();
            default -> {
                String plain = d.startsWith("'") && d.endsWith("'") && d.length() >= 2 ? d.substring(1, d.length() - 1) : d;
                yield plain.equals(s);
            }
        };
    }

    private static String article(String word) { return (word.matches("[aeiou].*") ? "an " : "a ") + word; }

    private static String describe(Object v) {
        if (v instanceof Map) return "a mapping";
        if (v instanceof List) return "a list";
        return "'" + v + "'";
    }

    private RuntimeException unknown(Target t, StateFunctionSpec spec, String key, SourcePos pos) {
        List<String> takes = catalog.acceptedNames(spec);
        String hint = DidYouMean.of(key, takes).map(s -> "did you mean '" + s + "'? ").orElse("");
        String extra = spec.arg(key).isPresent() ? "" : key.contains(".") && !spec.fun().equals("module.run")
                ? "; arguments have no dots (a state function there? an indentation slip)" : "";
        return pos.error("argument '" + key + "' is not an argument of " + spec.fun() + " in " + t.label() + " (" + hint
                + "it takes: " + String.join(", ", takes) + extra + ")");
    }

    private static void retry(Object v, SourcePos pos, Target t) {
        if (v == null || v instanceof Boolean) return;
        if (v instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!Set.of("attempts", "interval", "until", "splay").contains(String.valueOf(k))) {
                    throw pos.error("retry of " + t.label() + ": unknown key '" + k + "' (attempts, interval, until, splay)");
                }
            }
            return;
        }
        throw pos.error("retry of " + t.label() + " must be true or a mapping of attempts, interval, until, splay");
    }

    /** Salt's new-style module.run: each {@code mod.fun} argument is a call; its list holds positional and key: value args. */
    private void moduleRun(Target t) {
        List<Map<String, Object>> calls = new ArrayList<>();
        for (String key : List.copyOf(t.args().keySet())) {
            if (!key.contains(".")) continue;
            SourcePos pos = t.posOf(key);
            if (!Catalog.MODULE_RUN_FUNCTIONS.contains(key)) {
                throw pos.error("module.run in " + t.label() + " calls " + key + ", which jsalt's module.run cannot call (it calls: "
                        + String.join(", ", new java.util.TreeSet<>(Catalog.MODULE_RUN_FUNCTIONS)) + ")");
            }
            Object v = t.args().remove(key);
            List<Object> args = new ArrayList<>();
            Map<String, Object> kwargs = new LinkedHashMap<>();
            List<?> items = v == null ? List.of() : v instanceof List<?> l ? l : List.of(v);
            for (Object o : items) {
                if (o instanceof Map<?, ?> m && m.size() == 1) {
                    m.forEach((k, x) -> kwargs.put(String.valueOf(k), x));
                } else if (o instanceof Map<?, ?>) {
                    throw pos.error("module.run " + key + " in " + t.label() + ": keyword arguments are '- key: value', one per line");
                } else {
                    args.add(o);
                }
            }
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("fun", key);
            call.put("args", args);
            call.put("kwargs", kwargs);
            calls.add(call);
        }
        if (calls.isEmpty()) {
            throw t.pos().error("module.run in " + t.label() + " names no function: jsalt takes Salt's new style (- test.ping: []),"
                    + " not the old one (name: test.ping)");
        }
        if (t.args().containsKey("functions")) throw t.posOf("functions").error("functions is set by jsalt for module.run; remove it from " + t.label());
        t.args().put("functions", calls);
    }

    /** The last step: drops what the compiler consumed, so the minion gets only what it reads. */
    public ArgRewriter strip() {
        return t -> {
            StateFunctionSpec spec = catalog.stateFunction(t.module(), t.function()).orElse(null);
            if (spec == null) return;
            t.args().keySet().removeIf(k -> catalog.argument(spec, k).map(a -> a.handling() == Handling.MASTER).orElse(false));
        };
    }
}
