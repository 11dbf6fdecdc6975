package dev.jsalt.common.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The bounds every YAML document a user writes is read under (state trees, pillar, runbooks, config files). SnakeYAML
 * bounds the text (code points), nesting and the number of aliases; what it does not bound is what aliases expand to:
 * 81 aliases, each naming a list of two of the one before, are 2^81 values once anything walks the result (an alias
 * bomb in state arguments ran a master out of heap). {@link #check} counts the values a document expands to, in time
 * linear in its nodes, and refuses it past {@link #MAX_EXPANDED}, as it refuses an alias that contains itself.
 */
public final class YamlBounds {
    /** Largest YAML text read, in code points. */
    public static final int MAX_CODE_POINTS = 8 * 1024 * 1024;
    /** Deepest nesting of mappings and lists. */
    public static final int MAX_NESTING = 64;
    /** Most aliases of collections in one document. */
    public static final int MAX_ALIASES = 50;
    /** Most values (scalars, lists, mappings) a document may expand to, aliases counted each time they are used. */
    public static final long MAX_EXPANDED = 1_000_000;

    private YamlBounds() {
    }

    /** A document over one of the bounds; {@code mark} is where (may be null). */
    public static final class Exceeded extends RuntimeException {
        private final transient Mark mark;

        public Exceeded(Mark mark, String problem) {
            super(problem);
            this.mark = mark;
        }

        public Mark mark() { return mark; }
    }

    /** Loader options with the bounds set (duplicate keys refused). */
    public static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        o.setMaxAliasesForCollections(MAX_ALIASES);
        o.setNestingDepthLimit(MAX_NESTING);
        o.setCodePointLimit(MAX_CODE_POINTS);
        o.setAllowRecursiveKeys(false);
        return o;
    }

    /** Refuses a document that expands past {@link #MAX_EXPANDED} values or whose aliases contain themselves. */
    public static void check(Node root) {
        if (root != null) count(root, new IdentityHashMap<>(), 0);
    }

    private static final long IN_PROGRESS = -1;

    private static long count(Node n, Map<Node, Long> memo, int depth) {
        Long known = memo.get(n);
        if (known != null) {
            if (known == IN_PROGRESS) throw new Exceeded(n.getStartMark(), "an alias contains itself (recursive YAML structure)");
            return known;
        }
        if (depth > MAX_NESTING * 4) {
            throw new Exceeded(n.getStartMark(), "YAML nested more than " + MAX_NESTING * 4 + " deep through aliases");
        }
        memo.put(n, IN_PROGRESS);
        long total = 1;
        if (n instanceof SequenceNode s) {
            for (Node c : s.getValue()) total = add(total, count(c, memo, depth + 1), c);
        } else if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                total = add(total, count(t.getKeyNode(), memo, depth + 1), t.getKeyNode());
                total = add(total, count(t.getValueNode(), memo, depth + 1), t.getValueNode());
            }
        }
        memo.put(n, total);
        return total;
    }

    private static long add(long a, long b, Node where) {
        long sum = a + b;
        if (sum > MAX_EXPANDED) {
            throw new Exceeded(where.getStartMark(), "YAML expands to more than " + MAX_EXPANDED
                    + " values through its aliases (an alias bomb?); the limit is " + MAX_EXPANDED);
        }
        return sum;
    }
}
