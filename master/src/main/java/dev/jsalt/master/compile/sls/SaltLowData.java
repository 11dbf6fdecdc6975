package dev.jsalt.master.compile.sls;

import dev.jsalt.master.compile.SourcePos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Salt's view of a compile: the "low chunks" {@code state.show_low_sls} prints — one per state and name, arguments as
 * rendered (before anything jsalt does on the master, such as inlining {@code source:}), requisites as written,
 * {@code exclude:} applied (and {@code extend:} not, as Salt's show_low_sls), Salt's {@code order} numbers, sorted as Salt sorts them. It is what the
 * corpus tests compare with Salt's own output, and what {@code jsalt show --salt} prints.
 */
public final class SaltLowData {
    private SaltLowData() {
    }

    /** One chunk: Salt's map, and the compile's view of the same resource (for rendering its file, if any). */
    public record SaltChunk(Map<String, Object> low, ArgRewriter.Target target) {
    }

    /** {@code parsed} in load order (includes first), as {@link HighstateAssembler#assemble} takes them. */
    public static List<SaltChunk> of(List<DeclarationParser.Parsed> parsed) {
        List<Declaration> decls = new ArrayList<>();
        for (DeclarationParser.Parsed p : parsed) decls.addAll(p.declarations());
        // show_low_sls compiles the high data without reconciling extend: (Salt 3006.1 prints the chunks as written,
        // and applies extend only when it runs them), so Salt's view is taken before extending; the file each
        // target renders is the extended one, as state.apply renders it.
        Map<Declaration, List<Map<String, Object>>> asWritten = new IdentityHashMap<>();
        for (Declaration d : decls) {
            List<Map<String, Object>> lows = new ArrayList<>();
            List<Declaration.NameItem> items = items(d);
            for (int i = 0; i < items.size(); i++) lows.add(copy(low(d, items.get(i), i)));
            asWritten.put(d, lows);
        }
        for (DeclarationParser.Parsed p : parsed) for (Declaration ext : p.extensions()) HighstateAssembler.extend(decls, ext);
        for (DeclarationParser.Parsed p : parsed) {
            for (DeclarationParser.Exclusion ex : p.exclusions()) {
                decls.removeIf(d -> ex.sls() ? d.sls.equals(ex.value()) : d.id.equals(ex.value()));
            }
        }
        List<SaltChunk> out = new ArrayList<>();
        for (Declaration d : decls) {
            List<Declaration.NameItem> items = items(d);
            List<Map<String, Object>> written = asWritten.get(d);
            for (int i = 0; i < items.size(); i++) {
                Declaration.NameItem item = items.get(i);
                Map<String, Object> low = written != null && i < written.size() ? written.get(i) : low(d, item, i);
                Map<String, Object> args = new LinkedHashMap<>(d.args);
                args.putAll(item.args());
                Map<String, SourcePos> argPos = new HashMap<>(d.argPos);
                argPos.putAll(item.argPos());
                out.add(new SaltChunk(low, new ArgRewriter.Target(d.module, d.function, d.id, item.name(), d.sls, d.idPos.file(),
                        copy(args), argPos, d.names != null ? item.pos() : d.idPos, requisites(d, item))));
            }
        }
        // Salt's order_chunks: by order, then state + name + fun.
        out.sort(Comparator.<SaltChunk, Double>comparing(c -> orderKey(c.low().get("order")))
                .thenComparing(c -> String.valueOf(c.low().get("state")) + c.low().get("name") + c.low().get("fun")));
        return out;
    }

    private static List<RequisiteRef> requisites(Declaration d, Declaration.NameItem item) {
        List<RequisiteRef> written = new ArrayList<>(d.requisites);
        written.addAll(item.requisites());
        return List.copyOf(written);
    }

    private static List<Declaration.NameItem> items(Declaration d) {
        return d.names != null ? d.names
                : List.of(new Declaration.NameItem(d.name != null ? d.name : d.id, new LinkedHashMap<>(), Map.of(), List.of(), d.idPos));
    }

    /** One chunk as compile_high_data and order_chunks make it; the i-th of {@code names} gets Salt's name_order fraction. */
    private static Map<String, Object> low(Declaration d, Declaration.NameItem item, int index) {
        Map<String, Object> low = new LinkedHashMap<>();
        low.put("state", d.module);
        low.put("name", item.name());
        low.put("__sls__", d.sls);
        low.put("__env__", "base");
        low.put("__id__", d.id);
        low.putAll(d.args);
        low.putAll(item.args());
        low.putAll(d.written);
        Object order = d.order != null ? d.order : 10000 + d.seq;
        if (d.names != null && order instanceof Number n) order = n.doubleValue() + (index + 1) / 10000.0;
        low.put("order", order);
        low.put("fun", d.function);
        return low;
    }

    /** A deep copy: rendering a file template may change what it is given ({@code item.popitem()}), Salt's view must not change. */
    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, copy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object v : l) out.add(copy(v));
            return (T) out;
        }
        return value;
    }

    private static double orderKey(Object order) {
        if (order instanceof Number n) return n.doubleValue();
        if ("first".equals(order)) return 0;
        return Double.MAX_VALUE;
    }
}
