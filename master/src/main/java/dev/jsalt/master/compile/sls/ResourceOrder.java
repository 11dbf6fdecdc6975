package dev.jsalt.master.compile.sls;

import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.master.compile.CompileException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Execution order, as Salt's {@code State.call_chunks} runs it: states in {@code order:} and then declaration order
 * ({@code first} and small numbers before unordered states, which sit at 10000 + their position; {@code last} and
 * negative numbers at the end), and a state whose requisites have not run yet runs them first, depth first, in the
 * order Salt looks them up (require, require_any, watch, watch_any, prereq, onfail, onfail_any/all, onchanges,
 * onchanges_any, prerequired; each in the order written). A prereq's target is test-run first in Salt, which runs
 * the target's own requisites: they run before the state that has the prereq. So a state that only requires an early package still runs after an earlier
 * declared state that pulled later files in through its own requisites, as in Salt. A requisite cycle is an error
 * that spells the cycle out.
 */
final class ResourceOrder {
    private static final double LAST = 1e12;

    private ResourceOrder() {
    }

    static List<Chunk> sort(List<Chunk> chunks) {
        Map<String, Chunk> byKey = new HashMap<>();
        for (Chunk c : chunks) byKey.put(c.key, c);
        requireNoCycle(chunks, byKey);
        Map<Chunk, Double> rank = new HashMap<>();
        for (Chunk c : chunks) rank.put(c, rank(c));
        Comparator<Chunk> priority = Comparator.<Chunk>comparingDouble(rank::get)
                .thenComparingInt(c -> c.decl.seq).thenComparingInt(c -> c.sub);
        List<Chunk> byPriority = new ArrayList<>(chunks);
        byPriority.sort(priority);
        List<Chunk> out = new ArrayList<>(chunks.size());
        Set<Chunk> done = new HashSet<>();
        for (Chunk c : byPriority) visit(c, byKey, done, out);
        return out;
    }

    /** Runs {@code c} after whatever of its requisites has not run yet (no cycle: checked before). */
    private static void visit(Chunk c, Map<String, Chunk> byKey, Set<Chunk> done, List<Chunk> out) {
        if (!done.add(c)) return;
        for (Step s : saltLookupOrder(c, byKey)) {
            if (s.prereq()) {
                // Salt test-runs a prereq's target first to see whether it would change, and that run pulls the
                // target's own requisites in for real: they run before c; the target itself runs later
                for (Step t : saltLookupOrder(s.chunk(), byKey)) {
                    if (!t.prereq() && t.chunk() != c) visit(t.chunk(), byKey, done, out);
                }
            } else {
                visit(s.chunk(), byKey, done, out);
            }
        }
        out.add(c);
    }

    /** A requisite to look up: a chunk that runs first, or (prereq) one whose requisites run first. */
    private record Step(Chunk chunk, boolean prereq) {
    }

    /** Salt's {@code call_chunk} order, with prereq where Salt has it and prerequired last. */
    private static final List<RequisiteKind> LOOKUP = List.of(RequisiteKind.REQUIRE, RequisiteKind.REQUIRE_ANY,
            RequisiteKind.WATCH, RequisiteKind.WATCH_ANY, RequisiteKind.PREREQ,
            RequisiteKind.ONFAIL, RequisiteKind.ONFAIL_ANY, RequisiteKind.ONFAIL_ALL,
            RequisiteKind.ONCHANGES, RequisiteKind.ONCHANGES_ANY, RequisiteKind.PREREQUIRED);

    /** The requisites of {@code c} in the order Salt's {@code call_chunk} looks them up. */
    private static List<Step> saltLookupOrder(Chunk c, Map<String, Chunk> byKey) {
        List<Step> out = new ArrayList<>();
        for (RequisiteKind kind : LOOKUP) {
            for (Requisite r : c.requisites) {
                if (r.kind() == kind) out.add(new Step(byKey.get(r.target()), kind == RequisiteKind.PREREQ));
            }
        }
        for (Requisite r : c.requisites) {
            if (r.kind().orders() && !LOOKUP.contains(r.kind())) out.add(new Step(byKey.get(r.target()), false));
        }
        return out;
    }

    /** Kahn's sort, for its verdict only: chunks it cannot place are on or behind a cycle. */
    private static void requireNoCycle(List<Chunk> chunks, Map<String, Chunk> byKey) {
        Map<Chunk, Integer> waiting = new HashMap<>();
        Map<Chunk, List<Chunk>> dependants = new HashMap<>();
        for (Chunk c : chunks) {
            Set<Chunk> deps = deps(c, byKey);
            waiting.put(c, deps.size());
            for (Chunk d : deps) dependants.computeIfAbsent(d, k -> new ArrayList<>()).add(c);
        }
        java.util.ArrayDeque<Chunk> ready = new java.util.ArrayDeque<>();
        for (Chunk c : chunks) if (waiting.get(c) == 0) ready.add(c);
        Set<Chunk> placed = new HashSet<>();
        while (!ready.isEmpty()) {
            Chunk c = ready.poll();
            placed.add(c);
            for (Chunk d : dependants.getOrDefault(c, List.of())) {
                if (waiting.merge(d, -1, Integer::sum) == 0) ready.add(d);
            }
        }
        if (placed.size() < chunks.size()) throw cycle(chunks, placed, byKey);
    }

    /** What must run before {@code c}: its ordering requisites, and those of the states it is a prereq of. */
    private static Set<Chunk> deps(Chunk c, Map<String, Chunk> byKey) {
        Set<Chunk> deps = new LinkedHashSet<>();
        for (Requisite r : c.requisites) {
            if (r.kind().orders()) deps.add(byKey.get(r.target()));
            if (r.kind() == RequisiteKind.PREREQ) {
                for (Requisite t : byKey.get(r.target()).requisites) {
                    if (t.kind().orders() && t.kind() != RequisiteKind.PREREQUIRED) deps.add(byKey.get(t.target()));
                }
            }
        }
        deps.remove(c);
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
