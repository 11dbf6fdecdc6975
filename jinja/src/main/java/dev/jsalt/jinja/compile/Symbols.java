package dev.jsalt.jinja.compile;

import dev.jsalt.jinja.ast.Nodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Jinja2's compile-time scope analysis (jinja2/idtracking.py), ported faithfully because its quirks are
 * observable: a name assigned anywhere in a scope is that scope's own from the scope's start (so
 * {@code {% for %}{{ x }}{% endfor %}{% set x = 1 %}} reads an unassigned x, as Jinja2 does), loops and macros
 * copy outer names when they enter, and so on. A {@link Ref} is Jinja2's {@code l_<level>_<name>} identifier.
 */
final class Symbols {
    /** {@code l_<level>_<name>}. */
    record Ref(int level, String name) {
    }

    enum LoadKind { PARAMETER, RESOLVE, ALIAS, UNDEFINED }

    /** How a ref gets its value when its frame is entered. */
    record Load(LoadKind kind, Object param) {
    }

    final int level;
    final Symbols parent;
    Map<String, Ref> refs = new HashMap<>();
    LinkedHashMap<Ref, Load> loads = new LinkedHashMap<>();
    Set<String> stores = new HashSet<>();

    Symbols(Symbols parent, Integer level) {
        this.parent = parent;
        this.level = level != null ? level : parent == null ? 0 : parent.level + 1;
    }

    Symbols copy() {
        Symbols rv = new Symbols(parent, level);
        rv.refs = new HashMap<>(refs);
        rv.loads = new LinkedHashMap<>(loads);
        rv.stores = new HashSet<>(stores);
        return rv;
    }

    private Ref defineRef(String name, Load load) {
        Ref ident = new Ref(level, name);
        refs.put(name, ident);
        if (load != null) {
            loads.put(ident, load);
        }
        return ident;
    }

    Load findLoad(Ref target) {
        Load l = loads.get(target);
        if (l != null) {
            return l;
        }
        return parent != null ? parent.findLoad(target) : null;
    }

    Ref findRef(String name) {
        Ref r = refs.get(name);
        if (r != null) {
            return r;
        }
        return parent != null ? parent.findRef(name) : null;
    }

    Ref ref(String name) {
        Ref r = findRef(name);
        if (r == null) {
            throw new IllegalStateException("Tried to resolve a name to a reference that was unknown to the frame (" + name + ")");
        }
        return r;
    }

    void store(String name) {
        stores.add(name);
        if (!refs.containsKey(name)) {
            if (parent != null) {
                Ref outer = parent.findRef(name);
                if (outer != null) {
                    defineRef(name, new Load(LoadKind.ALIAS, outer));
                    return;
                }
            }
            defineRef(name, new Load(LoadKind.UNDEFINED, null));
        }
    }

    Ref declareParameter(String name) {
        stores.add(name);
        return defineRef(name, new Load(LoadKind.PARAMETER, null));
    }

    void load(String name) {
        if (findRef(name) == null) {
            defineRef(name, new Load(LoadKind.RESOLVE, name));
        }
    }

