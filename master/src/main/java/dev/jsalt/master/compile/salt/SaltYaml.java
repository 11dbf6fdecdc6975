package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.JinjaObject;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.builtins.PySort;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyTuple;
import dev.jsalt.jinja.value.Undefined;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * YAML as Salt 3006.1 writes and reads it in templates.
 *
 * <ul>
 *   <li>{@link #safeDump}: {@code salt.utils.yaml.safe_dump(data, default_flow_style=...)}, i.e. PyYAML 6.0's
 *       {@code SafeRepresenter} (sorted keys of plain dicts, anchors for shared lists and dicts, Salt's
 *       {@code SafeOrderedDumper}: OrderedDicts in their order, anything else as {@code NULL}) with libyaml's
 *       emitter ({@code CSafeDumper}), {@code allow_unicode=True}, width 80.</li>
 *   <li>{@link #dquote}/{@link #squote}: {@code salt.utils.yamlencoding.yaml_dquote/yaml_squote}: PyYAML's Python
 *       {@code Emitter.write_double_quoted/write_single_quoted}, no unicode, unbounded width.</li>
 *   <li>{@link #encode}: {@code yaml_encode}.</li>
 *   <li>{@link #safeLoad}: {@code salt.utils.yaml.safe_load} ({@code SaltYamlSafeLoader}: YAML 1.1 implicit types
 *       as PyYAML resolves them, timestamps stay strings, {@code 010} is ten, duplicate keys refused, merge keys).</li>
 * </ul>
 *
 * <p>Dicts: a {@link PyDict} (every dict a template builds, {@code load_yaml} results, grains if the host passes
 * them as one) is Python's plain {@code dict}, dumped with sorted keys; any other {@link Map} is taken as Salt's
 * {@code OrderedDict} (Salt renders pillar and SLS data into OrderedDicts) and keeps its order.
 */
public final class SaltYaml {
    private SaltYaml() {
    }

    static final String STR = "tag:yaml.org,2002:str";
    static final String NULL = "tag:yaml.org,2002:null";
    static final String BOOL = "tag:yaml.org,2002:bool";
    static final String INT = "tag:yaml.org,2002:int";
    static final String FLOAT = "tag:yaml.org,2002:float";
    static final String SEQ = "tag:yaml.org,2002:seq";
    static final String MAP = "tag:yaml.org,2002:map";
    static final String MERGE = "tag:yaml.org,2002:merge";
    static final String TIMESTAMP = "tag:yaml.org,2002:timestamp";
    static final String VALUE = "tag:yaml.org,2002:value";
    static final String YAML = "tag:yaml.org,2002:yaml";

    // ---- PyYAML's resolver (yaml/resolver.py), Python's re.match semantics ($ also before a final \n) -------------

    private static final Pattern R_BOOL = Pattern.compile(
            "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", Pattern.UNIX_LINES);
    private static final Pattern R_FLOAT = Pattern.compile("^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
            + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
            + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
            + "|[-+]?\\.(?:inf|Inf|INF)"
            + "|\\.(?:nan|NaN|NAN))$", Pattern.UNIX_LINES);
    private static final Pattern R_INT = Pattern.compile("^(?:[-+]?0b[0-1_]+"
            + "|[-+]?0[0-7_]+"
            + "|[-+]?(?:0|[1-9][0-9_]*)"
            + "|[-+]?0x[0-9a-fA-F_]+"
            + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", Pattern.UNIX_LINES);
    private static final Pattern R_MERGE = Pattern.compile("^(?:<<)$", Pattern.UNIX_LINES);
    private static final Pattern R_NULL = Pattern.compile("^(?:~|null|Null|NULL|)$", Pattern.UNIX_LINES);
    private static final Pattern R_TIMESTAMP = Pattern.compile("^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
            + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
            + "(?:[Tt]|[ \\t]+)[0-9][0-9]?"
            + ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
            + "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$", Pattern.UNIX_LINES);
    private static final Pattern R_VALUE = Pattern.compile("^(?:=)$", Pattern.UNIX_LINES);
    private static final Pattern R_YAML = Pattern.compile("^(?:!|&|\\*)$", Pattern.UNIX_LINES);

    /** The tag PyYAML's Resolver gives a plain scalar (implicit resolution, first character dispatch). */
    static String resolvePlain(String value) {
        char c = value.isEmpty() ? '\0' : value.charAt(0);
        if (value.isEmpty()) {
            return R_NULL.matcher(value).lookingAt() ? NULL : STR;
        }
        if ("yYnNtTfFoO".indexOf(c) >= 0 && R_BOOL.matcher(value).lookingAt()) {
            return BOOL;
        }
        if ("-+0123456789.".indexOf(c) >= 0 && R_FLOAT.matcher(value).lookingAt()) {
            return FLOAT;
        }
        if ("-+0123456789".indexOf(c) >= 0 && R_INT.matcher(value).lookingAt()) {
            return INT;
        }
        if (c == '<' && R_MERGE.matcher(value).lookingAt()) {
            return MERGE;
        }
        if ("~nN".indexOf(c) >= 0 && R_NULL.matcher(value).lookingAt()) {
            return NULL;
        }
        if ("0123456789".indexOf(c) >= 0 && R_TIMESTAMP.matcher(value).lookingAt()) {
            return TIMESTAMP;
        }
        if (c == '=' && R_VALUE.matcher(value).lookingAt()) {
            return VALUE;
        }
        if ("!&*".indexOf(c) >= 0 && R_YAML.matcher(value).lookingAt()) {
            return YAML;
        }
        return STR;
    }

    // ---- representation (PyYAML SafeRepresenter + Salt's SafeOrderedDumper) ------------------------------------

    private abstract static class RNode {
        final String tag;

        RNode(String tag) {
            this.tag = tag;
        }
    }

    private static final class RScalar extends RNode {
        final String value;

        RScalar(String tag, String value) {
            super(tag);
            this.value = value;
        }
    }

    private static final class RSeq extends RNode {
        final List<RNode> items = new ArrayList<>();
        boolean flow;

        RSeq(String tag) {
            super(tag);
        }
    }

    private static final class RMap extends RNode {
        final List<RNode[]> pairs = new ArrayList<>();
        boolean flow;

        RMap(String tag) {
            super(tag);
        }
    }

    private static final class Representer2 {
        final Boolean defaultFlowStyle;
        final IdentityHashMap<Object, RNode> represented = new IdentityHashMap<>();

        Representer2(Boolean defaultFlowStyle) {
            this.defaultFlowStyle = defaultFlowStyle;
        }

        static boolean ignoreAliases(Object data) {
            return data == null || data instanceof Boolean || Num.isNumber(data) || data instanceof String || data instanceof Markup
                    || (data instanceof PyTuple t && t.isEmpty());
        }

        RNode represent(Object data) {
            boolean alias = !ignoreAliases(data);
            if (alias) {
                RNode seen = represented.get(data);
                if (seen != null) {
                    return seen;
                }
            }
            RNode node;
            if (data == null) {
                node = new RScalar(NULL, "null");
            } else if (data instanceof Boolean b) {
                node = new RScalar(BOOL, b ? "true" : "false");
            } else if (Num.isInt(data)) {
                node = new RScalar(INT, Num.intStr(data));
            } else if (Num.isFloat(data) || data instanceof java.math.BigDecimal) {
                node = new RScalar(FLOAT, floatText(Num.toDouble(data)));
            } else if (data instanceof String s) {
                node = new RScalar(STR, s);
            } else if (data instanceof List<?> l) {
                // list and tuple alike (SafeRepresenter.represent_list)
                RSeq seq = new RSeq(SEQ);
                if (alias) {
                    represented.put(data, seq);
                }
                boolean best = true;
                for (Object item : new ArrayList<>(l)) {
                    RNode n = represent(item);
                    if (!(n instanceof RScalar)) {
                        best = false;
                    }
                    seq.items.add(n);
                }
                seq.flow = defaultFlowStyle != null ? defaultFlowStyle : best;
                return seq;
            } else if (data instanceof Map<?, ?> m) {
                RMap map = new RMap(MAP);
                if (alias) {
                    represented.put(data, map);
                }
                List<Object[]> items = new ArrayList<>();
                for (Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(m); it.hasNext(); ) {
                    Map.Entry<?, ?> e = it.next();
                    items.add(new Object[] {e.getKey(), e.getValue()});
                }
                if (m instanceof PyDict) {
                    items = sortedItems(items);
                }
                boolean best = true;
                for (Object[] kv : items) {
                    RNode k = represent(kv[0]);
                    RNode v = represent(kv[1]);
                    if (!(k instanceof RScalar) || !(v instanceof RScalar)) {
                        best = false;
                    }
                    map.pairs.add(new RNode[] {k, v});
                }
                map.flow = defaultFlowStyle != null ? defaultFlowStyle : best;
                return map;
            } else if (data instanceof JinjaObject o && !(data instanceof Undefined)) {
                // a jsalt host value (a secret pillar value): its text, as a str
                node = new RScalar(STR, o.str());
            } else {
                // Markup, Undefined, generators, ranges, macros...: SafeOrderedDumper's represent_undefined
                node = new RScalar(NULL, "NULL");
            }
            if (alias) {
                represented.put(data, node);
            }
            return node;
        }
    }

    /** sorted(mapping.items()), left as it is on a TypeError (PyYAML's represent_mapping). */
    static List<Object[]> sortedItems(List<Object[]> items) {
        List<Object> tuples = new ArrayList<>(items.size());
        for (Object[] kv : items) {
            tuples.add(PyTuple.of(kv[0], kv[1]));
        }
        try {
            List<Object> sorted = PySort.sorted(tuples, null, false);
            List<Object[]> out = new ArrayList<>(sorted.size());
            for (Object t : sorted) {
                PyTuple pt = (PyTuple) t;
                out.add(new Object[] {pt.get(0), pt.get(1)});
            }
            return out;
        } catch (dev.jsalt.jinja.PythonError e) {
            return items;
        }
    }

    /** SafeRepresenter.represent_float. */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        String value = Num.floatRepr(d).toLowerCase(Locale.ROOT);
        if (!value.contains(".") && value.contains("e")) {
            value = value.replaceFirst("e", ".0e");
        }
        return value;
    }

    // ---- serialization (anchors as the Cython CEmitter names them) -------------------------------------------

    private static final class Serializer {
        final IdentityHashMap<RNode, String> anchors = new IdentityHashMap<>();
        final IdentityHashMap<RNode, Boolean> serialized = new IdentityHashMap<>();
        int lastAlias;
        final List<YamlEmitter.Event> events = new ArrayList<>();

        void anchorNode(RNode node) {
            if (anchors.containsKey(node)) {
                if (anchors.get(node) == null) {
                    lastAlias++;
                    anchors.put(node, String.format("id%03d", lastAlias));
                }
                return;
            }
            anchors.put(node, null);
            if (node instanceof RSeq s) {
                for (RNode n : s.items) {
                    anchorNode(n);
                }
            } else if (node instanceof RMap m) {
                for (RNode[] kv : m.pairs) {
                    anchorNode(kv[0]);
                    anchorNode(kv[1]);
                }
            }
        }

        void serializeNode(RNode node) {
            String anchor = anchors.get(node);
            if (serialized.containsKey(node)) {
                events.add(new YamlEmitter.Alias(anchor));
                return;
            }
            serialized.put(node, Boolean.TRUE);
            if (node instanceof RScalar s) {
                boolean plainImplicit = resolvePlain(s.value).equals(s.tag);
                boolean quotedImplicit = STR.equals(s.tag);
                events.add(new YamlEmitter.Scalar(anchor, s.tag, plainImplicit, quotedImplicit, s.value, YamlEmitter.Style.PLAIN));
            } else if (node instanceof RSeq s) {
                events.add(new YamlEmitter.SeqStart(anchor, s.tag, SEQ.equals(s.tag), s.flow));
                for (RNode n : s.items) {
                    serializeNode(n);
                }
                events.add(new YamlEmitter.SeqEnd());
            } else if (node instanceof RMap m) {
                events.add(new YamlEmitter.MapStart(anchor, m.tag, MAP.equals(m.tag), m.flow));
                for (RNode[] kv : m.pairs) {
                    serializeNode(kv[0]);
                    serializeNode(kv[1]);
                }
                events.add(new YamlEmitter.MapEnd());
            }
        }
    }

    /**
     * {@code salt.utils.yaml.safe_dump(data, default_flow_style=flowStyle)}: the whole document text, with its final
     * newline (the {@code yaml} filter strips it).
     *
     * @param defaultFlowStyle true: flow style everywhere; false: block style; null: PyYAML's choice (flow for
     *                         collections of scalars only)
     */
    public static String safeDump(Object data, Boolean defaultFlowStyle) {
        RNode root = new Representer2(defaultFlowStyle).represent(data);
        Serializer s = new Serializer();
        s.events.add(new YamlEmitter.StreamStart());
        s.events.add(new YamlEmitter.DocStart(true));
        s.anchorNode(root);
        s.serializeNode(root);
        s.events.add(new YamlEmitter.DocEnd(true));
        s.events.add(new YamlEmitter.StreamEnd());
        return new YamlEmitter(true, 80).emit(s.events);
    }

    // ---- yaml_dquote / yaml_squote / yaml_encode (PyYAML's Python emitter, allow_unicode off) ------------------

    /** PyYAML Emitter.write_double_quoted with allow_unicode=False and an unbounded width. */
    public static String dquote(String text) {
        StringBuilder b = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            boolean plain = c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
            if (plain) {
                b.appendCodePoint(c);
                return;
            }
            String rep = switch (c) {
                case 0x00 -> "0";
                case 0x07 -> "a";
                case 0x08 -> "b";
                case 0x09 -> "t";
                case 0x0A -> "n";
                case 0x0B -> "v";
                case 0x0C -> "f";
                case 0x0D -> "r";
                case 0x1B -> "e";
                case 0x22 -> "\"";
                case 0x5C -> "\\";
                case 0x85 -> "N";
                case 0xA0 -> "_";
                case 0x2028 -> "L";
                case 0x2029 -> "P";
                default -> c <= 0xFF ? String.format("x%02X", c) : c <= 0xFFFF ? String.format("u%04X", c) : String.format("U%08X", c);
            };
            b.append('\\').append(rep);
        });
        return b.append('"').toString();
    }

    /** PyYAML Emitter.write_single_quoted, from a fresh emitter (indent 0) with an unbounded width. */
    public static String squote(String text) {
        StringBuilder b = new StringBuilder("'");
        int[] cps = text.codePoints().toArray();
        int n = cps.length;
        boolean spaces = false;
        boolean breaks = false;
        int start = 0;
        for (int end = 0; end <= n; end++) {
            Integer ch = end < n ? cps[end] : null;
            if (spaces) {
                if (ch == null || ch != ' ') {
                    appendCps(b, cps, start, end);
                    start = end;
                }
            } else if (breaks) {
                if (ch == null || !isPyBreak(ch)) {
                    if (cps[start] == '\n') {
                        b.append('\n');
                    }
                    for (int k = start; k < end; k++) {
                        b.appendCodePoint(cps[k] == '\n' ? '\n' : cps[k]);
                    }
                    start = end;
                }
            } else {
                if (ch == null || ch == ' ' || isPyBreak(ch) || ch == '\'') {
                    if (start < end) {
                        appendCps(b, cps, start, end);
                        start = end;
                    }
                }
            }
            if (ch != null && ch == '\'') {
                b.append("''");
                start = end + 1;
            }
            if (ch != null) {
                spaces = ch == ' ';
                breaks = isPyBreak(ch);
            }
        }
        return b.append('\'').toString();
    }

    private static boolean isPyBreak(int c) {
        return c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    private static void appendCps(StringBuilder b, int[] cps, int from, int to) {
        for (int k = from; k < to; k++) {
            b.appendCodePoint(cps[k]);
        }
    }

    /** Salt's yaml_encode: a scalar's YAML text (strings double-quoted); collections are a TypeError. */
    public static String encode(Object data) {
        if (data instanceof JinjaObject o && !(data instanceof Undefined)) {
            return dquote(o.str());
        }
        if (data instanceof List<?> || data instanceof Map<?, ?>) {
            throw Py.typeError("yaml_encode() only works with YAML scalar data; failed for <class '" + Py.typeName(data) + "'>");
        }
        if (data == null) {
            return "null";
        }
        if (data instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (Num.isInt(data)) {
            return Num.intStr(data);
        }
        if (Num.isFloat(data) || data instanceof java.math.BigDecimal) {
            return floatText(Num.toDouble(data));
        }
        if (data instanceof String s) {
            return dquote(s);
        }
        throw new TemplateRuntimeError("('cannot represent an object', " + Py.repr(data) + ")");
    }

    // ---- loading (salt.utils.yaml.safe_load / SaltYamlSafeLoader) -----------------------------------------------

    /** A YAML error, with Salt's wording. */
    public static final class YamlLoadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        YamlLoadException(String message) {
            super(message);
        }
    }

    private static final class PyResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            // resolution is done by resolve() below
        }

        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (kind == NodeId.scalar && implicit) {
                return new Tag(resolvePlain(value));
            }
            return switch (kind) {
                case scalar -> Tag.STR;
                case sequence -> Tag.SEQ;
                default -> Tag.MAP;
            };
        }
    }

    /**
     * Parses one YAML document as Salt's loader does; dicts are {@link PyDict} (plain dicts), or insertion-ordered
     * {@link LinkedHashMap}s with {@code ordered} (Salt's {@code OrderedDict} loader of the yaml renderer).
     *
     * @throws YamlLoadException on bad YAML, with Salt's text ({@code load_yaml} wraps it in a TemplateRuntimeError)
     */
    public static Object safeLoad(String text, boolean ordered) {
        LoaderOptions lo = new LoaderOptions();
        lo.setMaxAliasesForCollections(Integer.MAX_VALUE);
        lo.setAllowRecursiveKeys(true);
        lo.setCodePointLimit(Integer.MAX_VALUE);
        DumperOptions dop = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(lo), new Representer(dop), dop, lo, new PyResolver());
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new YamlLoadException(e.getProblem() + (e.getProblemMark() != null ? " (line " + (e.getProblemMark().getLine() + 1) + ")" : ""));
        } catch (YAMLException e) {
            throw new YamlLoadException(String.valueOf(e.getMessage()));
        }
        if (root == null) {
            return null;
        }
        return new Constructor2(ordered).construct(root);
    }

    private static final Pattern U_LITERAL = Pattern.compile("^u([\"'])(.*)\\1$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL | Pattern.UNIX_LINES);

    private static final class Constructor2 {
        final boolean ordered;
        final IdentityHashMap<Node, Object> built = new IdentityHashMap<>();

        Constructor2(boolean ordered) {
            this.ordered = ordered;
        }

        Object construct(Node node) {
            if (built.containsKey(node)) {
                return built.get(node);
            }
            String tag = node.getTag().getValue();
            if (node instanceof ScalarNode s) {
                Object v = scalar(tag, s.getValue());
                built.put(node, v);
                return v;
            }
            if (node instanceof SequenceNode s) {
                if (!SEQ.equals(tag)) {
                    throw noConstructor(tag);
                }
                List<Object> list = new ArrayList<>();
                built.put(node, list);
                for (Node n : s.getValue()) {
                    list.add(construct(n));
                }
                return list;
            }
            MappingNode m = (MappingNode) node;
            if (!MAP.equals(tag)) {
                throw noConstructor(tag);
            }
            Map<Object, Object> map = ordered ? new LinkedHashMap<>() : new PyDict();
            built.put(node, map);
            flattenMapping(m);
            for (NodeTuple t : m.getValue()) {
                Object key = construct(t.getKeyNode());
                if (key instanceof List<?> || key instanceof Map<?, ?>) {
                    throw new YamlLoadException("while constructing a mapping: found unacceptable key "
                            + (t.getKeyNode() instanceof ScalarNode ks ? ks.getValue() : Py.str(key)));
                }
                Object value = construct(t.getValueNode());
                if (containsKey(map, key)) {
                    throw new YamlLoadException("while constructing a mapping: found conflicting ID '" + Py.str(key) + "'");
                }
                Py.mapPut(map, key, value);
            }
            return map;
        }

        private static boolean containsKey(Map<Object, Object> map, Object key) {
            for (Object k : map.keySet()) {
                if (Py.eq(k, key)) {
                    return true;
                }
            }
            return false;
        }

        /** SaltYamlSafeLoader.flatten_mapping: merge keys, later keys of the mapping win. */
        private void flattenMapping(MappingNode node) {
            List<NodeTuple> merge = new ArrayList<>();
            List<NodeTuple> value = new ArrayList<>(node.getValue());
            int index = 0;
            while (index < value.size()) {
                NodeTuple t = value.get(index);
                Node keyNode = t.getKeyNode();
                Node valueNode = t.getValueNode();
                if (MERGE.equals(keyNode.getTag().getValue())) {
                    value.remove(index);
                    if (valueNode instanceof MappingNode vm) {
                        flattenMapping(vm);
                        merge.addAll(vm.getValue());
                    } else if (valueNode instanceof SequenceNode vs) {
                        List<List<NodeTuple>> sub = new ArrayList<>();
                        for (Node subnode : vs.getValue()) {
                            if (!(subnode instanceof MappingNode sm)) {
                                throw new YamlLoadException("while constructing a mapping: expected a mapping for merging, but found "
                                        + subnode.getNodeId());
                            }
                            flattenMapping(sm);
                            sub.add(sm.getValue());
                        }
                        java.util.Collections.reverse(sub);
                        for (List<NodeTuple> v : sub) {
                            merge.addAll(v);
                        }
                    } else {
                        throw new YamlLoadException("while constructing a mapping: expected a mapping or list of mappings for merging, but found "
                                + valueNode.getNodeId());
                    }
                } else if (VALUE.equals(keyNode.getTag().getValue())) {
                    keyNode.setTag(Tag.STR);
                    index++;
                } else {
                    index++;
                }
            }
            if (!merge.isEmpty()) {
                List<String> existing = new ArrayList<>();
                for (NodeTuple t : value) {
                    existing.add(t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null);
                }
                List<NodeTuple> out = new ArrayList<>();
                for (NodeTuple t : merge) {
                    if (!(t.getKeyNode() instanceof ScalarNode s && existing.contains(s.getValue()))) {
                        out.add(t);
                    }
                }
                out.addAll(value);
                value = out;
            }
            node.setValue(value);
        }

        private Object scalar(String tag, String value) {
            switch (tag) {
                case NULL:
                    return null;
                case BOOL:
                    return switch (value.toLowerCase(Locale.ROOT)) {
                        case "yes", "true", "on" -> Boolean.TRUE;
                        default -> Boolean.FALSE;
                    };
                case INT:
                    return constructInt(value);
                case FLOAT:
                    return constructFloat(value);
                case STR: {
                    Matcher m = U_LITERAL.matcher(value);
                    if (m.find()) {
                        return m.group(2);
                    }
                    return value;
                }
                case TIMESTAMP:
                    return value;
                default:
                    throw noConstructor(tag);
            }
        }

        private static YamlLoadException noConstructor(String tag) {
            String shown = tag.startsWith("tag:yaml.org,2002:") ? "tag:yaml.org,2002:" + tag.substring(18) : tag;
            return new YamlLoadException("could not determine a constructor for the tag '" + shown + "'");
        }
    }

    /** SaltYamlSafeLoader.construct_scalar (leading zeros dropped) then SafeConstructor.construct_yaml_int. */
    static Object constructInt(String raw) {
        String value = raw;
        if (!value.equals("0") && value.startsWith("0") && !value.startsWith("0b") && !value.startsWith("0x")) {
            value = value.replaceFirst("^0+", "");
            if (value.isEmpty()) {
                value = "0";
            }
        }
        value = value.replace("_", "");
        int sign = 1;
        if (value.startsWith("-")) {
            sign = -1;
        }
        if (!value.isEmpty() && (value.charAt(0) == '-' || value.charAt(0) == '+')) {
            value = value.substring(1);
        }
        BigInteger r;
        if (value.equals("0")) {
            return 0L;
        } else if (value.startsWith("0b")) {
            r = new BigInteger(value.substring(2), 2);
        } else if (value.startsWith("0x")) {
            r = new BigInteger(value.substring(2), 16);
        } else if (value.startsWith("0")) {
            r = new BigInteger(value, 8);
        } else if (value.contains(":")) {
            String[] digits = value.split(":");
            r = BigInteger.ZERO;
            BigInteger base = BigInteger.ONE;
            for (int i = digits.length - 1; i >= 0; i--) {
                r = r.add(new BigInteger(digits[i]).multiply(base));
                base = base.multiply(BigInteger.valueOf(60));
            }
        } else {
            r = new BigInteger(value);
        }
        return Num.norm(sign < 0 ? r.negate() : r);
    }

    /** SafeConstructor.construct_yaml_float. */
    static Object constructFloat(String raw) {
        String value = raw.replace("_", "").toLowerCase(Locale.ROOT);
        double sign = 1;
        if (value.startsWith("-")) {
            sign = -1;
        }
        if (value.startsWith("-") || value.startsWith("+")) {
            value = value.substring(1);
        }
        if (value.equals(".inf")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (value.equals(".nan")) {
            return Double.NaN;
        }
        if (value.contains(":")) {
            String[] digits = value.split(":");
            double r = 0;
            double base = 1;
            for (int i = digits.length - 1; i >= 0; i--) {
                r += Double.parseDouble(digits[i]) * base;
                base *= 60;
            }
            return sign * r;
        }
        return sign * Double.parseDouble(value);
    }

    /** Copies a value into plain Java collections (for hosts that want no engine types). */
    static Object plain(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(plain(k), plain(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            for (Object x : c) {
                out.add(plain(x));
            }
            return out;
        }
        return v;
    }
}
