package dev.jsalt.jinja.compile;

import java.util.HashMap;
import java.util.Map;

/**
 * A Python function of Jinja2's generated code (root, block, macro, recursive loop, loop filter). Its locals are
 * the refs of its own scope levels (level >= base); lower levels live in enclosing functions (closures).
 */
final class FnScope {
    final int base;
    final FnScope outer;
    private final Map<Symbols.Ref, Integer> slots = new HashMap<>();

    FnScope(int base, FnScope outer) {
        this.base = base;
        this.outer = outer;
    }

    int slot(Symbols.Ref ref) {
        return slots.computeIfAbsent(ref, r -> slots.size());
    }

    /** Slots are allocated while compiling; read the count when the function is complete. */
    int size() {
        return slots.size();
    }

    /** Where a ref lives from code in this function: closures out, and slot. */
    record Addr(int hops, int slot) {
    }

    Addr addr(Symbols.Ref ref) {
        FnScope f = this;
        int hops = 0;
        while (ref.level() < f.base && f.outer != null) {
            f = f.outer;
            hops++;
        }
        return new Addr(hops, f.slot(ref));
    }

    /** Hops to the outermost function (the root, owner of parent_template). */
    int hopsToRoot() {
        int h = 0;
        for (FnScope f = this; f.outer != null; f = f.outer) {
            h++;
        }
        return h;
    }
}
