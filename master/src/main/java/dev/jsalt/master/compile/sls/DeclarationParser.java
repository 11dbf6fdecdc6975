package dev.jsalt.master.compile.sls;

import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.SourcePos;
import dev.jsalt.master.compile.render.Secrets;
import dev.jsalt.master.compile.render.SlsYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the top-level mapping of an SLS into {@link Declaration}s, {@code extend:} blocks and {@code exclude:}
 * entries. Both Salt forms are read: {@code pkg.installed: [args]} and {@code pkg: [installed, args]}. Unknown
 * functions, malformed arguments and unsupported requisites fail here, with the position of the offending key.
 */
public final class DeclarationParser {
    /** An {@code exclude:} entry: {@code - sls: name} or {@code - id: name}. */
    public record Exclusion(boolean sls, String value, SourcePos pos) {
    }

    /** What one SLS declares. */
    public record Parsed(List<Declaration> declarations, List<Declaration> extensions, List<Exclusion> exclusions) {
    }

    /** Salt's requisites (salt/state.py); the _in forms exist for the plain ones, prereq, listen and use. */
    private static final Map<String, RequisiteKind> REQUISITES = Map.ofEntries(
            Map.entry("require", RequisiteKind.REQUIRE), Map.entry("watch", RequisiteKind.WATCH),
            Map.entry("onchanges", RequisiteKind.ONCHANGES), Map.entry("onfail", RequisiteKind.ONFAIL),
            Map.entry("require_any", RequisiteKind.REQUIRE_ANY), Map.entry("watch_any", RequisiteKind.WATCH_ANY),
            Map.entry("onchanges_any", RequisiteKind.ONCHANGES_ANY), Map.entry("onfail_any", RequisiteKind.ONFAIL_ANY),
            Map.entry("onfail_all", RequisiteKind.ONFAIL_ALL), Map.entry("prereq", RequisiteKind.PREREQ),
            Map.entry("listen", RequisiteKind.LISTEN));
    private static final Set<String> REVERSIBLE = Set.of("require", "watch", "onchanges", "onfail", "prereq", "listen", "use");
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "onfail_stop", "onfail_stop is not supported by jsalt",
            "prerequired", "prerequired is internal to Salt; write prereq on the other state");

    private final FunctionCatalog catalog;
    private final java.util.function.Predicate<String> formulaStates;
    private int seq;

    public DeclarationParser(FunctionCatalog catalog) {
        this(catalog, m -> false);
    }

    /**
     * @param formulaStates whether the state tree holds a formula's own state module {@code _states/MODULE.py} (Python,
     *                      which jsalt does not run), for the error on a function jsalt does not know
     */
    public DeclarationParser(FunctionCatalog catalog, java.util.function.Predicate<String> formulaStates) {
        this.catalog = catalog;
        this.formulaStates = formulaStates;
    }

    public Parsed parse(LoadedSls sls) {
        List<Declaration> decls = new ArrayList<>();
        List<Declaration> extensions = new ArrayList<>();
        List<Exclusion> exclusions = new ArrayList<>();
        if (sls.root() == null) return new Parsed(decls, extensions, exclusions);
        SlsYaml y = sls.yaml();
        for (NodeTuple t : y.entries(sls.root())) {
            String key = y.scalar(t.getKeyNode(), "an ID");
            switch (key) {
                case "include" -> { } // followed by SlsLoader
                case "exclude" -> exclusions.addAll(exclusions(y, t.getValueNode()));
                case "extend" -> {
                    if (SlsYaml.isNull(t.getValueNode())) break;
                    if (!(t.getValueNode() instanceof MappingNode ext)) throw y.pos(t.getValueNode()).error("extend: must map IDs to states");
                    for (NodeTuple e : y.entries(ext)) {
                        extensions.addAll(stateBlock(y, sls.name(), y.scalar(e.getKeyNode(), "an ID"), e.getKeyNode(), e.getValueNode(), true));
                    }
                }
                default -> {
                    if (Secrets.mentionsSecret(key)) throw y.pos(t.getKeyNode()).error("a secret pillar value cannot be used as an ID");
                    decls.addAll(stateBlock(y, sls.name(), key, t.getKeyNode(), t.getValueNode(), false));
                }
            }
        }
        return new Parsed(decls, extensions, exclusions);
    }

    private List<Declaration> stateBlock(SlsYaml y, String sls, String id, Node idKey, Node body, boolean extend) {
        if (body instanceof ScalarNode s && !SlsYaml.isNull(s) && s.getValue().indexOf('.') > 0
                && !s.getTag().equals(SlsYaml.SECRET_TAG)) {
            // Salt's short form 'ID: file.touch': the state with no arguments.
            String key = s.getValue();
            int dot = key.indexOf('.');
            String module = key.substring(0, dot);
            String function = key.substring(dot + 1);
            checkFunction(module, function, y.pos(s));
            return List.of(new Declaration(id, module, function, sls, y.pos(idKey), y.pos(s), seq++));
        }
        if (!(body instanceof MappingNode map)) {
            throw y.pos(idKey).error("ID '" + id + "' must map to state declarations (like pkg.installed: []), found " + SlsYaml.describe(body));
        }
        List<Declaration> out = new ArrayList<>();
        Map<String, String> modules = new HashMap<>();
        for (NodeTuple t : y.entries(map)) {
            String key = y.scalar(t.getKeyNode(), "a state declaration");
            if (key.startsWith("__")) continue; // Salt's internal __sls__/__env__ markers
            Node value = t.getValueNode();
            String module;
            String function = null;
            SourcePos fnPos = y.pos(t.getKeyNode());
            List<Node> items = items(y, key, value);
            int dot = key.indexOf('.');
            if (dot > 0) {
                module = key.substring(0, dot);
                function = key.substring(dot + 1);
                for (Node item : items) {
                    if (item instanceof ScalarNode s) {
                        throw y.pos(item).error("'" + s.getValue() + "' under " + key + " is not an argument; arguments are '- key: value'");
                    }
                }
            } else {
                module = key;
                for (Node item : items) {
                    if (item instanceof ScalarNode s) {
                        if (function != null) {
                            throw y.pos(item).error("state '" + module + "' in ID '" + id + "' names two functions ('" + function + "' and '" + s.getValue() + "')");
                        }
                        function = s.getValue();
                        fnPos = y.pos(item);
                    }
                }
                if (function == null && !extend) {
                    throw y.pos(t.getKeyNode()).error("state '" + module + "' in ID '" + id + "' has no function (write " + module + ".<function> or list it)");
                }
            }
            String previous = modules.put(module, key);
            if (previous != null) {
                throw y.pos(t.getKeyNode()).error("ID '" + id + "' declares module '" + module + "' twice ('" + previous + "' and '" + key
                        + "'); use one function per module and ID");
            }
            if (function != null) checkFunction(module, function, fnPos);
            Declaration d = new Declaration(id, module, function, sls, y.pos(idKey), fnPos, seq++);
            for (Node item : items) {
                if (item instanceof MappingNode m) argument(y, d, m);
            }
            out.add(d);
        }
        return out;
    }

    private static List<Node> items(SlsYaml y, String key, Node value) {
        if (SlsYaml.isNull(value)) return List.of();
        if (value instanceof SequenceNode seq) return seq.getValue();
        throw y.pos(value).error("the arguments of '" + key + "' must be a list ('- key: value' lines), found " + SlsYaml.describe(value));
    }

    private void checkFunction(String module, String function, SourcePos pos) {
        if (catalog.exists(module, function)) return;
        var declared = catalog.spec(module, function);
        if (declared.isPresent()) throw pos.error(declared.get().notImplemented());
        if (formulaStates.test(module)) {
            throw pos.error("state function '" + module + "." + function + "' comes from the formula's own _states/" + module
                    + ".py: jsalt does not run Python state modules (use jsalt's own functions, see docs/states/sls.md)");
        }
        Set<String> fns = catalog.all().get(module);
        if (fns == null) {
            String hint = dev.jsalt.common.catalog.DidYouMean.of(module, catalog.catalog().declaredModules())
                    .map(m -> "did you mean '" + m + "'? ").orElse("");
            throw pos.error("unknown state module '" + module + "' (" + hint + "known modules: " + String.join(", ", catalog.all().keySet()) + ")");
        }
        String hint = dev.jsalt.common.catalog.DidYouMean.of(function, fns).map(f -> "did you mean '" + module + "." + f + "'? ").orElse("");
        throw pos.error("unknown state function '" + module + "." + function + "' (" + hint + "known: "
                + String.join(", ", fns.stream().map(f -> module + "." + f).toList()) + ")");
    }

    private void argument(SlsYaml y, Declaration d, MappingNode item) {
        // Salt takes every key of an argument item ('- {user: root, group: root}' is two arguments).
        for (NodeTuple t : y.entries(item)) argument(y, d, t);
    }

    private void argument(SlsYaml y, Declaration d, NodeTuple t) {
        String key = y.scalar(t.getKeyNode(), "an argument name");
        SourcePos pos = y.pos(t.getKeyNode());
        Node value = t.getValueNode();
        switch (key) {
            case "name" -> {
                if (!(value instanceof ScalarNode) || SlsYaml.isNull(value)) throw pos.error("name must be a single value");
                d.name = String.valueOf(y.value(value));
                d.namePos = pos;
            }
            case "names" -> d.names = names(y, d, value);
            case "order" -> {
                d.order = y.value(value);
                d.orderPos = pos;
            }
            case "failhard" -> {
                Object v = y.value(value);
                if (!(v instanceof Boolean b)) throw pos.error("failhard must be true or false");
                d.failhard = b;
                d.written.put(key, v);
            }
            default -> {
                if (requisite(y, key, pos, value, d.requisites)) {
                    d.written.put(key, y.value(value));
                } else {
                    if (d.args.containsKey(key) && "module".equals(d.module) && key.contains(".")) {
                        throw pos.error("module.run calls " + key + " twice in " + d.label() + "; use two states");
                    }
                    if (d.args.containsKey(key)) throw pos.error("argument '" + key + "' given twice for " + d.label());
                    d.args.put(key, argValue(y, d.module, key, value));
                    d.argPos.put(key, pos);
                }
            }
        }
    }

    private List<Declaration.NameItem> names(SlsYaml y, Declaration d, Node value) {
        if (!(value instanceof SequenceNode seq)) throw y.pos(value).error("names: must be a list");
        List<Declaration.NameItem> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s && !SlsYaml.isNull(s)) {
                out.add(new Declaration.NameItem(String.valueOf(y.value(s)), new LinkedHashMap<>(), Map.of(), List.of(), y.pos(item)));
            } else if (item instanceof MappingNode m && m.getValue().size() == 1) {
                NodeTuple t = m.getValue().get(0);
                String name = y.scalar(t.getKeyNode(), "a name");
                LinkedHashMap<String, Object> args = new LinkedHashMap<>();
                Map<String, SourcePos> argPos = new HashMap<>();
                List<RequisiteRef> reqs = new ArrayList<>();
                Node body = t.getValueNode();
                List<NodeTuple> pairs = new ArrayList<>();
                if (body instanceof MappingNode bm) {
                    pairs.addAll(y.entries(bm));
                } else if (body instanceof SequenceNode bs) {
                    for (Node n : bs.getValue()) {
                        if (!(n instanceof MappingNode nm) || nm.getValue().size() != 1) {
                            throw y.pos(n).error("arguments of name '" + name + "' must be '- key: value' pairs");
                        }
                        pairs.add(nm.getValue().get(0));
                    }
                } else if (!SlsYaml.isNull(body)) {
                    throw y.pos(body).error("arguments of name '" + name + "' must be a mapping or a list of '- key: value'");
                }
                for (NodeTuple p : pairs) {
                    String key = y.scalar(p.getKeyNode(), "an argument name");
                    SourcePos pos = y.pos(p.getKeyNode());
                    if (key.equals("name") || key.equals("names")) throw pos.error("'" + key + "' cannot be set per name");
                    if (!requisite(y, key, pos, p.getValueNode(), reqs)) {
                        args.put(key, argValue(y, d.module, key, p.getValueNode()));
                        argPos.put(key, pos);
                    }
                }
                out.add(new Declaration.NameItem(name, args, argPos, reqs, y.pos(item)));
            } else {
                throw y.pos(item).error("names: entries must be names or '- name: {args}', found " + SlsYaml.describe(item));
            }
        }
        return out;
    }

    /** The value of an ordinary argument, as Salt's YAML loader reads it ({@code mode: 0644} is 644, see SlsYaml). */
    private static Object argValue(SlsYaml y, String module, String key, Node value) {
        return y.value(value);
    }

    /** Parses {@code key} as a requisite into {@code out}; false when it is an ordinary argument. */
    private static boolean requisite(SlsYaml y, String key, SourcePos pos, Node value, List<RequisiteRef> out) {
        if (UNSUPPORTED.containsKey(key)) throw pos.error(UNSUPPORTED.get(key));
        boolean reverse = key.endsWith("_in");
        String base = reverse ? key.substring(0, key.length() - 3) : key;
        if (reverse && !REVERSIBLE.contains(base)) return false;
        RequisiteKind kind = REQUISITES.get(base);
        if (kind == null && !base.equals("use")) return false;
        List<Node> items = value instanceof SequenceNode s ? s.getValue() : List.of(value);
        for (Node item : items) {
            if (item instanceof ScalarNode s && !SlsYaml.isNull(s)) {
                out.add(new RequisiteRef(kind, reverse, null, s.getValue(), y.pos(item)));
            } else if (item instanceof MappingNode m) {
                for (NodeTuple t : y.entries(m)) {
                    String module = y.scalar(t.getKeyNode(), "a requisite module");
                    Node target = t.getValueNode();
                    List<Node> targets = target instanceof SequenceNode ts ? ts.getValue() : List.of(target);
                    for (Node tn : targets) {
                        out.add(new RequisiteRef(kind, reverse, module, y.scalar(tn, "a requisite target"), y.pos(t.getKeyNode())));
                    }
                }
            } else {
                throw y.pos(item).error(key + ": entries must be '- module: ID' or '- sls: name', found " + SlsYaml.describe(item));
            }
        }
        return true;
    }

    private static List<Exclusion> exclusions(SlsYaml y, Node value) {
        List<Exclusion> out = new ArrayList<>();
        if (SlsYaml.isNull(value)) return out;
        if (!(value instanceof SequenceNode seq)) throw y.pos(value).error("exclude: must be a list of '- sls: name' or '- id: name'");
        for (Node item : seq.getValue()) {
            if (item instanceof MappingNode m && m.getValue().size() == 1) {
                NodeTuple t = m.getValue().get(0);
                String kind = y.scalar(t.getKeyNode(), "exclude kind");
                if (kind.equals("sls") || kind.equals("id")) {
                    out.add(new Exclusion(kind.equals("sls"), y.scalar(t.getValueNode(), "an exclude target"), y.pos(item)));
                    continue;
                }
            }
            throw y.pos(item).error("exclude: entries must be '- sls: name' or '- id: name'");
        }
        return out;
    }
}
