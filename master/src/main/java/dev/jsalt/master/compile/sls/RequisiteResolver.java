package dev.jsalt.master.compile.sls;

import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves requisites to resource keys. {@code - pkg: nginx} matches every pkg state whose ID or name is
 * {@code nginx} (all names of a {@code names:} list); a bare {@code - nginx} matches any module; {@code - sls: x}
 * matches every state of SLS x. {@code _in} forms are turned around onto their targets, so the document only carries
 * forward requisites. A reference that matches nothing is an error at the line it is written on.
 */
final class RequisiteResolver {
    private final Map<String, Map<String, List<Chunk>>> byModule = new HashMap<>();
    private final Map<String, List<Chunk>> byIdOrName = new HashMap<>();
    private final Map<String, List<Chunk>> bySls = new HashMap<>();
    private final Set<String> loadedSls;

    RequisiteResolver(List<Chunk> chunks, Set<String> loadedSls) {
        this.loadedSls = loadedSls;
        for (Chunk c : chunks) {
            Map<String, List<Chunk>> m = byModule.computeIfAbsent(c.decl.module, k -> new HashMap<>());
            for (String handle : handles(c)) {
                m.computeIfAbsent(handle, k -> new ArrayList<>()).add(c);
                byIdOrName.computeIfAbsent(handle, k -> new ArrayList<>()).add(c);
            }
            bySls.computeIfAbsent(c.decl.sls, k -> new ArrayList<>()).add(c);
        }
    }

    void resolve(List<Chunk> chunks) {
        for (Chunk c : chunks) {
            for (RequisiteRef ref : c.refs) {
                if (ref.isUse()) continue; // applied to the arguments before names were expanded
                for (Chunk target : targets(c, ref)) {
                    if (target == c) continue;
                    Chunk from = ref.reverse() ? target : c;
                    Chunk to = ref.reverse() ? c : target;
                    from.requisites.add(new Requisite(ref.kind(), to.key));
                    // prereq: the pre-required state runs after the one that pre-requires it, and not if that failed
                    if (ref.kind() == RequisiteKind.PREREQ) to.requisites.add(new Requisite(RequisiteKind.PREREQUIRED, from.key));
                }
            }
        }
    }

    private Collection<Chunk> targets(Chunk from, RequisiteRef ref) {
        List<Chunk> found;
        if (ref.isSls()) {
            if (!loadedSls.contains(ref.target())) {
                throw ref.pos().error("requisite '" + ref.describe() + "' of " + from.label() + " names SLS '" + ref.target()
                        + "', which is not part of this run (include it)");
            }
            found = bySls.getOrDefault(ref.target(), List.of());
        } else if (ref.module() == null) {
            found = byIdOrName.getOrDefault(ref.target(), List.of());
            if (found.isEmpty()) {
                throw ref.pos().error("requisite '" + ref.describe() + "' of " + from.label() + " matches no state ID or name in this run");
            }
        } else {
            found = byModule.getOrDefault(ref.module(), Map.of()).getOrDefault(ref.target(), List.of());
            if (found.isEmpty()) {
                throw ref.pos().error("requisite '" + ref.describe() + "' of " + from.label() + " matches no " + ref.module()
                        + " state with ID or name '" + ref.target() + "'" + hint(ref));
            }
        }
        return new LinkedHashSet<>(found);
    }

    private String hint(RequisiteRef ref) {
        List<Chunk> other = byIdOrName.getOrDefault(ref.target(), List.of());
        if (other.isEmpty()) return "";
        Map<String, Boolean> modules = new LinkedHashMap<>();
        for (Chunk c : other) modules.put(c.decl.module, true);
        return " (there is '" + ref.target() + "' for: " + String.join(", ", modules.keySet()) + ")";
    }

    private static Set<String> handles(Chunk c) {
        Set<String> s = new LinkedHashSet<>();
        s.add(c.decl.id);
        s.add(c.name);
        return s;
    }
}
