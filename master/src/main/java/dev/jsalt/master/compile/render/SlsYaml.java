package dev.jsalt.master.compile.render;

import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.SourcePos;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The YAML half of the {@code jinja|yaml} pipeline. It keeps SnakeYAML's node tree so every key can be reported with
 * its line and column, and builds plain Java values (maps, lists, strings, numbers, booleans, null) on demand.
 *
 * <p>YAML 1.1 rules apply as in PyYAML (Salt): {@code yes}/{@code on} are booleans. Timestamps stay strings (they are
 * arguments for the minion, not dates). {@code !secret value} makes a secret token ({@link Secrets#mark}).
 */
public final class SlsYaml {
    public static final Tag SECRET_TAG = new Tag("!secret");

    private final String file;
    private final Values values;
    private final Yaml yaml;

    public SlsYaml(String file, Secrets secrets) {
        this.file = file;
        // Text size, nesting, aliases and what aliases expand to are all bounded (see YamlBounds, docs/security.md).
        LoaderOptions options = dev.jsalt.common.config.YamlBounds.options();
        this.values = new Values(options, secrets);
        DumperOptions dump = new DumperOptions();
        this.yaml = new Yaml(values, new Representer(dump), dump, options, new PyYamlResolver());
    }

    /**
     * Parses one YAML document; null for an empty one. {@code rendered} tells whether Jinja changed the text, in which
     * case errors also quote the rendered line (its number may differ from the source after loops).
     */
    public Node parse(String text, boolean rendered) {
        dev.jsalt.master.compile.CompileControl.current().check();
        try {
            Node root = yaml.compose(new StringReader(text));
            dev.jsalt.common.config.YamlBounds.check(root);
            return root;
        } catch (dev.jsalt.common.config.YamlBounds.Exceeded e) {
            throw new CompileException(SourcePos.of(file, e.mark()), "YAML error: " + e.getMessage());
        } catch (MarkedYAMLException e) {
            throw yamlError(e, text, rendered);
        } catch (YAMLException e) {
            throw new CompileException(file, 0, 0, "YAML error: " + oneLine(e.getMessage()));
        }
    }

    /** The plain Java value of a node (recursively). */
    public Object value(Node node) {
        try {
            return values.build(node);
        } catch (MarkedYAMLException e) {
            throw new CompileException(SourcePos.of(file, e.getProblemMark()), "YAML error: " + oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new CompileException(pos(node), "YAML error: " + oneLine(e.getMessage()));
        }
    }

    public SourcePos pos(Node node) {
        return SourcePos.of(file, node == null ? null : node.getStartMark());
    }

    public String file() {
        return file;
    }

    /** The text of a scalar node (keys, IDs, function names); an error naming {@code what} for anything else. */
    public String scalar(Node node, String what) {
        if (node instanceof ScalarNode s && !s.getTag().equals(SECRET_TAG)) return s.getValue();
        throw new CompileException(pos(node), what + " must be a plain value, found " + describe(node));
    }

    /** The entries of a mapping, refusing duplicate keys (SnakeYAML's node API does not check them). */
    public List<NodeTuple> entries(MappingNode map) {
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && !seen.add(k.getValue())) {
                throw new CompileException(pos(k), "duplicate key '" + k.getValue() + "'");
            }
        }
        return map.getValue();
    }

    public static String describe(Node node) {
        if (node == null) return "nothing";
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        if (node instanceof ScalarNode s) {
            if (s.getTag().equals(Tag.NULL)) return "an empty value";
            return "'" + s.getValue() + "'";
        }
        return "a " + node.getNodeId();
    }

    public static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
    }

    private CompileException yamlError(MarkedYAMLException e, String text, boolean rendered) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        StringBuilder msg = new StringBuilder("YAML error: ").append(oneLine(e.getProblem()));
        if (e.getContext() != null) msg.append(" (").append(oneLine(e.getContext())).append(')');
        if (rendered && mark != null) {
            String[] lines = text.split("\n", -1);
            if (mark.getLine() < lines.length) {
                msg.append(" in rendered line '").append(lines[mark.getLine()].strip()).append('\'');
            }
        }
        return new CompileException(SourcePos.of(file, mark), msg.toString());
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").strip();
    }

    /** SafeConstructor with jsalt's tweaks, exposing node → value construction. */
    private static final class Values extends SafeConstructor {
        Values(LoaderOptions options, Secrets secrets) {
            super(options);
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
            this.yamlConstructors.put(Tag.INT, new SaltInt());
            this.yamlConstructors.put(SECRET_TAG, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (!(node instanceof ScalarNode s)) {
                        throw new MarkedYAMLException(null, null, "!secret applies to a single value, not to " + describe(node),
                                node.getStartMark()) {
                        };
                    }
                    return secrets.mark(s.getValue());
                }
            });
        }

        Object build(Node node) {
            return constructObject(node);
        }

        /**
         * Salt's loader reads an integer written with leading zeros as decimal ({@code mode: 0644} is 644, as the author
         * meant, not YAML 1.1's octal 420); everything else as PyYAML does.
         */
        private final class SaltInt extends ConstructYamlInt {
            @Override
            public Object construct(Node node) {
                String v = ((ScalarNode) node).getValue();
                if (v.startsWith("0") && !v.equals("0") && !v.startsWith("0b") && !v.startsWith("0x")) {
                    String stripped = v.replaceFirst("^0+", "");
                    return super.construct(new ScalarNode(Tag.INT, stripped.isEmpty() ? "0" : stripped, node.getStartMark(),
                            node.getEndMark(), ((ScalarNode) node).getScalarStyle()));
                }
                return super.construct(node);
            }
        }
    }
}