    void branchUpdate(List<Symbols> branches) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Symbols b : branches) {
            for (String target : b.stores) {
                if (stores.contains(target)) {
                    continue;
                }
                counts.merge(target, 1, Integer::sum);
            }
        }
        for (Symbols b : branches) {
            refs.putAll(b.refs);
            loads.putAll(b.loads);
            stores.addAll(b.stores);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() == branches.size()) {
                continue;
            }
            Ref target = findRef(e.getKey());
            if (parent != null) {
                Ref outer = parent.findRef(e.getKey());
                if (outer != null) {
                    loads.put(target, new Load(LoadKind.ALIAS, outer));
                    continue;
                }
            }
            loads.put(target, new Load(LoadKind.RESOLVE, e.getKey()));
        }
    }

    /** Jinja2's dump_stores: every stored name visible here, innermost first, each name's sorted order kept. */
    Map<String, Ref> dumpStores() {
        Map<String, Ref> rv = new LinkedHashMap<>();
        Symbols node = this;
        while (node != null) {
            for (String name : new TreeSet<>(node.stores)) {
                if (!rv.containsKey(name)) {
                    rv.put(name, findRef(name));
                }
            }
            node = node.parent;
        }
        return rv;
    }

    /** Jinja2's dump_param_targets (it only ever looks at this frame's loads, a Jinja2 quirk kept as is). */
    Set<Ref> dumpParamTargets() {
        Set<Ref> rv = new HashSet<>();
        for (Map.Entry<Ref, Load> e : loads.entrySet()) {
            if (e.getValue().kind() == LoadKind.PARAMETER) {
                rv.add(e.getKey());
            }
        }
        return rv;
    }

    // ---- RootVisitor ------------------------------------------------------------------------------------------

    /** Jinja2's analyze_node(node) for every node kind a frame is analyzed for. */
    void analyzeNode(Node node) {
        analyzeNode(node, "body");
    }

    void analyzeNode(Node node, String forBranch) {
        FrameVisitor v = new FrameVisitor(this);
        if (node instanceof Template || node instanceof Block || node instanceof Macro || node instanceof FilterBlock
                || node instanceof Scope || node instanceof If) {
            for (Node child : node.children()) {
                v.visit(child, false);
            }
        } else if (node instanceof AssignBlock a) {
            for (Stmt child : a.body()) {
                v.visit(child, false);
            }
        } else if (node instanceof CallBlock c) {
            for (Node child : childrenExcludingCall(c)) {
                v.visit(child, false);
            }
        } else if (node instanceof For f) {
            switch (forBranch) {
                case "body" -> {
                    v.visit(f.target(), true);
                    for (Stmt s : f.body()) {
                        v.visit(s, false);
                    }
                }
                case "else" -> {
                    for (Stmt s : f.orelse()) {
                        v.visit(s, false);
                    }
                }
                case "test" -> {
                    v.visit(f.target(), true);
                    if (f.test() != null) {
                        v.visit(f.test(), false);
                    }
                }
                default -> throw new IllegalStateException("Unknown for branch");
            }
        } else if (node instanceof With w) {
            for (Expr t : w.targets()) {
                v.visit(t, false);
            }
            for (Stmt s : w.body()) {
                v.visit(s, false);
            }
        } else {
            throw new IllegalStateException("Cannot find symbols for " + node.getClass().getSimpleName());
        }
    }

    private static List<Node> childrenExcludingCall(CallBlock c) {
        List<Node> out = new ArrayList<>();
        out.addAll(c.args());
        out.addAll(c.defaults());
        out.addAll(c.body());
        return out;
    }

    // ---- FrameSymbolVisitor -----------------------------------------------------------------------------------

    private static final class FrameVisitor {
        Symbols symbols;

        FrameVisitor(Symbols symbols) {
            this.symbols = symbols;
        }

        void visit(Node node, boolean storeAsParam) {
            if (node instanceof Name n) {
                if (storeAsParam || n.ctx().equals("param")) {
                    symbols.declareParameter(n.name());
                } else if (n.ctx().equals("store")) {
                    symbols.store(n.name());
                } else if (n.ctx().equals("load")) {
                    symbols.load(n.name());
                }
            } else if (node instanceof NSRef r) {
                symbols.load(r.name());
            } else if (node instanceof If i) {
                visit(i.test(), storeAsParam);
                Symbols original = symbols;
                Symbols body = inner(original, i.body(), storeAsParam);
                Symbols elifs = inner(original, i.elifs(), storeAsParam);
                Symbols orelse = inner(original, i.orelse(), storeAsParam);
                symbols.branchUpdate(List.of(body, elifs, orelse));
            } else if (node instanceof Macro m) {
                symbols.store(m.name());
            } else if (node instanceof Import im) {
                generic(im, storeAsParam);
                symbols.store(im.target());
            } else if (node instanceof FromImport fi) {
                generic(fi, storeAsParam);
                for (ImportName n : fi.names()) {
                    symbols.store(n.target());
                }
            } else if (node instanceof Assign a) {
                visit(a.node(), storeAsParam);
                visit(a.target(), storeAsParam);
            } else if (node instanceof For f) {
                visit(f.iter(), storeAsParam);
            } else if (node instanceof CallBlock c) {
                visit(c.call(), storeAsParam);
            } else if (node instanceof FilterBlock fb) {
                visit(fb.filter(), storeAsParam);
            } else if (node instanceof With w) {
                for (Expr v : w.values()) {
                    visit(v, false);
                }
            } else if (node instanceof AssignBlock ab) {
                visit(ab.target(), storeAsParam);
            } else if (node instanceof Scope || node instanceof Block) {
                // stop at scopes and blocks
            } else {
                generic(node, storeAsParam);
            }
        }

        private Symbols inner(Symbols original, List<? extends Node> nodes, boolean storeAsParam) {
            Symbols rv = original.copy();
            symbols = rv;
            for (Node n : nodes) {
                visit(n, storeAsParam);
            }
            symbols = original;
            return rv;
        }

        private void generic(Node node, boolean storeAsParam) {
            for (Node child : node.children()) {
                visit(child, storeAsParam);
            }
        }
    }

    // ---- find_undeclared ----------------------------------------------------------------------------------------

    /** Jinja2's find_undeclared: which of {@code names} are loaded before being declared (stops at blocks). */
    static Set<String> findUndeclared(List<? extends Node> nodes, Set<String> names) {
        Set<String> remaining = new HashSet<>(names);
        Set<String> undeclared = new HashSet<>();
        try {
            for (Node n : nodes) {
                undeclaredVisit(n, remaining, undeclared, names.size());
            }
        } catch (StopVisit ignored) {
            // all names found
        }
        return undeclared;
    }

    private static final class StopVisit extends RuntimeException {
        StopVisit() {
            super(null, null, false, false);
        }
    }

    private static void undeclaredVisit(Node node, Set<String> names, Set<String> undeclared, int total) {
        if (node instanceof Name n) {
            if (n.ctx().equals("load") && names.contains(n.name())) {
                undeclared.add(n.name());
                if (undeclared.equals(names)) {
                    throw new StopVisit();
                }
            } else {
                names.remove(n.name());
            }
            return;
        }
        if (node instanceof Block) {
            return;
        }
        for (Node child : node.children()) {
            undeclaredVisit(child, names, undeclared, total);
        }
    }
}
