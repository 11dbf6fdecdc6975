package dev.jsalt.master.compile.sls;

import dev.jsalt.common.state.Requisite;
import dev.jsalt.master.compile.CompileException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Execution order: requisites first (a topological sort), otherwise by {@code order:} and then declaration order —
 * Salt's rules: {@code first} and small numbers run before unordered states, which sit at 10000 + their position;
 * {@code last} and negative numbers run at the end. A requisite cycle is an error that spells the cycle out.
 */
final class ResourceOrder {
    private static final double LAST = 1e12;

    private ResourceOrder() {
    }

    static List<Chunk> sort(List<Chunk> chunks) {
        Map<String, Chunk> byKey = new HashMap<>();
        for (Chunk c : chunks) byKey.put(c.key, c);
        Map<Chunk, Double> rank = new HashMap<>();
        for (Chunk c : chunks) rank.put(c, rank(c));
        Comparator<Chunk> priority = Comparator.<Chunk>comparingDouble(rank::get)
                .thenComparingInt(c -> c.decl.seq).thenComparingInt(c -> c.sub);

        Map<Chunk, Integer> waiting = new HashMap<>();
        Map<Chunk, List<Chunk>> dependants = new HashMap<>();
        for (Chunk c : chunks) {
            Set<Chunk> deps = deps(c, byKey);
            waiting.put(c, deps.size());
            for (Chunk d : deps) dependants.computeIfAbsent(d, k -> new ArrayList<>()).add(c);
        }
        PriorityQueue<Chunk> ready = new PriorityQueue<>(priority);
        for (Chunk c : chunks) if (waiting.get(c) == 0) ready.add(c);
        List<Chunk> out = new ArrayList<>(chunks.size());
        while (!ready.isEmpty()) {
            Chunk c = ready.poll();
            out.add(c);
            for (Chunk d : dependants.getOrDefault(c, List.of())) {
                if (waiting.merge(d, -1, Integer::sum) == 0) ready.add(d);
            }
        }
        if (out.size() < chunks.size()) throw cycle(chunks, new HashSet<>(out), byKey);
        return out;
    }

    private static Set<Chunk> deps(Chunk c, Map<String, Chunk> byKey) {
        Set<Chunk> deps = new LinkedHashSet<>();
        for (Requisite r : c.requisites) if (r.kind().orders()) deps.add(byKey.get(r.target()));
        return deps;
    }

    private static double rank(Chunk c) {
        Object order = c.decl.order;
        if (order == null) return 10000 + c.decl.seq;
        if (order instanceof Number n) {
            double v = n.doubleValue();
            return v < 0 ? LAST + v : v;
        }
        if ("first".equals(order)) return 0;
        if ("last".equals(order)) return LAST;
        throw c.decl.orderPos.error("order must be a number, 'first' or 'last', found '" + order + "'");
    }

    /** Walks requisites among the unsorted chunks until one repeats; that loop is the cycle. */
    private static CompileException cycle(List<Chunk> chunks, Set<Chunk> sorted, Map<String, Chunk> byKey) {
        Chunk start = chunks.stream().filter(c -> !sorted.contains(c)).findFirst().orElseThrow();
        List<Chunk> path = new ArrayList<>();
        Chunk cur = start;
        while (!path.contains(cur)) {
            path.add(cur);
            Chunk next = null;
            for (Chunk d : deps(cur, byKey)) {
                if (!sorted.contains(d)) {
                    next = d;
                    break;
                }
            }
            cur = next;
        }
        List<Chunk> loop = new ArrayList<>(path.subList(path.indexOf(cur), path.size()));
        loop.add(cur);
        StringBuilder sb = new StringBuilder("requisite cycle: ");
        for (int i = 0; i < loop.size(); i++) {
            Chunk c = loop.get(i);
            if (i > 0) sb.append(" -> ");
            sb.append(c.label());
            if (i < loop.size() - 1) sb.append(" (").append(c.pos).append(')');
        }
        return loop.get(0).pos.error(sb.toString());
    }
}
